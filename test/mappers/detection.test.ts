import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { allExtraMappers } from '../../mappers/extra.js';
import { CORPUS, ROOT } from './helpers.js';

const ZULIP = `${CORPUS}/zulip/zerver/tests/fixtures`;
const RC_FILES = `${CORPUS}/Rocket.Chat/apps/meteor/tests/e2e/fixtures/files`;

/** Every sample and the one kind that must claim it. */
const SAMPLES: [string, string][] = [
  [join(ROOT, 'fixtures/csv/messages.csv'), 'csv'],
  [join(ROOT, 'fixtures/csv/no-header-semicolon.csv'), 'csv'],
  [join(ROOT, 'fixtures/csv'), 'csv'],
  [join(ROOT, 'fixtures/rocketchat/export'), 'rocketchat'],
  [join(ROOT, 'fixtures/rocketchat/export.zip'), 'rocketchat'],
  [join(ROOT, 'fixtures/json/export.json'), 'json'],
  [join(ROOT, 'fixtures/json/export.jsonl'), 'json'],
  [`${ZULIP}/mattermost_fixtures/export.json`, 'mattermost'],
  [`${ZULIP}/mattermost_fixtures/direct_channel/export.json`, 'mattermost'],
  [`${ZULIP}/microsoft_teams_fixtures`, 'teams'],
  [`${ZULIP}/microsoft_teams_fixtures/TeamsData_ZulipChat`, 'teams'],
  [join(ROOT, 'fixtures/teams/TeamsExport'), 'teams'],
  [`${CORPUS}/chat-miner/test/telegram/test_single_export.json`, 'telegram'],
  [`${CORPUS}/chat-miner/test/telegram/test_batch_export.json`, 'telegram'],
  [join(ROOT, 'fixtures/telegram/ChatExport'), 'telegram'],
  [join(ROOT, 'fixtures/telegram/ChatExport/result.json'), 'telegram'],
];

/** Files none of these sources may claim (Slack's, other tools', other formats). */
const FOREIGN: string[] = [
  `${CORPUS}/slack-export-viewer/tests/testarchive.zip`,
  `${ZULIP}/slack_fixtures/test_slack_importer`,
  `${ZULIP}/slack_fixtures/channels.json`,
  `${ZULIP}/slack_fixtures/test_slack_importer/random/2017-06-25.json`,
  `${RC_FILES}/slack_export_users.csv`,
  `${RC_FILES}/dm_messages.csv`,
  `${RC_FILES}/csv_import_users.csv`,
  `${CORPUS}/chat-miner/test/telegram/target.json`,
  `${CORPUS}/chat-miner/test/whatsapp/test_yyyymmdd_24hrs.txt`,
  join(ROOT, 'fixtures/json/files/notes.txt'),
  join(ROOT, 'fixtures/teams/TeamsExport/users/usersList.json'),
  join(ROOT, 'no-such-path.csv'),
];

async function claims(path: string): Promise<string[]> {
  const kinds: string[] = [];
  for (const mapper of allExtraMappers) if (await mapper.detect(path)) kinds.push(mapper.kind);
  return kinds;
}

describe('source detection', () => {
  it('lists the extra mappers in detection order', () => {
    expect(allExtraMappers.map((m) => m.kind)).toEqual(['rocketchat', 'teams', 'mattermost', 'telegram', 'json', 'csv']);
  });

  it.each(SAMPLES)('%s is claimed by %s only', async (path, kind) => {
    expect(await claims(path)).toEqual([kind]);
  });

  it.each(FOREIGN)('%s is claimed by none', async (path) => {
    expect(await claims(path)).toEqual([]);
  });
});

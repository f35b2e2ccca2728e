import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { allExtraMappers } from '../../mappers/extra.js';
import { FIXTURES } from './helpers.js';

const at = (path: string) => join(FIXTURES, path);

/** Every sample and the one kind that must claim it. */
const SAMPLES: [string, string][] = [
  [at('csv/messages.csv'), 'csv'],
  [at('csv/no-header-semicolon.csv'), 'csv'],
  [at('csv'), 'csv'],
  [at('rocketchat/export'), 'rocketchat'],
  [at('rocketchat/export.zip'), 'rocketchat'],
  [at('json/export.json'), 'json'],
  [at('json/export.jsonl'), 'json'],
  [at('mattermost/export.jsonl'), 'mattermost'],
  [at('mattermost/zulip/export.json'), 'mattermost'],
  [at('mattermost/zulip/direct_channel/export.json'), 'mattermost'],
  [at('teams/zulip/microsoft_teams_fixtures'), 'teams'],
  [at('teams/zulip/microsoft_teams_fixtures/TeamsData_ZulipChat'), 'teams'],
  [at('teams/TeamsExport'), 'teams'],
  [at('chat-miner/telegram/test_single_export.json'), 'telegram'],
  [at('chat-miner/telegram/test_batch_export.json'), 'telegram'],
  [at('telegram/ChatExport'), 'telegram'],
  [at('telegram/ChatExport/result.json'), 'telegram'],
];

/** Files none of these sources may claim (Slack's, other tools', other formats). */
const FOREIGN: string[] = [
  at('slack/testarchive.zip'),
  at('slack/zulip/slack_fixtures/test_slack_importer'),
  at('slack/zulip/slack_fixtures/channels.json'),
  at('slack/zulip/slack_fixtures/test_slack_importer/random/2017-06-25.json'),
  at('rocketchat/slack_export_users.csv'),
  // Rocket.Chat's dm_messages.csv and csv_import_users.csv, alone (outside their export folder).
  at('rocketchat/export/directMessages/messages.csv'),
  at('rocketchat/export/users.csv'),
  at('chat-miner/telegram/target.json'),
  at('chat-miner/whatsapp/test_yyyymmdd_24hrs.txt'),
  at('json/files/notes.txt'),
  at('teams/TeamsExport/users/usersList.json'),
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

  // A missing sample would be claimed by none: each listed file must exist, or the check proves nothing.
  it.each(SAMPLES)('%s is claimed by %s only', async (path, kind) => {
    expect(existsSync(path), `${path} is missing`).toBe(true);
    expect(await claims(path)).toEqual([kind]);
  });

  it.each(FOREIGN)('%s is claimed by none', async (path) => {
    expect(existsSync(path), `${path} is missing`).toBe(true);
    expect(await claims(path)).toEqual([]);
  });

  it('claims no path that does not exist', async () => {
    expect(await claims(at('no-such-path.csv'))).toEqual([]);
  });
});

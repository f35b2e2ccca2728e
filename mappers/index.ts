// The registry of sources: the one place that lists them, and the only module of mappers/ the core imports.
// Detection tries them in this order; adding a source is one folder under mappers/ and one line here.
import type { SourceMapper } from '../src/model.js';
import { slackMapper } from './slack/index.js';
import { allExtraMappers } from './extra.js';

// What the core needs besides the mappers: reading `--users`, and opening the export once (a damaged zip is told
// before detection, and detection and the mapper share the zip's one listing).
export { loadUserMapFile } from './shared/user-map.js';
export { openSourceInput, type SourceInput } from './shared/source-input.js';
export type { SourceTree } from './shared/source-tree.js';
/** The --csv-delimiter and --csv-encoding checks, for the command line to refuse a bad value before detection. */
export { checkDelimiter, checkEncoding } from './csv/decode.js';
/** What an input no kind recognizes looks like, when it looks like something: one Slack channel's day files. */
export { oneChannelHint as layoutHint } from './slack/read.js';

export const MAPPERS: readonly SourceMapper[] = [slackMapper, ...allExtraMappers];

/** What each kind's export looks like, for "X is not a KIND export: expected …" (full layouts: docs/sources.md). */
export const EXPECTED_LAYOUT: Readonly<Record<string, string>> = {
  slack: 'a Slack workspace export (.zip or folder) with users.json, channels.json and one folder of day files (YYYY-MM-DD.json) per channel',
  rocketchat: 'a Rocket.Chat CSV export (.zip or folder) with users.csv, channels.csv and one folder of message CSVs per channel',
  teams: 'a Microsoft Teams export (.zip or folder) with users/usersList.json and teams/teamsList.json',
  mattermost: 'a Mattermost bulk export: a JSON Lines file starting with a {"type":"version"} line',
  telegram: 'a Telegram Desktop export: result.json (or its folder) with chats and messages',
  json: 'a chat-import JSON document {people, conversations, messages} or JSON Lines with a "type" per line',
  csv: 'a .csv/.tsv file (or a folder of them) with conversation, author, timestamp and text columns',
};

// Every source besides Slack, in the order detection tries them: folder/zip layouts with marker files first
// (Rocket.Chat, Teams), then single files told apart by their first bytes (Mattermost's version line, Telegram's
// date_unixtime, our JSON interchange), and the generic CSV last, as it accepts the widest range of files.
import type { SourceMapper } from '../src/model.js';
import { csvMapper } from './csv/index.js';
import { jsonMapper } from './json/index.js';
import { mattermostMapper } from './mattermost/index.js';
import { rocketchatMapper } from './rocketchat/index.js';
import { teamsMapper } from './teams/index.js';
import { telegramMapper } from './telegram/index.js';

export const allExtraMappers: readonly SourceMapper[] = [
  rocketchatMapper,
  teamsMapper,
  mattermostMapper,
  telegramMapper,
  jsonMapper,
  csvMapper,
];

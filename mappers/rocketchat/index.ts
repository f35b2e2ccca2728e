// Rocket.Chat's CSV importer layout (a zip or folder, no header rows anywhere):
//   users.csv                 username, email, name
//   channels.csv              name, creator, public|private, members (semicolon list)
//   <channel>/<any>.csv       username, timestamp (epoch ms), text — one folder per channel
//   directMessages/<any>.csv  username, other username, timestamp, text
// Facts from Rocket.Chat's CsvImporter: entry names are matched case-insensitively, cells are trimmed, a DM
// room is the pair of usernames sorted and joined by '/', a message folder missing from channels.csv still
// becomes a room.
import type { OpenOptions, SourceExport, SourceMapper } from '../../src/model.js';
import { findPrefix, peekNames } from '../shared/source-tree.js';
import { readRocketChat } from './read.js';

export const rocketchatMapper: SourceMapper = {
  kind: 'rocketchat',
  async detect(path: string, options: Pick<OpenOptions, 'tree'> = {}): Promise<boolean> {
    const names = await peekNames(path, 2, options);
    if (!names) return false;
    return findPrefix(names, 'users.csv') !== undefined || findPrefix(names, 'channels.csv') !== undefined;
  },
  open(path: string, options: OpenOptions): Promise<SourceExport> {
    return readRocketChat(path, options);
  },
};

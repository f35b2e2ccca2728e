// Microsoft Teams export (the folder layout the Teams export tool writes: users/ and teams/ with JSON files of
// Graph objects), as a folder or a zip, possibly inside one wrapping folder.
import type { OpenOptions, SourceExport, SourceMapper } from '../../src/model.js';
import { findPrefix, peekNames } from '../shared/source-tree.js';
import { readTeams, teamsMarkers } from './read.js';

export const teamsMapper: SourceMapper = {
  kind: 'teams',
  async detect(path: string, options: Pick<OpenOptions, 'tree'> = {}): Promise<boolean> {
    const names = await peekNames(path, 3, options);
    if (!names) return false;
    return teamsMarkers().some((marker) => findPrefix(names, marker) !== undefined);
  },
  open(path: string, options: OpenOptions): Promise<SourceExport> {
    return readTeams(path, options);
  },
};

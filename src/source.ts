// Opening a source: detect its kind (or take --from), load the --users mapping, and hand the mapper its options.
import { stat } from 'node:fs/promises';
import { UsageError } from './errors.js';
import type { SourceSelection } from './config.js';
import type { OpenOptions, SourceExport } from './model.js';
import { MAPPERS } from '../mappers/index.js';
import { loadUserMapFile } from '../mappers/shared/user-map.js';
import { createCsvMapper } from '../mappers/csv/index.js';
import { probeZip } from '../mappers/shared/source-tree.js';

export async function openSource(selection: SourceSelection, now: () => number, openLinked?: OpenOptions['openLinked']): Promise<SourceExport> {
  try {
    await stat(selection.source);
  } catch {
    throw new UsageError(`Cannot read the source ${selection.source}: no such file or folder.`);
  }
  // A damaged zip is reported as such (exit 2), not as "not an export": detection only answers yes or no.
  await probeZip(selection.source);
  let mapper = selection.from ? MAPPERS.find((m) => m.kind === selection.from) : await detect(selection.source);
  if (mapper?.kind === 'csv' && selection.csv) mapper = createCsvMapper(selection.csv);
  if (!mapper) {
    if (selection.from) throw new UsageError(`--from ${selection.from} is not a known source kind (known: ${MAPPERS.map((m) => m.kind).join(', ')}).`);
    throw new UsageError(`${selection.source} is not an export chat-import recognizes (tried: ${MAPPERS.map((m) => m.kind).join(', ')}). Use --from to say what it is.`);
  }
  let userMap: Map<string, string> | undefined;
  if (selection.usersFile) {
    try {
      userMap = await loadUserMapFile(selection.usersFile);
    } catch (error) {
      throw new UsageError(`--users ${selection.usersFile}: ${(error as Error).message}`);
    }
  }
  return mapper.open(selection.source, {
    now,
    ...(userMap ? { userMap } : {}),
    ...(selection.domain ? { domain: selection.domain } : {}),
    ...(selection.filesDir ? { filesDir: selection.filesDir } : {}),
    ...(selection.timeZone ? { timeZone: selection.timeZone } : {}),
    ...(openLinked ? { openLinked } : {}),
  });
}

async function detect(path: string) {
  for (const mapper of MAPPERS) {
    if (await mapper.detect(path).catch(() => false)) return mapper;
  }
  return undefined;
}

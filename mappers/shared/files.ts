// `--files-dir`: a folder holding file bytes that the export itself lacks, laid out by file id. A file is found
// at `<dir>/<id>/<name>` (the layout of Slack-style downloads) or `<dir>/<id>` (one file per id).
import { statSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { join } from 'node:path';

/** The path holding a file's bytes under `filesDir`, or undefined when it is not there. */
export async function findInFilesDir(filesDir: string | undefined, id: string, name: string): Promise<string | undefined> {
  if (!filesDir || id === '' || id.includes('..') || name.includes('/') || name.includes('..')) return undefined;
  for (const candidate of [join(filesDir, id, name), join(filesDir, id)]) {
    try {
      if ((await stat(candidate)).isFile()) return candidate;
    } catch {
      // not there: try the next layout
    }
  }
  return undefined;
}

/** The file name of a '/'-separated path. */
export function baseName(path: string): string {
  const parts = path.split(/[\\/]/);
  return parts[parts.length - 1] ?? path;
}

/** A permalink with token query parameters (`t`, `token`) removed, so reports never carry them. */
export function stripTokens(url: string): string {
  try {
    const parsed = new URL(url);
    for (const key of [...parsed.searchParams.keys()]) {
      if (key.toLowerCase() === 't' || key.toLowerCase() === 'token') parsed.searchParams.delete(key);
    }
    return parsed.toString();
  } catch {
    return url.replace(/([?&])(t|token)=[^&#]*&?/gi, '$1').replace(/[?&]$/, '');
  }
}

/** findInFilesDir for mappers that map synchronously (a stat per file, only when --files-dir is given). */
export function findInFilesDirSync(filesDir: string | undefined, id: string, name: string): string | undefined {
  if (!filesDir || id === '' || id.includes('..') || name.includes('/') || name.includes('..')) return undefined;
  for (const candidate of [join(filesDir, id, name), join(filesDir, id)]) {
    try {
      if (statSync(candidate).isFile()) return candidate;
    } catch {
      // not there: try the next layout
    }
  }
  return undefined;
}

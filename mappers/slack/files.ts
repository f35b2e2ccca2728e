// Slack file objects (`files[]`, and the single `file` of exports before 2019) → FileRef. The bytes are in the
// export only when a tool added them (see read/file-index.ts); otherwise the file is posted as a note with its
// permalink, and counted.
import type { FileRef } from '../../src/model.js';
import type { FallbackSet } from './context.js';
import { isObject, num, objects, str, type RawObject } from '../shared/raw.js';

/** Where Slack's servers hold a file: its download link (with its token) and what the export says of it. */
export interface FileLink {
  readonly url: string;
  readonly sizeBytes?: number;
  readonly mimeType?: string;
}

/**
 * Finds a file's bytes in the export or `--files-dir`, or else a download of `link` when fetching is on;
 * undefined when neither is there.
 */
export type FileLocator = (id: string, name: string, link?: FileLink) => FileRef['open'];

/** Removes the `t` and `token` query parameters Slack appends to file URLs: they are live credentials. */
export function stripTokens(url: string): string {
  try {
    const parsed = new URL(url);
    if (!parsed.searchParams.has('t') && !parsed.searchParams.has('token')) return url;
    parsed.searchParams.delete('t');
    parsed.searchParams.delete('token');
    return parsed.toString();
  } catch {
    // Not an absolute URL: strip the parameters textually.
    return url.replace(/([?&])(?:t|token)=[^&#]*(&?)/g, (_m, sep: string, next: string) => (next ? sep : '')).replace(/[?&]$/, '');
  }
}

function kindOf(file: RawObject): NonNullable<FileRef['kind']> {
  const mode = str(file.mode);
  const type = str(file.filetype);
  if (mode === 'quip' || mode === 'canvas' || type === 'quip' || type === 'canvas') return 'canvas';
  if (mode === 'post' || mode === 'space' || type === 'post' || type === 'space') return 'post';
  if (file.is_external === true || mode === 'external') return 'external';
  return 'file';
}

function mapFile(file: RawObject, locate: FileLocator, fallbacks: FallbackSet): FileRef | undefined {
  const id = str(file.id);
  const mode = str(file.mode);
  // A file deleted before the export (`tombstone`) or hidden by a plan limit: only its id is left.
  if (!id || mode === 'tombstone' || mode === 'hidden_by_limit') {
    fallbacks.add('file_without_bytes');
    return undefined;
  }
  const name = str(file.name) ?? str(file.title) ?? id;
  const kind = kindOf(file);
  const link = str(file.permalink) ?? str(file.url_private);
  // Files without bytes, canvases and posts are counted by the planner, which decides what gets uploaded.
  const mimeType = str(file.mimetype);
  const sizeBytes = num(file.size);
  const download = str(file.url_private_download) ?? str(file.url_private);
  const fileLink = download && /^https?:\/\//.test(download) ? { url: download, ...(sizeBytes !== undefined && { sizeBytes }), ...(mimeType !== undefined && { mimeType }) } : undefined;
  const open = kind === 'file' ? locate(id, name, fileLink) : undefined;
  return {
    id,
    name,
    kind,
    ...(mimeType !== undefined && { mimeType }),
    ...(sizeBytes !== undefined && { sizeBytes }),
    ...(link !== undefined && { permalink: stripTokens(link) }),
    ...(open !== undefined && { open }),
  };
}

/**
 * The message's files, in order, each once. `includeLegacyFile` is false for `file_comment` records, whose
 * `file` is the already-shared file being commented on, not a new upload.
 */
export function mapFiles(
  message: RawObject,
  locate: FileLocator,
  fallbacks: FallbackSet,
  includeLegacyFile = true,
): FileRef[] {
  const raw = [...objects(message.files)];
  if (includeLegacyFile && isObject(message.file)) raw.push(message.file);
  const seen = new Set<string>();
  const out: FileRef[] = [];
  for (const file of raw) {
    const ref = mapFile(file, locate, fallbacks);
    if (!ref || seen.has(ref.id)) continue;
    seen.add(ref.id);
    out.push(ref);
  }
  return out;
}

// Which files can be uploaded as real Chat attachments, and the readable line that stands in for the others.
import type { FileRef } from '../model.js';
import { UPLOAD_MAX_BYTES } from './rules.js';

// Google Chat blocks the same executable types as Gmail (chat-api.md §3); uploading one fails with 400, so such
// files become a line of text instead.
const BLOCKED_EXTENSIONS = new Set(
  ('ade adp apk appx appxbundle bat cab chm cmd com cpl diagcab diagcfg diagpkg dll dmg ex ex_ exe hta img ins ' +
    'iso isp jar jnlp js jse lib lnk mde mjs msc msi msix msixbundle msp mst nsh pif ps1 scr sct shb sys vb vbe ' +
    'vbs vhd vxd wsc wsf wsh xll').split(' '),
);

export type FileDecision =
  | { readonly upload: true }
  | { readonly upload: false; readonly code: 'file_without_bytes' | 'file_blocked_type' | 'file_too_large' | 'canvas_or_post'; readonly line: string };

/** "📎 name (why) permalink": the line that stands in a message for a file that could not be attached. */
export function fileLine(file: Pick<FileRef, 'name' | 'permalink'>, why: string): string {
  return `📎 ${file.name} (${why})${file.permalink ? ` ${file.permalink}` : ''}`;
}

export function decideFile(file: FileRef): FileDecision {
  const link = file.permalink ? ` ${file.permalink}` : '';
  if (file.kind === 'canvas' || file.kind === 'post') {
    return { upload: false, code: 'canvas_or_post', line: `📄 ${file.kind === 'canvas' ? 'Canvas' : 'Post'} "${file.name}" (not importable)${link}` };
  }
  if (!file.open) return { upload: false, code: 'file_without_bytes', line: fileLine(file, 'file not in the export') };
  const extension = file.name.includes('.') ? file.name.slice(file.name.lastIndexOf('.') + 1).toLowerCase() : '';
  if (BLOCKED_EXTENSIONS.has(extension)) {
    return { upload: false, code: 'file_blocked_type', line: fileLine(file, 'file type blocked by Google Chat') };
  }
  if ((file.sizeBytes ?? 0) > UPLOAD_MAX_BYTES) {
    return { upload: false, code: 'file_too_large', line: fileLine(file, "larger than Google Chat's 200 MB limit") };
  }
  return { upload: true };
}

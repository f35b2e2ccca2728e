import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { FileRef } from '../../src/model.js';
import { decideFile } from '../../src/plan/files.js';

const open = async () => Readable.from(['x']);

describe('decideFile: upload as a Chat attachment, or a readable line', () => {
  it.each<[string, FileRef, ReturnType<typeof decideFile>]>([
    ['bytes present', { id: 'F1', name: 'plan.pdf', sizeBytes: 10, open }, { upload: true }],
    ['no bytes, with link', { id: 'F2', name: 'plan.pdf', permalink: 'https://x/F2' }, { upload: false, code: 'file_without_bytes', line: '📎 plan.pdf (file not in the export) https://x/F2' }],
    ['blocked type', { id: 'F3', name: 'setup.EXE', sizeBytes: 10, open }, { upload: false, code: 'file_blocked_type', line: '📎 setup.EXE (file type blocked by Google Chat)' }],
    ['over 200 MB', { id: 'F4', name: 'movie.mp4', sizeBytes: 200 * 1024 * 1024 + 1, open }, { upload: false, code: 'file_too_large', line: "📎 movie.mp4 (larger than Google Chat's 200 MB limit)" }],
    ['exactly 200 MB', { id: 'F5', name: 'movie.mp4', sizeBytes: 200 * 1024 * 1024, open }, { upload: true }],
    ['canvas', { id: 'F6', name: 'Notes', kind: 'canvas', permalink: 'https://x/F6' }, { upload: false, code: 'canvas_or_post', line: '📄 Canvas "Notes" (not importable) https://x/F6' }],
    ['post', { id: 'F7', name: 'Spec', kind: 'post' }, { upload: false, code: 'canvas_or_post', line: '📄 Post "Spec" (not importable)' }],
  ])('%s', (_name, file, expected) => {
    expect(decideFile(file)).toEqual(expected);
  });
});

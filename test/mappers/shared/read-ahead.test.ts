// Both a folder and a zip read day files into one reused buffer, and a caller may start the next read before it
// awaits or uses the last one. These pin that texts already returned, or still to be awaited, are never changed
// by a later read (the text is decoded in the same synchronous step as the read).
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openSourceTree, readEntryText, type SourceTree } from '../../../mappers/shared/source-tree.js';
import { buildZip } from '../../helpers/zip.js';

const dir = mkdtempSync(join(tmpdir(), 'chat-import-read-ahead-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// Same-sized files, so each read lands in the very bytes of the one before; then sizes that make the buffer grow.
const FILES: [string, string][] = [
  ['general/2020-01-01.json', '[{"ts":"1","text":"aaaa"}]'],
  ['general/2020-01-02.json', '[{"ts":"2","text":"bbbb"}]'],
  ['general/2020-01-03.json', '[{"ts":"3","text":"cccc"}]'],
  ['general/2020-01-04.json', `[{"ts":"4","text":"${'d'.repeat(200_000)}"}]`],
  ['general/2020-01-05.json', `[{"ts":"5","text":"${'é'.repeat(400_000)}"}]`],
  ['general/2020-01-06.json', '[{"ts":"6","text":"ffff"}]'],
];

async function trees(): Promise<[string, SourceTree][]> {
  const folder = join(dir, 'folder');
  mkdirSync(join(folder, 'general'), { recursive: true });
  for (const [name, text] of FILES) writeFileSync(join(folder, ...name.split('/')), text);
  const stored = join(dir, 'stored.zip');
  writeFileSync(stored, buildZip(FILES.map(([name, data]) => ({ name, data }))));
  const deflated = join(dir, 'deflated.zip');
  writeFileSync(deflated, buildZip(FILES.map(([name, data]) => ({ name, data, deflate: true }))));
  return [
    ['folder', await openSourceTree(folder)],
    ['stored zip', await openSourceTree(stored)],
    ['deflated zip', await openSourceTree(deflated)],
  ];
}

describe('reading ahead', () => {
  it('gives every file its own text when each read starts before the previous one is awaited', async () => {
    for (const [kind, tree] of await trees()) {
      // As the Slack reader does: the next read is started, then the previous result is used.
      let pending = readEntryText(tree, FILES[0]?.[0] as string);
      const texts: string[] = [];
      for (let i = 1; i <= FILES.length; i++) {
        const next = i < FILES.length ? readEntryText(tree, FILES[i]?.[0] as string) : undefined;
        texts.push((await pending).text);
        if (next) pending = next;
      }
      expect([kind, texts]).toEqual([kind, FILES.map(([, text]) => text)]);
      await tree.close();
    }
  });

  it('gives every file its own text when all reads are started at once', async () => {
    for (const [kind, tree] of await trees()) {
      const all = await Promise.all(FILES.map(([name]) => readEntryText(tree, name)));
      expect([kind, all.map((d) => d.text)]).toEqual([kind, FILES.map(([, text]) => text)]);
      await tree.close();
    }
  });
});

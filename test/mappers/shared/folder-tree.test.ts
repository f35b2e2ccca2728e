import { appendFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openSourceTree, readEntryText } from '../../../mappers/shared/source-tree.js';

describe('readEntryText on a folder (one reused read buffer)', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'chat-import-folder-tree-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('returns each file whole, whatever the order of sizes, and strings that later reads do not change', async () => {
    const files: Record<string, string> = {
      'a.json': 'x'.repeat(100_000),
      'b.json': '[1]',
      'c.json': 'é'.repeat(300_000), // 600,000 bytes: the buffer grows
      'd.json': 'short again',
      'big.json': 'y'.repeat(5 * 1024 * 1024), // past the reused buffer's cap: read into its own
    };
    for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
    const tree = await openSourceTree(dir);
    const texts: string[] = [];
    for (const name of ['a.json', 'b.json', 'c.json', 'd.json', 'big.json', 'b.json']) {
      const { text, replaced } = await readEntryText(tree, name);
      expect(replaced).toBe(0);
      texts.push(text);
    }
    expect(texts).toEqual([files['a.json'], '[1]', files['c.json'], 'short again', files['big.json'], '[1]']);
  });

  it('reads a file that grew after the folder was listed to its end', async () => {
    writeFileSync(join(dir, 'day.json'), '[{"ts":"1"}');
    const tree = await openSourceTree(dir);
    appendFileSync(join(dir, 'day.json'), ',{"ts":"2"}]');
    expect((await readEntryText(tree, 'day.json')).text).toBe('[{"ts":"1"},{"ts":"2"}]');
  });

  it('counts invalid UTF-8 sequences, read as U+FFFD', async () => {
    writeFileSync(join(dir, 'bad.json'), Buffer.from([0x5b, 0x22, 0xff, 0x61, 0xc3, 0x22, 0x5d]));
    const tree = await openSourceTree(dir);
    expect(await readEntryText(tree, 'bad.json')).toEqual({ text: '["\ufffda\ufffd"]', replaced: 2 });
  });

  it('refuses a file over the size given, naming it', async () => {
    writeFileSync(join(dir, 'huge.json'), 'z'.repeat(2048));
    const tree = await openSourceTree(dir);
    await expect(readEntryText(tree, 'huge.json', 1024)).rejects.toThrow('huge.json holds 2048 bytes, over the 1024 bytes read into memory at once');
  });
});

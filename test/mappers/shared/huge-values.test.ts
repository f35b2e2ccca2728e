// One huge value costs bounded memory (issue 18): a streamed JSON string over the cap is cut while reading and its
// record marked with the true length; a JSON Lines line over the byte cap is counted, not kept, and the lines after
// it keep their numbers. Small caps are injected so the inputs stay tiny.
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { selectJson, type SelectedValue } from '../../../mappers/shared/json-stream.js';
import { readLines, type NumberedLine } from '../../../mappers/shared/lines.js';

/** A stream of `text` in pieces of `size` bytes, so values and lines span chunks as in a real file. */
function chunked(text: string, size: number): Readable {
  const bytes = Buffer.from(text);
  const pieces: Buffer[] = [];
  for (let at = 0; at < bytes.length; at += size) pieces.push(bytes.subarray(at, at + size));
  return Readable.from(pieces);
}

async function all<T>(values: AsyncIterable<T>): Promise<T[]> {
  const seen: T[] = [];
  for await (const value of values) seen.push(value);
  return seen;
}

describe('selectJson with a string cap', () => {
  const doc = JSON.stringify({ messages: [{ id: 'a', text: 'short' }, { id: 'b', text: 'x'.repeat(40), files: [{ name: 'y'.repeat(12) }] }, { id: 'c', text: 'fine' }] });

  it.each([3, 7, 4096])('cuts an over-cap string to cap + 1 characters, names where it was and its true length, and keeps the records around it whole (chunks of %i bytes)', async (size) => {
    const seen: SelectedValue[] = await all(selectJson(chunked(doc, size), (p) => p.length === 2, 10));
    expect(seen).toEqual([
      { path: ['messages', 0], value: { id: 'a', text: 'short' } },
      { path: ['messages', 1], value: { id: 'b', text: 'x'.repeat(11), files: [{ name: 'y'.repeat(11) }] }, oversized: { at: ['text'], chars: 40 } },
      { path: ['messages', 2], value: { id: 'c', text: 'fine' } },
    ]);
  });

  it('a string exactly at the cap is whole and not marked; a selected string alone is marked at []', async () => {
    const seen = await all(selectJson(chunked(JSON.stringify({ a: '0123456789', b: '0123456789!', c: 'é'.repeat(3) }), 5), (p) => p.length === 1, 10));
    expect(seen).toEqual([
      { path: ['a'], value: '0123456789' },
      { path: ['b'], value: '0123456789!', oversized: { at: [], chars: 11 } },
      { path: ['c'], value: 'ééé' },
    ]);
  });

  it('escapes count as the characters they stand for', async () => {
    const seen = await all(selectJson(chunked('[{"t":"\\n\\n\\n\\u00e9ab"}]', 4), (p) => p.length === 1, 4));
    expect(seen).toEqual([{ path: [0], value: { t: '\n\n\né' + 'a' }, oversized: { at: ['t'], chars: 6 } }]);
  });
});

describe('readLines with a byte cap', () => {
  const text = '{"n":1}\n' + '{"n":2,"text":"' + 'z'.repeat(50) + '"}\r\n{"n":3}\r{"n":4}\n\n{"n":6}';

  it.each([1, 5, 16, 4096])('counts a line over the cap without its text and numbers the lines after it right (chunks of %i bytes)', async (size) => {
    const seen: NumberedLine[] = await all(readLines(chunked(text, size), 20));
    expect(seen).toEqual([
      { line: 1, text: '{"n":1}' },
      { line: 2, bytes: 67 },
      { line: 3, text: '{"n":3}' },
      { line: 4, text: '{"n":4}' },
      { line: 5, text: '' },
      { line: 6, text: '{"n":6}' },
    ]);
  });

  it('drops a leading byte-order mark and keeps multi-byte characters split across chunks', async () => {
    const seen = await all(readLines(chunked('\ufeffé日\n😀\n', 1)));
    expect(seen).toEqual([
      { line: 1, text: 'é日' },
      { line: 2, text: '😀' },
    ]);
  });
});

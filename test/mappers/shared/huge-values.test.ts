// One huge value costs bounded memory (issue 18): a streamed JSON string over the cap is cut while reading and its
// record marked with the true length; a JSON Lines line over the byte cap is counted, not kept, and the lines after
// it keep their numbers. Small caps are injected so the inputs stay tiny.
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { oversizedReason } from '../../../mappers/shared/bounded-assembler.js';
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

const limits = (maxStringChars: number, maxValueChars = 1000) => ({ maxStringChars, maxValueChars });

describe('selectJson with a string cap', () => {
  const doc = JSON.stringify({ messages: [{ id: 'a', text: 'short' }, { id: 'b', text: 'x'.repeat(40), files: [{ name: 'y'.repeat(12) }] }, { id: 'c', text: 'fine' }] });

  it.each([3, 7, 4096])('cuts an over-cap string to cap + 1 characters, names where it was and its true length, reads that record no further, and keeps the records around it whole (chunks of %i bytes)', async (size) => {
    const seen: SelectedValue[] = await all(selectJson(chunked(doc, size), (p) => p.length === 2, { limits: limits(10) }));
    expect(seen).toEqual([
      { path: ['messages', 0], value: { id: 'a', text: 'short' } },
      { path: ['messages', 1], value: { id: 'b', text: 'x'.repeat(11) }, oversized: { at: ['text'], chars: 40 } },
      { path: ['messages', 2], value: { id: 'c', text: 'fine' } },
    ]);
  });

  it('a string exactly at the cap is whole and not marked; a selected string alone is marked at []', async () => {
    const seen = await all(selectJson(chunked(JSON.stringify({ a: '0123456789', b: '0123456789!', c: 'é'.repeat(3) }), 5), (p) => p.length === 1, { limits: limits(10) }));
    expect(seen).toEqual([
      { path: ['a'], value: '0123456789' },
      { path: ['b'], value: '0123456789!', oversized: { at: [], chars: 11 } },
      { path: ['c'], value: 'ééé' },
    ]);
  });

  it('escapes count as the characters they stand for', async () => {
    const seen = await all(selectJson(chunked('[{"t":"\\n\\n\\n\\u00e9ab"}]', 4), (p) => p.length === 1, { limits: limits(4) }));
    expect(seen).toEqual([{ path: [0], value: { t: '\n\n\né' + 'a' }, oversized: { at: ['t'], chars: 6 } }]);
  });
});

describe('selectJson with a budget for all strings of a value', () => {
  it('a value whose strings together pass the budget (a huge text in many short pieces) is read no further (only its fields completed before are kept), marked with the total of all its strings; the next value is whole', async () => {
    const piece = 'a'.repeat(10);
    const doc = JSON.stringify([{ id: 'p', text: [piece, piece, piece, { bold: piece }, piece], conversation: 'c1' }, { id: 'q', text: piece }]);
    const seen = await all(selectJson(chunked(doc, 6), (p) => p.length === 1, { limits: limits(10, 30) }));
    expect(seen).toEqual([
      { path: [0], value: { id: 'p' }, oversized: { at: [], chars: 53, inAll: true } },
      { path: [1], value: { id: 'q', text: piece } },
    ]);
    expect(oversizedReason('message', seen[0]?.oversized ?? { at: [], chars: 0 })).toBe("the message's strings hold 53 characters in all, over the 4000000 read; not imported");
  });

  it('names the string over the cap in a skip reason, for a message and for another record', () => {
    expect([oversizedReason('message', { at: ['text_entities', 1, 'text'], chars: 1234567 }), oversizedReason("chat's name", { at: [], chars: 2000000 })]).toEqual([
      "the message's text_entities[1].text has 1234567 characters, over the 1000000 imported (about 250 Chat messages); not imported",
      "the chat's name has 2000000 characters, over the 1000000 read; not read",
    ]);
  });
});

describe('readLines with a byte cap', () => {
  const text = '{"n":1}\n' + '{"n":2,"text":"' + 'z'.repeat(50) + '"}\r\n{"n":3}\r{"n":4}\n\n{"n":6}';

  it.each([1, 5, 16, 4096])('counts a line over the cap without its text and numbers the lines after it right (chunks of %i bytes)', async (size) => {
    const seen: NumberedLine[] = await all(readLines(chunked(text, size), { maxBytes: 20 }));
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

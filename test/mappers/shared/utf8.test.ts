// decodeUtf8: invalid sequences become U+FFFD (as browsers read them) and are counted; a U+FFFD written on purpose
// is text, not a replacement.
import { describe, expect, it } from 'vitest';
import { Readable } from 'node:stream';
import { decodeStream } from '../../../mappers/shared/text-decode.js';
import { decodeUtf8, invalidUtf8Skip, Utf8Counter } from '../../../mappers/shared/utf8.js';

const ROWS: [string, string, string, number][] = [
  ['valid ASCII', '616263', 'abc', 0],
  ['valid multi-byte', 'c3a9e697a5f09f9880', 'é日😀', 0],
  ['a U+FFFD written on purpose', '61efbfbd62', 'a\ufffdb', 0],
  ['a stray continuation byte', '61ff62', 'a\ufffdb', 1],
  ['a sequence cut at the end', '61e282', 'a\ufffd', 1],
  ['an overlong encoding', 'c0af', '\ufffd\ufffd', 2],
  ['an encoded surrogate', 'eda080', '\ufffd\ufffd\ufffd', 3],
  ['beyond U+10FFFF', 'f4908080', '\ufffd\ufffd\ufffd\ufffd', 4],
  ['a purposeful U+FFFD beside a bad byte', 'efbfbdff', '\ufffd\ufffd', 1],
  ['Latin-1 text mistaken for UTF-8', '63616ffe2069', 'cao\ufffd i', 1],
];

describe('decodeUtf8', () => {
  it.each(ROWS)('%s', (_, hex, text, replaced) => {
    expect(decodeUtf8(Buffer.from(hex, 'hex'))).toEqual({ text, replaced });
  });
});

describe('Utf8Counter (a file read in chunks)', () => {
  it.each(ROWS)('%s: the same text and count however the bytes are split', (_, hex, text, replaced) => {
    const bytes = Buffer.from(hex, 'hex');
    const seen: { text: string; replaced: number }[] = [];
    for (let size = 1; size <= bytes.length; size++) {
      const counter = new Utf8Counter();
      let decoded = '';
      for (let at = 0; at < bytes.length; at += size) decoded += counter.decode(bytes.subarray(at, at + size));
      decoded += counter.end();
      seen.push({ text: decoded, replaced: counter.replaced });
    }
    expect(seen).toEqual(seen.map(() => ({ text, replaced })));
  });

  it('pieces (lines) are counted one by one, each whole', () => {
    const counter = new Utf8Counter();
    const texts = ['61ff62', '61efbfbd62', '61e282'].map((hex) => counter.decodePiece(Buffer.from(hex, 'hex')));
    expect({ texts, replaced: counter.replaced }).toEqual({ texts: ['a\ufffdb', 'a\ufffdb', 'a\ufffd'], replaced: 2 });
  });
});

describe('invalidUtf8Skip', () => {
  it('names the file and the count, or is nothing for valid UTF-8', () => {
    expect([invalidUtf8Skip('a.csv', 0), invalidUtf8Skip('a.csv', 1), invalidUtf8Skip('b/c.json', 2)]).toEqual([
      undefined,
      { code: 'invalid_utf8', reason: 'a.csv: not valid UTF-8; 1 byte sequence read as U+FFFD (\ufffd), the rest of the file is imported', origin: { file: 'a.csv' } },
      { code: 'invalid_utf8', reason: 'b/c.json: not valid UTF-8; 2 byte sequences read as U+FFFD (\ufffd), the rest of the file is imported', origin: { file: 'b/c.json' } },
    ]);
  });
});

describe('decodeStream counts what it reads as UTF-8, wherever the chunks end', () => {
  // A stray byte, a purposeful U+FFFD, an é, and a sequence cut at the end of the file: two invalid sequences.
  const BODY = Buffer.from('61ff62efbfbd63c3a964e282', 'hex');
  const read = async (bytes: Buffer, size: number, fallback = 'utf-8') => {
    const chunks: Buffer[] = [];
    for (let at = 0; at < bytes.length; at += size) chunks.push(bytes.subarray(at, at + size));
    const utf8 = new Utf8Counter();
    let text = '';
    for await (const piece of decodeStream(Readable.from(chunks), fallback, utf8)) text += piece as string;
    return { text, replaced: utf8.replaced };
  };
  const sizes = Array.from({ length: BODY.length + 3 }, (_, i) => i + 1);

  it('UTF-8 without a mark, split at every size', async () => {
    const seen = await Promise.all(sizes.map((size) => read(BODY, size)));
    expect(seen).toEqual(sizes.map(() => ({ text: 'a\ufffdb\ufffdcéd\ufffd', replaced: 2 })));
  });

  it('a UTF-8 mark wins over --csv-encoding windows-1252 and is counted; without it, windows-1252 counts nothing', async () => {
    const marked = Buffer.concat([Buffer.from('efbbbf', 'hex'), BODY]);
    expect([await read(marked, 2, 'windows-1252'), await read(BODY, 2, 'windows-1252')]).toEqual([
      { text: 'a\ufffdb\ufffdcéd\ufffd', replaced: 2 },
      { text: 'aÿbï¿½cÃ©dâ‚', replaced: 0 },
    ]);
  });

  it('UTF-16 (with its mark) is not counted', async () => {
    const utf16 = Buffer.concat([Buffer.from('fffe', 'hex'), Buffer.from('a\ufffdb', 'utf16le')]);
    expect(await read(utf16, 3)).toEqual({ text: 'a\ufffdb', replaced: 0 });
  });
});

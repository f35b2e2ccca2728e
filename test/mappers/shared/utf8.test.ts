// decodeUtf8: invalid sequences become U+FFFD (as browsers read them) and are counted; a U+FFFD written on purpose
// is text, not a replacement.
import { describe, expect, it } from 'vitest';
import { decodeUtf8, Utf8Counter } from '../../../mappers/shared/utf8.js';

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
  it.each(ROWS)('%s: the same count however the bytes are split', (_, hex, _text, replaced) => {
    const bytes = Buffer.from(hex, 'hex');
    const counts: number[] = [];
    for (let size = 1; size <= bytes.length; size++) {
      const counter = new Utf8Counter();
      for (let at = 0; at < bytes.length; at += size) counter.add(bytes.subarray(at, at + size));
      counts.push(counter.end());
    }
    expect(counts).toEqual(counts.map(() => replaced));
  });
});

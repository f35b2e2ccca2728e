// A CSV field over the cap is cut while reading (mappers/shared/csv-field-cap.ts) and csvRows reports it: the rows
// around it come out exactly as without the cap, line numbers included. A small cap keeps these fast; each input is
// also fed one character per chunk, since the filter must keep its lookahead across chunks.
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { FieldCapper } from '../../../mappers/shared/csv-field-cap.js';
import { csvRows, type CsvRow, type CsvRowsOptions } from '../../../mappers/shared/csv-rows.js';

async function rowsOf(chunks: readonly string[], options: CsvRowsOptions): Promise<CsvRow[]> {
  const rows: CsvRow[] = [];
  for await (const row of csvRows(Readable.from(chunks), options)) rows.push(row);
  return rows;
}

/** The rows of `text`, checked to be the same whole and one character per chunk. */
async function rows(text: string, options: CsvRowsOptions): Promise<CsvRow[]> {
  const whole = await rowsOf([text], options);
  expect(await rowsOf([...text], options), `one character per chunk differs for ${JSON.stringify(text)}`).toEqual(whole);
  return whole;
}

const UNCLOSED = 'a quote opened on this line is never closed, so the rest of the file could not be read as rows';
const CASES: [title: string, text: string, options: CsvRowsOptions, expected: CsvRow[]][] = [
  ['a field of cap+1 characters between two normal rows; the rows around it intact', 'a,b\n1,short\n2,ABCDEFGHIJK\n3,after\n', { cap: 10 }, [
    { record: ['a', 'b'], line: 1 },
    { record: ['1', 'short'], line: 2 },
    { record: ['2', ''], line: 3, oversized: [{ column: 1, chars: 11 }] },
    { record: ['3', 'after'], line: 4 },
  ]],
  ['a field of exactly the cap, read whole', '1,ABCDEFGHIJ\n2,x\n', { cap: 10 }, [
    { record: ['1', 'ABCDEFGHIJ'], line: 1 },
    { record: ['2', 'x'], line: 2 },
  ]],
  // x, LF, "y", LF, ten z, CRLF, more: 22 characters over 4 lines.
  ['a quoted field with line breaks and "" around the cut: its real length, later lines right', '1,"x\n""y""\nzzzzzzzzzz\r\nmore",end\n2,"after ""q""",next\n', { cap: 9 }, [
    { record: ['1', '', 'end'], line: 1, oversized: [{ column: 1, chars: 22 }] },
    { record: ['2', 'after "q"', 'next'], line: 5 },
  ]],
  ['an escaped quote right at the cap, dropped whole', '"a""bcd",x\n"o",y\n', { cap: 1 }, [
    { record: ['', 'x'], line: 1, oversized: [{ column: 0, chars: 5 }] },
    { record: ['o', 'y'], line: 2 },
  ]],
  ['a huge unquoted field, stray quotes inside kept as text (relax_quotes)', '1,abc"def"ghijklmnop,x\n2,ok,y\n', { cap: 5 }, [
    { record: ['1', '', 'x'], line: 1, oversized: [{ column: 1, chars: 18 }] },
    { record: ['2', 'ok', 'y'], line: 2 },
  ]],
  // csv-parse reads "ab"cdefgh as the 10 characters "ab"cdefgh.
  ['a quote closed early (relax_quotes), the field going on unquoted past the cap', '"ab"cdefgh,x\r\n"z",y\r\n', { cap: 3 }, [
    { record: ['', 'x'], line: 1, oversized: [{ column: 0, chars: 10 }] },
    { record: ['z', 'y'], line: 2 },
  ]],
  ['CRLF: lone CR and LF in an unquoted field are text (each a line break), later lines right', 'a,b\r\n1,ABCDEFGH\rIJ\nKL\r\n2,ok\r\n', { cap: 5 }, [
    { record: ['a', 'b'], line: 1 },
    { record: ['1', ''], line: 2, oversized: [{ column: 1, chars: 14 }] },
    { record: ['2', 'ok'], line: 5 },
  ]],
  ['CRLF: a cut quoted field closing before the first CRLF (two characters of lookahead)', '"abcdef"\r\n"z",y\r\n', { cap: 3 }, [
    { record: [''], line: 1, oversized: [{ column: 0, chars: 6 }] },
    { record: ['z', 'y'], line: 2 },
  ]],
  ['LF: a cut field ending in CR, CR LF one line break as without the cap', 'a,b\n1,ABCDEFGH\r\n2,ok\n', { cap: 5 }, [
    { record: ['a', 'b'], line: 1 },
    { record: ['1', ''], line: 2, oversized: [{ column: 1, chars: 9 }] },
    { record: ['2', 'ok'], line: 3 },
  ]],
  ...[';', '\t', '|'].map((d): (typeof CASES)[number] => [`delimiter ${JSON.stringify(d)}`, `1${d}"a,b${d}cdefgh"${d}x\n2${d}ok${d}y\n`, { delimiter: d, cap: 4 }, [
    { record: ['1', '', 'x'], line: 1, oversized: [{ column: 1, chars: 10 }] },
    { record: ['2', 'ok', 'y'], line: 2 },
  ]]),
  ['blanks are part of a field (callers trim): before a quote it is text, after a closing one the quote is kept', ' "x,y" ,z\n"bob"x, 1 \nnext,2\n', { cap: 100 }, [
    { record: [' "x', 'y" ', 'z'], line: 1 },
    { record: ['"bob"x', ' 1 '], line: 2 },
    { record: ['next', '2'], line: 3 },
  ]],
  ['ltrim (Rocket.Chat): blanks before a field are dropped, so a quote after them opens it; counted in no field', '  "x,yyyyyyyy",z\n\t"bob"x, 1 \nnext,\t "a,b"\n', { ltrim: true, cap: 8 }, [
    { record: ['', 'z'], line: 1, oversized: [{ column: 0, chars: 10 }] },
    { record: ['"bob"x', '1 '], line: 2 },
    { record: ['next', 'a,b'], line: 3 },
  ]],
  ['a quote never closed after the cut: still the unclosed-quote error of its line', 'a,b\n1,"abcdefgh\n2,x\n', { cap: 3 }, [
    { record: ['a', 'b'], line: 1 },
    { record: [], line: 2, error: UNCLOSED },
  ]],
  ['several fields cut in one row, and a cut last field without a final line break', 'abcdef,x,"ghijkl"\nmnopqr', { cap: 4 }, [
    { record: ['', 'x', ''], line: 1, oversized: [{ column: 0, chars: 6 }, { column: 2, chars: 6 }] },
    { record: [''], line: 2, oversized: [{ column: 0, chars: 6 }] },
  ]],
  ['U+FDD0 in the input becomes U+FFFD, so no text passes for a cut field', '1,\uFDD07:0\uFDD1\n', { cap: 10 }, [
    { record: ['1', '\uFFFD7:0\uFDD1'], line: 1 },
  ]],
];

describe('csvRows with a field over the cap', () => {
  it.each(CASES)('%s', async (_title, text, options, expected) => {
    expect(await rows(text, options)).toEqual(expected);
  });
});

describe('csvRows with a small cap agrees with csv-parse on generated input', () => {
  // Pieces that exercise quoting: quotes at a field's start and inside it, escaped quotes, every line ending.
  const PIECES = ['a', 'bcdefg', '"', '""', ',', ';', '\n', '\r', '\r\n', ' a', 'x"y'];
  const CAP = 4;

  /** A small deterministic generator (mulberry32), so a failure names an input that can be replayed. */
  function random(seed: number): () => number {
    let state = seed;
    return () => {
      state = (state + 0x6d2b79f5) | 0;
      let t = Math.imul(state ^ (state >>> 15), 1 | state);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
  }

  /** What csvRows with the cap must give, from the rows csv-parse reads without it. */
  function capped(rowsWithoutCap: readonly CsvRow[]): CsvRow[] {
    return rowsWithoutCap.map((row) => {
      const oversized = row.record.flatMap((field, column) => (field.length > CAP ? [{ column, chars: field.length }] : []));
      if (oversized.length === 0) return row;
      return { ...row, record: row.record.map((field) => (field.length > CAP ? '' : field)), oversized };
    });
  }

  it('400 inputs, in random chunks: the same rows, lines and errors, cut fields reported with their length', async () => {
    const next = random(18);
    for (let n = 0; n < 400; n += 1) {
      let text = '';
      const length = Math.floor(next() * 30);
      for (let i = 0; i < length; i += 1) text += PIECES[Math.floor(next() * PIECES.length)];
      const delimiter = next() < 0.5 ? ',' : ';';
      // Without a cap the filter passes the text unchanged, so these rows are csv-parse's own.
      expect(new FieldCapper({ delimiter, cap: Infinity }).write(text, true)).toBe(text);
      const reference = await rowsOf([text], { delimiter, cap: Infinity });
      const chunks: string[] = [];
      for (let at = 0; at < text.length; ) {
        const size = 1 + Math.floor(next() * 6);
        chunks.push(text.slice(at, at + size));
        at += size;
      }
      expect(await rowsOf(chunks, { delimiter, cap: CAP }), `input ${JSON.stringify(text)} delimiter ${delimiter}`).toEqual(capped(reference));
    }
  });
});

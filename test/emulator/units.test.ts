// Pure pieces of the emulator: timestamps, the messages.list filter grammar, ids, and the multipart parser.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ApiError } from '../../src/emulator/errors.js';
import { numericUserId } from '../../src/emulator/ids.js';
import { parseMessageFilter, parseMessageOrder } from '../../src/emulator/message-filter.js';
import { MultipartError, MultipartRelatedParser, relatedBoundary } from '../../src/emulator/multipart.js';
import { formatTimestamp, parseTimestamp } from '../../src/emulator/times.js';

const T0 = Date.UTC(2021, 0, 2, 3, 4, 5) * 1000; // 2021-01-02T03:04:05Z in µs

describe('parseTimestamp', () => {
  it.each([
    ['2021-01-02T03:04:05Z', T0],
    ['2021-01-02T03:04:05.1Z', T0 + 100_000],
    ['2021-01-02T03:04:05.123456Z', T0 + 123_456],
    ['2021-01-02T03:04:05.123456789Z', T0 + 123_456],
    ['2021-01-02T04:04:05+01:00', T0],
    ['2021-01-01T22:34:05-04:30', T0],
    ['2021-01-02t03:04:05z', T0],
  ])('%s → %i µs', (text, us) => {
    expect(parseTimestamp(text, 'f')).toBe(us);
  });

  it.each([['2021-02-30T00:00:00Z'], ['2021-01-02T24:00:00Z'], ['2021-01-02 03:04:05Z'], ['2021-01-02T03:04:05'], [1609556645000], ['']])(
    'refuses %j with INVALID_ARGUMENT', (value) => {
      expect(() => parseTimestamp(value, 'f')).toThrow(ApiError);
      try {
        parseTimestamp(value, 'f');
      } catch (e) {
        expect((e as ApiError).status).toBe('INVALID_ARGUMENT');
      }
    });
});

describe('formatTimestamp', () => {
  it.each([
    [T0, '2021-01-02T03:04:05Z'],
    [T0 + 120_000, '2021-01-02T03:04:05.120Z'],
    [T0 + 123_456, '2021-01-02T03:04:05.123456Z'],
    [T0 + 1, '2021-01-02T03:04:05.000001Z'],
    [T0 - 1, '2021-01-02T03:04:04.999999Z'],
  ])('%i µs → %s', (us, text) => {
    expect(formatTimestamp(us)).toBe(text);
  });

  it('round-trips every µs in 2000–2100', () => {
    const lo = Date.UTC(2000, 0, 1) * 1000;
    const hi = Date.UTC(2100, 0, 1) * 1000;
    fc.assert(fc.property(fc.integer({ min: lo, max: hi }), (us) => parseTimestamp(formatTimestamp(us), 'f') === us));
  });
});

describe('messages.list filter grammar', () => {
  it.each([
    ['', {}],
    ['create_time > "2021-01-02T03:04:05Z"', { afterUs: T0 }],
    ['create_time < "2021-01-02T03:04:05Z"', { beforeUs: T0 }],
    ['create_time > "2021-01-02T03:04:05Z" AND create_time < "2021-01-02T03:04:06Z"', { afterUs: T0, beforeUs: T0 + 1_000_000 }],
    ['thread.name = spaces/A/threads/B', { threadName: 'spaces/A/threads/B' }],
    ['thread.name = "spaces/A/threads/B" AND create_time > "2021-01-02T03:04:05Z"', { threadName: 'spaces/A/threads/B', afterUs: T0 }],
  ])('%j parses', (filter, expected) => {
    expect(parseMessageFilter(filter)).toEqual(expected);
  });

  it.each([
    ['create_time >= "2021-01-02T03:04:05Z"'],
    ['create_time > 2021-01-02T03:04:05Z'],
    ['create_time > "2021-01-02T03:04:05Z" and create_time < "2021-01-02T03:04:06Z"'],
    ['thread.name = spaces/A/threads/B AND thread.name = spaces/A/threads/C'],
    ['create_time > "yesterday"'],
    ['text = "hi"'],
  ])('%j is INVALID_ARGUMENT', (filter) => {
    expect(() => parseMessageFilter(filter)).toThrow(ApiError);
  });

  it.each([[null, 'ASC'], ['', 'ASC'], ['create_time ASC', 'ASC'], ['create_time desc', 'DESC'], ['DESC', 'DESC']])('orderBy %j → %s', (orderBy, order) => {
    expect(parseMessageOrder(orderBy)).toBe(order);
  });
});

describe('numericUserId', () => {
  it('is 21 digits starting with 1, stable and case-insensitive', () => {
    const id = numericUserId('Alice@Example.com');
    expect(id).toMatch(/^1\d{20}$/);
    expect(numericUserId('alice@example.com')).toBe(id);
    expect(numericUserId('bob@example.com')).not.toBe(id);
  });
});

describe('MultipartRelatedParser', () => {
  const boundary = 'b1c2d3';
  const body = (media: Buffer) => Buffer.concat([
    Buffer.from(`--${boundary}\r\ncontent-type: application/json\r\n\r\n{"filename":"a.bin"}\r\n--${boundary}\r\ncontent-type: image/png\r\n\r\n`),
    media,
    Buffer.from(`\r\n--${boundary}--`),
  ]);

  function parse(chunks: Buffer[]) {
    const parts: Array<{ type: string | undefined; data: Buffer }> = [];
    const parser = new MultipartRelatedParser(boundary, (headers) => {
      const part = { type: headers.get('content-type'), data: Buffer.alloc(0) };
      parts.push(part);
      return { write: (c) => { part.data = Buffer.concat([part.data, c]); }, end: () => {} };
    });
    for (const c of chunks) parser.write(c);
    parser.end();
    return parts.map((p) => [p.type, p.data.toString('latin1')]);
  }

  it('splits metadata and media however the body is chunked, even when the media looks like a boundary', () => {
    fc.assert(fc.property(
      fc.uint8Array({ maxLength: 200 }).map((a) => Buffer.concat([Buffer.from(a), Buffer.from(`\r\n--${boundary.slice(0, 4)}`)])),
      fc.array(fc.nat(), { maxLength: 8 }),
      (media, cuts) => {
        const whole = body(media);
        const points = [...new Set(cuts.map((c) => c % (whole.length + 1)))].sort((a, b) => a - b);
        const chunks = [0, ...points].map((start, i) => whole.subarray(start, [...points, whole.length][i]));
        expect(parse(chunks)).toEqual([['application/json', '{"filename":"a.bin"}'], ['image/png', media.toString('latin1')]]);
      },
    ));
  });

  it('refuses a body without its closing boundary', () => {
    const whole = body(Buffer.from('abc'));
    expect(() => parse([whole.subarray(0, whole.length - 4)])).toThrow(MultipartError);
  });

  it.each([
    ['multipart/related; boundary=abc', 'abc'],
    ['Multipart/Related; boundary="a b"', 'a b'],
    ['multipart/form-data; boundary=abc', undefined],
    [undefined, undefined],
  ])('relatedBoundary(%j) = %j', (contentType, expected) => {
    expect(relatedBoundary(contentType)).toBe(expected);
  });
});

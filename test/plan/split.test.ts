import { describe, expect, it } from 'vitest';
import { splitText, utf8Length } from '../../src/plan/split.js';

describe('splitText', () => {
  it('keeps text that fits as one part', () => {
    expect(splitText('hello', 5)).toEqual(['hello']);
  });

  it('breaks at the last newline, keeping it with the earlier part', () => {
    expect(splitText('aaaa\nbbbb\ncccc', 11)).toEqual(['aaaa\nbbbb\n', 'cccc']);
  });

  it('breaks at a space when there is no usable newline', () => {
    expect(splitText('one two three four', 10)).toEqual(['one two ', 'three four']);
  });

  it('cuts hard inside a long word', () => {
    expect(splitText('abcdefghij', 4)).toEqual(['abcd', 'efgh', 'ij']);
  });

  it('never cuts a multi-byte character in half and keeps every byte budget', () => {
    const text = '😀'.repeat(10) + 'é'.repeat(7);
    const parts = splitText(text, 9);
    expect(parts.join('')).toBe(text);
    for (const part of parts) expect(utf8Length(part)).toBeLessThanOrEqual(9);
    expect(parts[0]).toBe('😀😀');
  });

  it('splits a 100 000-byte message into parts within 31 488 bytes', () => {
    const text = 'word '.repeat(20_000);
    const parts = splitText(text, 31_488);
    expect(parts.length).toBe(4);
    expect(parts.join('')).toBe(text);
    expect(parts.map(utf8Length)).toEqual([31_485, 31_485, 31_485, 5_545]);
  });
});

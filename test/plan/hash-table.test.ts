import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HashTable } from '../../src/plan/hash-table.js';
import { quickHash } from '../../src/plan/ids.js';

describe('HashTable', () => {
  it.each([
    ['zero', 0],
    ['one', 1],
    ['2^32 (high half only)', 2 ** 32],
    ['2^53 − 1, the largest key', Number.MAX_SAFE_INTEGER],
  ])('stores the key %s with its value', (_name, key) => {
    const table = new HashTable(true);
    expect(table.has(key)).toBe(false);
    expect(table.get(key)).toBeUndefined();
    table.set(key, 42);
    expect(table.has(key)).toBe(true);
    expect(table.get(key)).toBe(42);
    expect(table.size).toBe(1);
  });

  it('replaces the value of a key set twice without counting it twice', () => {
    const table = new HashTable(true).set(7, 1).set(7, 2);
    expect(table.get(7)).toBe(2);
    expect(table.size).toBe(1);
  });

  it('answers as a Map does for 50,000 message-id hashes, through many resizes from 16 slots', () => {
    const table = new HashTable(true, 16);
    const reference = new Map<number, number>();
    for (let i = 0; i < 50_000; i++) {
      const key = quickHash(`1700000000.${String(i).padStart(6, '0')}`);
      const value = quickHash(`U${i % 97}`, `text ${i}`);
      table.set(key, value);
      reference.set(key, value);
    }
    expect(table.size).toBe(reference.size);
    for (const [key, value] of reference) expect(table.get(key)).toBe(value);
    for (let i = 50_000; i < 51_000; i++) expect(table.has(quickHash(`1700000000.${i}`))).toBe(false);
  });

  it('keeps a set (no values) that reads 0 for present keys', () => {
    const set = new HashTable(false).set(5);
    expect(set.get(5)).toBe(0);
    expect(set.get(6)).toBeUndefined();
  });

  it('agrees with a Set on any sequence of keys', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }), { maxLength: 300 }), fc.array(fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }), { maxLength: 50 }), (added, probed) => {
        const table = new HashTable(false, 16);
        for (const key of added) table.set(key);
        const reference = new Set(added);
        expect(table.size).toBe(reference.size);
        for (const key of [...added, ...probed]) expect(table.has(key)).toBe(reference.has(key));
      }),
    );
  });

  it.each([
    ['a negative number', -1],
    ['a fraction', 1.5],
    ['2^53', 2 ** 53],
    ['NaN', Number.NaN],
  ])('refuses %s as a key', (_name, key) => {
    expect(() => new HashTable(false).set(key)).toThrow(RangeError);
  });
});

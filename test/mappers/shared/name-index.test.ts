// The compact name → size index every source tree keeps for the whole run (see name-index.ts): it must answer
// exactly as the Map it replaces, in the order it was given, for any names an export can hold.
import { describe, expect, it } from 'vitest';
import { NameIndex } from '../../../mappers/shared/name-index.js';

const FILES: [string, number][] = [
  ['users.json', 120],
  ['general/2020-01-02.json', 4096],
  ['general/2020-01-01.json', 0],
  // A name that is a prefix of others, and others that share long prefixes.
  ['a', 1],
  ['a/b', 2],
  ['ab', 3],
  ['a/', 4],
  // Beyond Latin-1 (the joined string becomes two-byte), and astral characters (surrogate pairs).
  ['日本語/チャット.json', 5],
  ['emoji/😀.json', 6],
  ['Résumé/café.json', 7],
  // Sizes past 2^32: a zip64 entry or a large upload.
  ['__uploads/F1/video.mp4', 6_000_000_000],
  ['', 8],
];

describe('NameIndex', () => {
  const index = new NameIndex(FILES);
  const map = new Map(FILES);

  it('iterates names and [name, size] pairs in the order given', () => {
    expect([...index.keys()]).toEqual(FILES.map(([name]) => name));
    expect([...index]).toEqual(FILES);
    expect(index.size).toBe(12);
  });

  it.each(FILES)('finds %j with its size, as a Map does', (name, size) => {
    expect([index.has(name), index.get(name)]).toEqual([true, size]);
    expect(index.ordinalOf(name)).toBe(FILES.findIndex(([n]) => n === name));
  });

  it.each([
    ['a name never listed', 'missing.json'],
    ['a prefix of a listed name', 'general/2020-01-0'],
    ['a listed name with more after it', 'users.json/x'],
    ['a listed name in other case', 'USERS.JSON'],
    ['one half of a surrogate pair', 'emoji/\ud83d'],
    ['a name between two listed ones', 'a/a'],
  ])('answers no for %s, as a Map does', (_, name) => {
    expect([index.has(name), index.get(name), index.ordinalOf(name)]).toEqual([map.has(name), map.get(name), undefined]);
    expect(index.has(name)).toBe(false);
  });

  it('is empty when given nothing', () => {
    const empty = new NameIndex([]);
    expect([empty.size, [...empty.keys()], empty.has(''), empty.get('a')]).toEqual([0, [], false, undefined]);
  });

  it('refuses a name listed twice, since a lookup could only find one of them', () => {
    expect(() => new NameIndex([['a', 1], ['b', 2], ['a', 3]])).toThrow('NameIndex: a is listed twice');
  });

  it('agrees with a Map on thousands of generated day-file names, looked up in another order', () => {
    const files: [string, number][] = [];
    for (let folder = 0; folder < 40; folder++) {
      for (let day = 1; day <= 60; day++) files.push([`channel-${folder}/2021-${String(1 + (day % 12)).padStart(2, '0')}-${String(day % 28 + 1).padStart(2, '0')}-${day}.json`, folder * 1000 + day]);
    }
    const many = new NameIndex(files);
    const reference = new Map(files);
    const probes = [...files.map(([name]) => name).reverse(), ...files.map(([name]) => `${name}x`), ...files.map(([name]) => name.slice(0, -1))];
    expect(probes.map((name) => many.get(name))).toEqual(probes.map((name) => reference.get(name)));
  });
});

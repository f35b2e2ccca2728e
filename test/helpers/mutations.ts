// Byte-level damage for fuzz tests: what a bad disk, a careless editor or a half-finished download does to an
// export. Positions are taken modulo the length, so any natural number is a valid position.
import fc from 'fast-check';

export type Mutation =
  | { readonly kind: 'truncate'; readonly at: number }
  | { readonly kind: 'flip'; readonly at: number; readonly mask: number }
  | { readonly kind: 'insert'; readonly at: number; readonly text: string }
  | { readonly kind: 'bom'; readonly bom: 'utf8' | 'utf16le' | 'utf16be' }
  | { readonly kind: 'splice'; readonly from: number; readonly length: number; readonly at: number };

const BOMS = { utf8: [0xef, 0xbb, 0xbf], utf16le: [0xff, 0xfe], utf16be: [0xfe, 0xff] } as const;

export const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), mask: fc.integer({ min: 1, max: 255 }) }),
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), text: fc.constantFrom('"', '""', "'", '\\', '{', ']', ',', '\n', '\r', '\u0000', ';', ':', '"hi"', '\ufffd', 'é') }),
  fc.record({ kind: fc.constant('bom' as const), bom: fc.constantFrom('utf8' as const, 'utf16le' as const, 'utf16be' as const) }),
  fc.record({ kind: fc.constant('splice' as const), from: fc.nat(), length: fc.integer({ min: 1, max: 400 }), at: fc.nat() }),
);

export function applyMutation(bytes: Buffer, m: Mutation): Buffer {
  const n = bytes.length;
  const at = (p: number) => (n === 0 ? 0 : p % (n + 1));
  switch (m.kind) {
    case 'truncate':
      return bytes.subarray(0, at(m.at));
    case 'flip': {
      if (n === 0) return bytes;
      const copy = Buffer.from(bytes);
      const i = m.at % n;
      copy[i] = (copy[i] as number) ^ m.mask;
      return copy;
    }
    case 'insert': {
      const i = at(m.at);
      return Buffer.concat([bytes.subarray(0, i), Buffer.from(m.text), bytes.subarray(i)]);
    }
    case 'bom':
      return Buffer.concat([Buffer.from(BOMS[m.bom]), bytes]);
    case 'splice': {
      const from = n === 0 ? 0 : m.from % n;
      const slice = bytes.subarray(from, from + m.length);
      const i = at(m.at);
      return Buffer.concat([bytes.subarray(0, i), slice, bytes.subarray(i)]);
    }
  }
}

export const mutations = fc.array(mutation, { minLength: 1, maxLength: 3 });

export function applyAll(bytes: Buffer, list: readonly Mutation[]): Buffer {
  return list.reduce(applyMutation, bytes);
}

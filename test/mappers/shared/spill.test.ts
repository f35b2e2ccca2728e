import { describe, expect, it } from 'vitest';
import { ConversationSpill } from '../../../mappers/shared/spill.js';

async function readAll(spill: ConversationSpill<string>, id: string, dedupe = false): Promise<string[]> {
  const out: string[] = [];
  for await (const record of spill.read(id, { dedupe })) out.push(record.payload);
  return out;
}

describe('ConversationSpill', () => {
  it('returns each conversation in time order, stable for equal times, records with no time first', async () => {
    const spill = await ConversationSpill.create<string>();
    try {
      await spill.add('a', 30, 'x', 'a30');
      await spill.add('b', 5, 'y', 'b5');
      await spill.add('a', 10, 'p', 'a10-first');
      await spill.add('a', 10, 'q', 'a10-second');
      await spill.add('a', -Infinity, undefined, 'a-skip');
      await spill.seal();
      expect(await readAll(spill, 'a')).toEqual(['a-skip', 'a10-first', 'a10-second', 'a30']);
      expect(await readAll(spill, 'b')).toEqual(['b5']);
      expect(await readAll(spill, 'missing')).toEqual([]);
      expect(spill.count('a')).toBe(4);
      expect(spill.conversationIds()).toEqual(['a', 'b']);
    } finally {
      await spill.close();
    }
  });

  it('drops a record filed twice with the same key and time when asked to', async () => {
    const spill = await ConversationSpill.create<string>();
    try {
      await spill.add('c', 1, 'm1', 'first copy');
      await spill.add('c', 2, 'm2', 'other');
      await spill.add('c', 1, 'm1', 'second copy');
      await spill.seal();
      expect(await readAll(spill, 'c', true)).toEqual(['first copy', 'other']);
      expect(await readAll(spill, 'c', false)).toEqual(['first copy', 'second copy', 'other']);
    } finally {
      await spill.close();
    }
  });

  it('reads back records larger than the read window and many interleaved conversations', async () => {
    const spill = await ConversationSpill.create<string>();
    try {
      const big = 'x'.repeat(600 * 1024);
      for (let i = 0; i < 3000; i++) await spill.add(`conv${i % 7}`, 3000 - i, `k${i}`, i === 5 ? big : `r${i}`);
      await spill.seal();
      const five = await readAll(spill, 'conv5');
      expect(five.length).toBe(428);
      expect(five[five.length - 1]).toBe(big);
      expect(five[0]).toBe('r2994');
    } finally {
      await spill.close();
    }
  });
});

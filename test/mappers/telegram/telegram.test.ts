import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { telegramMapper } from '../../../mappers/telegram/index.js';
import { FIXTURES, messageCounts, messages, readAll, ROOT, skipLines, skips } from '../helpers.js';

const DIR = `${FIXTURES}/chat-miner/telegram`;
const FIXTURE = join(ROOT, 'fixtures/telegram/ChatExport');

describe.each([
  ['one-chat export', 'test_single_export.json', 'chat', 'Telegram chat', 'test_single_export.json'],
  ['batch export', 'test_batch_export.json', 'chat-1', 'Chatname', 'test_batch_export.json#chat-1'],
])('Telegram Desktop JSON (chat-miner %s)', (_label, name, id, chatName, file) => {
  it('reads the chat, its two authors and their messages', async () => {
    const read = await readAll(telegramMapper, `${DIR}/${name}`);
    expect([...read.source.people.values()]).toEqual([
      { id: 'Author 1', displayName: 'Author 1', isBot: false },
      { id: 'Author 2', displayName: 'Author 2', isBot: false },
    ]);
    expect(read.source.conversations).toEqual([{ id, name: chatName, kind: 'private_channel', memberIds: ['Author 1', 'Author 2'] }]);
    expect(messages(read, id).map((m) => [m.id, m.authorId, m.timeMs, m.text, m.origin])).toEqual([
      ['#1', 'Author 1', 1544006350000, 'Minimal Message', { file, record: 1 }],
      ['#2', 'Author 2', 1544006964000, '*Link:*https://telegram.org/', { file, record: 2 }],
    ]);
  });
});

describe('Telegram Desktop JSON (fixtures/telegram, full export folder)', () => {
  it('reads every chat with its kind', async () => {
    const read = await readAll(telegramMapper, FIXTURE);
    expect(read.source.conversations).toEqual([
      { id: '2002', name: 'Project Falcon', kind: 'private_channel', memberIds: ['user1001', 'user1002'] },
      { id: '1002', name: 'Leo Park', kind: 'dm', memberIds: ['user1002', 'user1001'] },
    ]);
    expect(messageCounts(read)).toEqual([
      ['2002', 4],
      ['1002', 2],
    ]);
    expect([...read.source.people.values()].map((p) => [p.id, p.displayName])).toEqual([
      ['user1001', 'Mia Rossi'],
      ['user1002', 'Leo Park'],
    ]);
  });

  it('turns reply chains into one thread and keeps entities, reactions and media', async () => {
    const read = await readAll(telegramMapper, FIXTURE);
    const group = messages(read, '2002');
    expect(group.map((m) => [m.id, m.authorId, m.timeMs, m.threadId])).toEqual([
      ['2', 'user1001', 1736240460000, '2'],
      ['3', 'user1002', 1736240520000, '2'],
      ['4', 'user1001', 1736240580000, '2'],
      ['5', 'user1002', 1736240640000, undefined],
    ]);
    expect(group[0]?.text).toBe('Kickoff *today* — see <https://example.com/plan|the plan>');
    expect(group[0]?.reactions).toEqual([
      { unicode: '👍', personIds: ['user1002', 'user1001'] },
      { customName: '5431234567890', personIds: ['user1002'] },
    ]);
    expect(group[0]?.fallbacks).toEqual(['unknown_entity']);
    expect(group[1]?.files?.map((f) => [f.id, f.name, typeof f.open])).toEqual([['3/photo', 'photo_1@07-01-2025_09-02-00.jpg', 'function']]);
    expect(group[3]?.text).toBe('_Forwarded from Falcon News_\nSpecs attached');
    expect(group[3]?.files?.map((f) => [f.name, f.mimeType, typeof f.open])).toEqual([['specs.pdf', 'application/pdf', 'undefined']]);
    expect(skipLines(skips(read, '2002'))).toEqual(['telegram_service_message result.json#chat-1:1', 'telegram_service_message result.json#chat-1:6']);
  });
});

import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { jsonMapper } from '../../../mappers/json/index.js';
import { messageCounts, messages, readAll, ROOT, skipLines, skips, type Read } from '../helpers.js';

const DOCUMENT = join(ROOT, 'fixtures/json/export.json');
const LINES = join(ROOT, 'fixtures/json/export.jsonl');

function summary(read: Read) {
  return messages(read, 'general').map((m) => ({
    id: m.id,
    authorId: m.authorId,
    timeMs: m.timeMs,
    text: m.text,
    threadId: m.threadId,
    reactions: m.reactions,
    files: m.files?.map((f) => ({ id: f.id, name: f.name, permalink: f.permalink, bytes: f.open !== undefined })),
  }));
}

describe.each([
  ['document', DOCUMENT, 'export.json#messages', 5],
  ['JSON Lines', LINES, 'export.jsonl', 11],
])('chat-import JSON interchange (%s)', (_label, path, file, badTimeRecord) => {
  it('reads people, conversations and memberships', async () => {
    const read = await readAll(jsonMapper, path);
    expect([...read.source.people.values()]).toEqual([
      { id: 'u-ada', displayName: 'Ada Lovelace', email: 'ada@example.com', isBot: false },
      { id: 'u-grace', displayName: 'Grace Hopper', email: 'grace@example.com', isBot: false },
      { id: 'bot-ci', displayName: 'CI Bot', isBot: true },
    ]);
    expect(read.source.conversations).toEqual([
      { id: 'general', name: 'General', kind: 'channel', createdMs: 1704067200000, description: 'Company-wide announcements', memberIds: ['u-ada', 'u-grace'] },
      { id: 'ada-grace', name: 'Ada & Grace', kind: 'dm', memberIds: ['u-ada', 'u-grace'] },
    ]);
    expect(messageCounts(read)).toEqual([
      ['general', 3],
      ['ada-grace', 1],
    ]);
    expect(read.records.get('general')?.filter((r) => r.type === 'membership')).toEqual([
      { type: 'membership', event: { conversationId: 'general', personId: 'bot-ci', type: 'join', timeMs: 1704185940000 } },
    ]);
  });

  it('keeps threads, reactions and files; file bytes come from the path beside the JSON', async () => {
    const read = await readAll(jsonMapper, path);
    expect(summary(read)).toEqual([
      {
        id: 'm1',
        authorId: 'u-ada',
        timeMs: 1704186000000,
        text: 'Kickoff *today*',
        threadId: 'm1',
        reactions: [
          { unicode: '👍', personIds: ['u-grace'] },
          { unicode: '🎉', personIds: ['u-ada', 'u-grace'] },
          { customName: 'partyparrot', personIds: ['u-grace'] },
        ],
        files: undefined,
      },
      { id: 'm2', authorId: 'u-grace', timeMs: 1704186060000, text: 'Count me in', threadId: 'm1', reactions: undefined, files: undefined },
      {
        id: 'm3',
        authorId: 'bot-ci',
        timeMs: 1704186180000,
        text: 'Build passed',
        threadId: undefined,
        reactions: undefined,
        files: [
          { id: 'f1', name: 'notes.txt', permalink: undefined, bytes: true },
          { id: 'f2', name: 'design.pdf', permalink: 'https://files.example.com/design.pdf', bytes: false },
        ],
      },
    ]);
    expect(messages(read, 'ada-grace').map((m) => [m.id, m.timeMs, m.text])).toEqual([['d1', 1704193200000, 'Lunch?']]);
  });

  it('opens file bytes from the export folder', async () => {
    const source = await jsonMapper.open(path, { now: () => 0 });
    try {
      for await (const record of source.records('general')) {
        const file = record.type === 'message' ? record.message.files?.[0] : undefined;
        if (!file?.open) continue;
        let text = '';
        for await (const chunk of await file.open()) text += String(chunk);
        expect(text).toBe('Meeting notes: ship on Friday.\n');
      }
    } finally {
      await source.close();
    }
  });

  it('skips a bad time in its conversation and a message of an undeclared conversation at table level', async () => {
    const read = await readAll(jsonMapper, path);
    expect(skipLines(skips(read, 'general'))).toEqual([`json_bad_message ${file}:${badTimeRecord}`]);
    const unknown = read.source.tableSkips.filter((s) => s.code === 'json_unknown_conversation');
    expect(unknown.map((s) => s.reason)).toEqual(['message of conversation random, which is not declared']);
  });
});

describe('chat-import JSON Lines problems', () => {
  it('reports unknown record types and broken lines with their line numbers', async () => {
    const read = await readAll(jsonMapper, LINES);
    expect(skipLines(read.source.tableSkips)).toEqual([
      'json_unknown_type export.jsonl:14',
      'json_bad_line export.jsonl:15',
      'json_unknown_conversation export.jsonl:12',
    ]);
  });
});

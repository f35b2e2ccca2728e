// Reading behaviour on small exports built here: threads across day files, broken day files, file bytes,
// zips with a top folder, detection and fingerprints.
import { join } from 'node:path';
import { text } from 'node:stream/consumers';
import { afterAll, describe, expect, it } from 'vitest';
import type { ConversationRecord, Message, OpenOptions } from '../../../src/model.js';
import { emailResolver } from '../../../src/people.js';
import { slackMapper } from '../../../mappers/slack/index.js';
import { removeTempDirs, tempDir, writeTree, writeZip, type Tree } from './export-builder.js';

const options: OpenOptions = { now: () => 0 };
const USERS = [
  { id: 'U1', name: 'ann', profile: { display_name: 'Ann', email: 'Ann@Old.example' } },
  { id: 'U2', name: 'bob', real_name: 'Bob B', profile: { display_name: '' } },
  { id: 'UBOT', name: 'ci', is_bot: true, profile: { real_name: 'CI' } },
];
const CHANNELS = [{ id: 'C1', name: 'general', created: 1577836800, members: ['U1', 'U2'], purpose: { value: '' }, topic: { value: 'Topic!' } }];

function msg(ts: string, body: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { type: 'message', user: 'U1', text: body, ts, ...extra };
}

async function readAll(path: string, id: string, opts: OpenOptions = options): Promise<ConversationRecord[]> {
  const source = await slackMapper.open(path, opts);
  const out: ConversationRecord[] = [];
  for await (const record of source.records(id)) out.push(record);
  await source.close();
  return out;
}

afterAll(removeTempDirs);

const messagesOf = (records: ConversationRecord[]): Message[] => records.flatMap((r) => (r.type === 'message' ? [r.message] : []));

describe('day files', () => {
  it('keeps a reply in a later day file in its root thread; time comes from ts, not the file name', async () => {
    const dir = await writeTree({
      'users.json': USERS,
      'channels.json': CHANNELS,
      // 2020-01-01 23:30 UTC is 2020-01-02 in the workspace's zone (UTC+1): it sits in the 01-02 file.
      'general/2020-01-01.json': [msg('1577880000.000100', 'root', { thread_ts: '1577880000.000100', reply_count: 2 })],
      'general/2020-01-02.json': [
        msg('1577921400.000200', 'late reply', { user: 'U2', thread_ts: '1577880000.000100', parent_user_id: 'U1' }),
        msg('1577921400.000100', 'reply just before midnight UTC', { user: 'U2', thread_ts: '1577880000.000100' }),
      ],
      'general/2020-01-05.json': [msg('1578200000.000000', 'much later reply', { thread_ts: '1577880000.000100' })],
    });
    const list = messagesOf(await readAll(dir, 'C1'));
    expect(list.map((m) => [m.id, m.threadId, m.timeMs, m.fallbacks])).toEqual([
      ['1577880000.000100', '1577880000.000100', 1577880000000, undefined],
      ['1577921400.000100', '1577880000.000100', 1577921400000, undefined],
      ['1577921400.000200', '1577880000.000100', 1577921400000, undefined],
      ['1578200000.000000', '1577880000.000100', 1578200000000, undefined],
    ]);
    expect(list[1]?.origin).toEqual({ file: 'general/2020-01-02.json', record: 2 });
  });

  it('turns bad day files and records into skips naming the file and record, and never throws', async () => {
    const dir = await writeTree({
      'users.json': USERS,
      'channels.json': CHANNELS,
      'general/2020-01-01.json': '[{"type": "message", "ts": ',
      'general/2020-01-02.json': { messages: [] },
      'general/2020-01-03.json': [
        42,
        msg('1578009600.000300', 'third'),
        { type: 'message', user: 'U1', text: 'no ts' },
        msg('1578009600.000100', 'first'),
        msg('1578009600.000100', 'same ts again'),
        msg('not-a-ts', 'bad ts'),
        msg('1578009600.000200', '', { subtype: 'channel_topic' }),
      ],
      'general/2020-01-04.json': '\ufeff[{"type": "message", "user": "U1", "text": "after a BOM", "ts": "1578096000.000000"}]',
      'general/notes.txt': 'not a day file',
    });
    const records = await readAll(dir, 'C1');
    expect(records).toEqual([
      { type: 'skip', skip: { conversationId: 'C1', code: 'bad_json', reason: expect.stringMatching(/^general\/2020-01-01\.json: not valid JSON \(.+\)$/), origin: { file: 'general/2020-01-01.json' } } },
      { type: 'skip', skip: { conversationId: 'C1', code: 'not_array', reason: 'general/2020-01-02.json: not a JSON array of messages', origin: { file: 'general/2020-01-02.json' } } },
      { type: 'skip', skip: { conversationId: 'C1', code: 'bad_record', reason: 'general/2020-01-03.json record 1: is not a JSON object', origin: { file: 'general/2020-01-03.json', record: 1 } } },
      { type: 'skip', skip: { conversationId: 'C1', code: 'missing_ts', reason: 'general/2020-01-03.json record 3: message has no valid ts', origin: { file: 'general/2020-01-03.json', record: 3 } } },
      { type: 'skip', skip: { conversationId: 'C1', code: 'missing_ts', reason: 'general/2020-01-03.json record 6: message has no valid ts', origin: { file: 'general/2020-01-03.json', record: 6 } } },
      { type: 'message', message: { conversationId: 'C1', id: '1578009600.000100', authorId: 'U1', timeMs: 1578009600000, text: 'first', origin: { file: 'general/2020-01-03.json', record: 4 } } },
      // Same ts, another message: passed on; the planner gives it its own id (or skips an exact duplicate).
      { type: 'message', message: { conversationId: 'C1', id: '1578009600.000100', authorId: 'U1', timeMs: 1578009600000, text: 'same ts again', origin: { file: 'general/2020-01-03.json', record: 5 } } },
      {
        type: 'skip',
        skip: {
          conversationId: 'C1',
          code: 'channel_topic',
          reason: 'general/2020-01-03.json record 7: channel_topic: a channel topic change, not a chat message (the space description comes from channels.json)',
          origin: { file: 'general/2020-01-03.json', record: 7 },
        },
      },
      { type: 'message', message: { conversationId: 'C1', id: '1578009600.000300', authorId: 'U1', timeMs: 1578009600000, text: 'third', origin: { file: 'general/2020-01-03.json', record: 2 } } },
      { type: 'message', message: { conversationId: 'C1', id: '1578096000.000000', authorId: 'U1', timeMs: 1578096000000, text: 'after a BOM', origin: { file: 'general/2020-01-04.json', record: 1 } } },
    ]);
  });

  it('reports a broken table and still reads the rest; unknown folders become channels', async () => {
    const dir = await writeTree({
      'users.json': '{oops',
      'channels.json': [...CHANNELS, { name: 'no-id' }, CHANNELS[0] as object],
      'general/2020-01-01.json': [msg('1577836800.000000', 'hi')],
      'orphan/2020-01-01.json': [msg('1577836801.000000', 'lost channel')],
    });
    const source = await slackMapper.open(dir, options);
    expect(source.tableSkips.map((s) => [s.code, s.reason])).toEqual([
      ['bad_json', expect.stringMatching(/^users\.json: not valid JSON/)],
      ['missing_user', 'users.json has no user U1 (member of #general); shown by id'],
      ['missing_user', 'users.json has no user U2 (member of #general); shown by id'],
      ['bad_table_record', 'channels.json record 2: not a conversation with an id'],
      ['duplicate_conversation', 'channels.json record 3: conversation C1 is listed twice'],
      ['missing_conversation', 'folder orphan/ has day files but no entry in channels.json, groups.json, mpims.json or dms.json; imported as channel "orphan"'],
    ]);
    expect(source.conversations.map((c) => [c.id, c.name, c.kind])).toEqual([
      ['C1', 'general', 'channel'],
      ['orphan', 'orphan', 'channel'],
    ]);
    const orphan: ConversationRecord[] = [];
    for await (const r of source.records('orphan')) orphan.push(r);
    // U1 is known as a placeholder person (a member missing from users.json), so no separate author name.
    expect(messagesOf(orphan).map((m) => [m.text, m.authorId, m.authorName])).toEqual([['lost channel', 'U1', undefined]]);
    expect(source.people.get('U1')).toEqual({ id: 'U1', displayName: 'U1', isBot: false });
    await source.close();
  });
});

describe('tables', () => {
  it('reads private channels, MPIMs and DMs from their folders; emails via --users and --domain', async () => {
    const dir = await writeTree({
      'users.json': USERS,
      'org_users.json': [{ id: 'W9', name: 'grid', profile: { real_name: 'Grid User', email: 'grid@org.example' } }, USERS[0] as object],
      'channels.json': CHANNELS,
      'groups.json': [{ id: 'G1', name: 'secret', created: '1577836800', members: ['U1'], purpose: { value: 'Hush' } }],
      'mpims.json': [{ id: 'G2', name: 'mpdm-ann--bob--ci-1', created: 1577836800, members: ['U1', 'U2', 'UBOT'] }],
      'dms.json': [{ id: 'D1', created: 1577836800, members: ['U1', 'U2'] }],
      'secret/2020-01-01.json': [msg('1577836800.000000', 'private')],
      'mpdm-ann--bob--ci-1/2020-01-01.json': [msg('1577836800.000000', 'group')],
      'D1/2020-01-01.json': [msg('1577836800.000000', 'direct', { user: 'U2' })],
    });
    const opts: OpenOptions = { now: () => 0, emailOf: emailResolver({ userMap: new Map([['bob', 'robert@old.example']]), domain: 'New.example' }) };
    const source = await slackMapper.open(dir, opts);
    expect([...source.people.values()]).toEqual([
      { id: 'U1', displayName: 'Ann', email: 'ann@new.example', isBot: false },
      { id: 'U2', displayName: 'Bob B', email: 'robert@new.example', isBot: false },
      { id: 'UBOT', displayName: 'CI', isBot: true },
      { id: 'W9', displayName: 'Grid User', email: 'grid@new.example', isBot: false },
    ]);
    expect(source.conversations).toEqual([
      { id: 'C1', name: 'general', kind: 'channel', createdMs: 1577836800000, description: 'Topic!', memberIds: ['U1', 'U2'] },
      { id: 'G1', name: 'secret', kind: 'private_channel', createdMs: 1577836800000, description: 'Hush', memberIds: ['U1'] },
      { id: 'G2', name: 'Ann, Bob B, CI', kind: 'group_dm', createdMs: 1577836800000, memberIds: ['U1', 'U2', 'UBOT'] },
      { id: 'D1', name: 'Ann, Bob B', kind: 'dm', createdMs: 1577836800000, memberIds: ['U1', 'U2'] },
    ]);
    for (const [id, body] of [['G1', 'private'], ['G2', 'group'], ['D1', 'direct']]) {
      const records: ConversationRecord[] = [];
      for await (const r of source.records(id as string)) records.push(r);
      expect(messagesOf(records).map((m) => m.text)).toEqual([body]);
    }
    await source.close();
  });
});

describe('file bytes', () => {
  const tree: Tree = {
    'users.json': USERS,
    'channels.json': CHANNELS,
    'general/2020-01-01.json': [
      msg('1577836800.000000', '', {
        files: [
          { id: 'F1', name: 'a.txt', url_private: 'https://files.slack.com/a.txt?t=xoxe-1' },
          { id: 'F2', name: 'b.txt' },
          { id: 'F3', name: 'c.txt' },
          { id: 'F4', name: 'd.txt' },
        ],
      }),
    ],
    '__uploads/F1/a.txt': 'bytes of a',
    'general/attachments/F2-b.txt': 'bytes of b',
  };

  it('opens bytes from __uploads/, attachments/ and --files-dir, in a folder and in a zip', async () => {
    const filesDir = await writeTree({ 'F3/c.txt': 'bytes of c' });
    for (const path of [await writeTree(tree), await writeZip(tree)]) {
      const source = await slackMapper.open(path, { now: () => 0, filesDir });
      const records: ConversationRecord[] = [];
      for await (const r of source.records('C1')) records.push(r);
      const [message] = messagesOf(records);
      const files = message?.files ?? [];
      expect(files.map((f) => [f.id, f.permalink, f.open !== undefined])).toEqual([
        ['F1', 'https://files.slack.com/a.txt', true],
        ['F2', undefined, true],
        ['F3', undefined, true],
        ['F4', undefined, false],
      ]);
      expect(await Promise.all(files.slice(0, 3).map(async (f) => text((await f.open?.()) as NodeJS.ReadableStream)))).toEqual([
        'bytes of a',
        'bytes of b',
        'bytes of c',
      ]);
      // F4 has no bytes: the planner turns it into a line and counts it; the mapper adds no fallback of its own.
      expect(message?.fallbacks).toBeUndefined();
      await source.close();
    }
  });

  it('refuses a --files-dir that is not a folder', async () => {
    await expect(slackMapper.open(await writeTree(tree), { now: () => 0, filesDir: '/nonexistent/files' })).rejects.toThrow(
      '--files-dir /nonexistent/files is not a readable folder',
    );
  });
});

describe('zips, detection and fingerprints', () => {
  const tree: Tree = {
    'users.json': USERS,
    'channels.json': CHANNELS,
    'general/2020-01-01.json': [msg('1577836800.000000', 'hello')],
  };
  const nested: Tree = Object.fromEntries([
    ...Object.entries(tree).map(([name, content]) => [`Acme Slack export/${name}`, content]),
    ['__MACOSX/Acme Slack export/._users.json', 'resource fork'],
  ]);

  it('reads a zip whose content sits in one top folder', async () => {
    const zip = await writeZip(nested);
    expect(await slackMapper.detect(zip)).toBe(true);
    expect(messagesOf(await readAll(zip, 'C1')).map((m) => [m.text, m.origin])).toEqual([
      ['hello', { file: 'general/2020-01-01.json', record: 1 }],
    ]);
  });

  it('reads a folder whose content sits in one top folder', async () => {
    const dir = await writeTree(nested);
    expect(await slackMapper.detect(dir)).toBe(true);
    expect(messagesOf(await readAll(dir, 'C1')).map((m) => m.text)).toEqual(['hello']);
  });

  it('detects only Slack exports', async () => {
    expect(await slackMapper.detect(await writeTree(tree))).toBe(true);
    expect(await slackMapper.detect(await writeTree({ 'users.json': USERS, 'general/2020-01-01.json': [] }))).toBe(true);
    expect(await slackMapper.detect(await writeTree({ 'users.json': USERS }))).toBe(false);
    expect(await slackMapper.detect(await writeTree({ 'messages.csv': 'a,b\n' }))).toBe(false);
    expect(await slackMapper.detect(await writeZip({ 'messages.csv': 'a,b\n' }))).toBe(false);
    expect(await slackMapper.detect(join(await writeTree({ 'x.zip': 'not a zip' }), 'x.zip'))).toBe(false);
    expect(await slackMapper.detect(join(await tempDir(), 'missing.zip'))).toBe(false);
  });

  it('fingerprints the content: same for a zip and its folder, different when a day changes', async () => {
    const fingerprint = async (path: string): Promise<string> => {
      const source = await slackMapper.open(path, options);
      await source.close();
      return source.fingerprint;
    };
    const zip = await fingerprint(await writeZip(nested));
    expect(await fingerprint(await writeTree(tree))).toBe(zip);
    const changed = { ...tree, 'general/2020-01-01.json': [msg('1577836800.000000', 'hello!')] };
    expect(await fingerprint(await writeTree(changed))).not.toBe(zip);
    const changedUser = { ...tree, 'users.json': [{ ...USERS[0], name: 'anne' }, USERS[1], USERS[2]] };
    expect(await fingerprint(await writeTree(changedUser))).not.toBe(zip);
  });
});

import { describe, expect, it } from 'vitest';
import { mattermostMapper } from '../../../mappers/mattermost/index.js';
import { FIXTURES, messageCounts, messages, readAll, skipLines } from '../helpers.js';

const DIR = `${FIXTURES}/mattermost/zulip`;

describe('Mattermost bulk export (zulip fixture export.json)', () => {
  it('reads users, channels with their members, and posts per channel', async () => {
    const read = await readAll(mattermostMapper, `${DIR}/export.json`);
    expect([...read.source.people.values()].map((p) => [p.id, p.displayName, p.email])).toEqual([
      ['ron', 'Ron Weasley', 'ron@zulip.com'],
      ['harry', 'Harry Potter', 'harry@zulip.com'],
      ['malfoy', 'malfoy', 'malfoy@zulip.com'],
      ['pansy', 'pansy', 'pansy@zulip.com'],
      ['snape', 'Severus Snape', 'snape@zulip.com'],
    ]);
    expect(read.source.conversations.map((c) => [c.id, c.name, c.kind, c.memberIds])).toEqual([
      ['gryffindor/gryffindor-common-room', 'Gryffindor common room', 'channel', ['ron', 'harry']],
      ['gryffindor/gryffindor-quidditch-team', 'Gryffindor quidditch team', 'channel', ['ron', 'harry']],
      ['slytherin/slytherin-common-room', 'Slytherin common room', 'channel', ['malfoy', 'pansy', 'snape']],
      ['gryffindor/dumbledores-army', 'Dumbledores army', 'private_channel', ['ron', 'harry']],
      ['slytherin/slytherin-quidditch-team', 'Slytherin quidditch team', 'channel', ['malfoy', 'pansy']],
    ]);
    expect(read.source.conversations[0]?.description).toBe('A place for talking about Gryffindor common room');
    expect(messageCounts(read)).toEqual([
      ['gryffindor/gryffindor-common-room', 4],
      ['gryffindor/gryffindor-quidditch-team', 7],
      ['slytherin/slytherin-common-room', 1],
      ['gryffindor/dumbledores-army', 5],
      ['slytherin/slytherin-quidditch-team', 3],
    ]);
  });

  it('keeps replies in their thread (a reply stamped before its root moves to the root time)', async () => {
    const read = await readAll(mattermostMapper, `${DIR}/export.json`);
    expect(messages(read, 'gryffindor/dumbledores-army').map((m) => [m.id, m.authorId, m.timeMs, m.threadId, m.text])).toEqual([
      ['L14', 'harry', 1553166657086, 'L14', 'harry joined the channel.'],
      ['L14.1', 'ron', 1553166657086, 'L14', 'The weather is so hot!'],
      ['L28', 'harry', 1553166668668, undefined, 'hey everyone'],
      ['L22', 'harry', 1553166681045, undefined, 'ron added to the channel by harry.'],
      ['L27', 'ron', 1553166686344, undefined, 'hello'],
    ]);
  });

  it('maps reactions to Unicode, keeps custom ones by name, and counts @mentions it leaves as text', async () => {
    const read = await readAll(mattermostMapper, `${DIR}/export.json`);
    const quidditch = messages(read, 'gryffindor/gryffindor-quidditch-team');
    expect(quidditch.map((m) => [m.id, m.timeMs])).toEqual([
      ['L16', 1553165141670],
      ['L23', 1553165193242],
      ['L19', 1553166512482],
      ['L20', 1553166519720],
      ['L21', 1553166519726],
      ['L25', 1553166525124],
      ['L17', 1553166557928],
    ]);
    expect(quidditch[1]?.reactions).toEqual([
      { customName: 'tick', personIds: ['harry'] },
      { unicode: '😄', personIds: ['ron'] },
      { unicode: '🗺️', personIds: ['ron'] },
    ]);
    expect(quidditch[4]?.fallbacks).toEqual(['unmapped_mention']);
    expect(messages(read, 'slytherin/slytherin-quidditch-team').map((m) => m.reactions)).toEqual([
      undefined,
      [{ unicode: '😂', personIds: ['harry'] }],
      [{ customName: 'peerdium', personIds: ['harry'] }],
    ]);
  });

  it('skips a post whose channel is not in its team, naming the line', async () => {
    const read = await readAll(mattermostMapper, `${DIR}/export.json`);
    expect(skipLines(read.source.tableSkips)).toEqual(['mattermost_unknown_channel export.json:33']);
  });
});

describe('Mattermost bulk export (zulip fixture direct_channel/export.json)', () => {
  it('reads direct and group channels and their posts; attachments without bytes stay file references', async () => {
    const read = await readAll(mattermostMapper, `${DIR}/direct_channel/export.json`);
    expect(read.source.conversations.map((c) => [c.id, c.name, c.kind, c.memberIds])).toEqual([
      ['gryffindor/gryffindor-common-room', 'Gryffindor common room', 'channel', ['ginny', 'ron', 'harry']],
      ['gryffindor/gryffindor-quidditch-team', 'Gryffindor quidditch team', 'channel', ['ginny', 'ron', 'harry']],
      ['gryffindor/dumbledores-army', 'Dumbledores army', 'private_channel', ['ginny', 'ron', 'harry']],
      ['dm:harry,ron', 'Harry Potter, Ron Weasley', 'dm', ['harry', 'ron']],
      ['dm:ginny,harry,ron', 'Ginny Weasley, Harry Potter, Ron Weasley', 'group_dm', ['ginny', 'harry', 'ron']],
      ['dm:harry,voldemort', 'Harry Potter, Tom Riddle', 'dm', ['harry', 'voldemort']],
    ]);
    expect(messageCounts(read)).toEqual([
      ['gryffindor/gryffindor-common-room', 2],
      ['gryffindor/gryffindor-quidditch-team', 2],
      ['gryffindor/dumbledores-army', 0],
      ['dm:harry,ron', 2],
      ['dm:ginny,harry,ron', 3],
      ['dm:harry,voldemort', 2],
    ]);
    expect(messages(read, 'dm:ginny,harry,ron').map((m) => [m.authorId, m.timeMs])).toEqual([
      ['ginny', 1566376226493],
      ['ron', 1566376286363],
      ['harry', 1566376311350],
    ]);
    const withFile = messages(read, 'dm:harry,ron')[0];
    expect(withFile?.files?.map((f) => [f.id, f.name, f.open])).toEqual([['L16/1', 'harry-ron.jpg', undefined]]);
    expect(read.source.tableSkips).toEqual([]);
  });
});

describe('Mattermost bulk export (fixtures/mattermost/export.jsonl)', () => {
  const FILE = `${FIXTURES}/mattermost/export.jsonl`;

  it('reads people, channels with members from the user lines, and a direct channel named by its members', async () => {
    const read = await readAll(mattermostMapper, FILE);
    expect([...read.source.people.values()].map((p) => [p.id, p.displayName, p.email])).toEqual([
      ['ada', 'Ada Lovelace', 'ada@example.com'],
      ['grace', 'Grace Hopper', 'grace@example.com'],
      ['linus', 'Linus', 'linus@example.com'],
    ]);
    expect(read.source.conversations.map((c) => [c.id, c.name, c.kind, c.description, c.memberIds])).toEqual([
      ['acme/general', 'General', 'channel', 'Company-wide announcements', ['ada', 'grace', 'linus']],
      ['acme/launch', 'Launch', 'private_channel', 'Release planning', ['ada', 'grace']],
      ['dm:ada,grace', 'Ada Lovelace, Grace Hopper', 'dm', undefined, ['ada', 'grace']],
    ]);
    expect(messageCounts(read)).toEqual([
      ['acme/general', 3],
      ['acme/launch', 1],
      ['dm:ada,grace', 2],
    ]);
    expect(skipLines(read.source.tableSkips)).toEqual(['mattermost_unknown_channel export.jsonl:14']);
  });

  it('converts Markdown, keeps the thread, maps reactions, and turns system posts into memberships or skips', async () => {
    const read = await readAll(mattermostMapper, FILE);
    expect(messages(read, 'acme/general').map((m) => [m.id, m.authorId, m.timeMs, m.threadId, m.text, m.fallbacks])).toEqual([
      ['L10', 'ada', 1735725600000, 'L10', 'Welcome to *Acme*! The handbook is <https://example.com/handbook|here>.', undefined],
      ['L10.1', 'grace', 1735725660000, 'L10', 'Thanks @ada, ~reading~ read it.', ['unmapped_mention']],
      ['L10.2', 'linus', 1735725720000, 'L10', 'Same here 👍', undefined],
    ]);
    expect(messages(read, 'acme/general')[0]?.reactions).toEqual([
      { unicode: '👋', personIds: ['grace', 'linus'] },
      { customName: 'shipit', personIds: ['linus'] },
    ]);
    const general = read.records.get('acme/general') ?? [];
    expect(general.flatMap((r) => (r.type === 'membership' ? [r.event] : []))).toEqual([
      { conversationId: 'acme/general', personId: 'linus', type: 'join', timeMs: 1735725500000 },
    ]);
    expect(general.flatMap((r) => (r.type === 'skip' ? [`${r.skip.code} ${r.skip.origin?.record}`] : []))).toEqual(['mattermost_system_post 12']);
    expect(messages(read, 'acme/launch')[0]?.files).toEqual([{ id: 'L13/1', name: 'checklist.pdf' }]);
    expect(messages(read, 'dm:ada,grace').map((m) => [m.authorId, m.text])).toEqual([
      ['grace', 'Can you review the launch post?'],
      ['ada', 'Done.'],
    ]);
  });
});

import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { teamsMapper } from '../../../mappers/teams/index.js';
import { FIXTURES, messageCounts, messages, readAll, ROOT, skipLines, skips } from '../helpers.js';

const ZULIP_DIR = `${FIXTURES}/teams/zulip/microsoft_teams_fixtures`;
const FIXTURE = join(ROOT, 'fixtures/teams/TeamsExport');
const ALYA = '3c6ee395-529d-4681-b5f7-582c707570f6';
const PIETER = '88cbf3c2-0810-4d32-aa19-863c12bf7be9';
const WILL = '9bd4aca7-99cf-4b1b-a16d-e25717dc9414';
const DM = `19:${ALYA}_${PIETER}@unq.gbl.spaces`;
const GROUP = '19:9738fef44f39480baff12e585aa9685e@thread.v2';

describe('Microsoft Teams export (zulip fixture, inside its wrapping folder)', () => {
  it('reads users, the team channels and the chats of the user files', async () => {
    const read = await readAll(teamsMapper, ZULIP_DIR);
    expect(read.source.people.get(ALYA)).toEqual({ id: ALYA, displayName: 'Alya Abbott', email: 'alya@zulipchat.onmicrosoft.com', isBot: false });
    expect(read.source.people.get('16741626-4cd8-46cc-bf36-42ecc2b5fdce')).toEqual({
      id: '16741626-4cd8-46cc-bf36-42ecc2b5fdce',
      displayName: 'Guest guy',
      isBot: false,
    });
    expect(read.source.people.get(WILL)).toEqual({ id: WILL, displayName: 'Will Begon', isBot: false, deleted: true });
    expect(read.source.people.size).toBe(8);
    expect(read.source.conversations.map((c) => [c.id, c.name, c.kind, c.memberIds.length, c.createdMs])).toEqual([
      ['19:f0088fc2bb264dfe9a7a7924a23c7252@thread.tacv2', 'Kandra Labs / Text formattings', 'channel', 6, 1755002689635],
      ['19:vYdeQme8PVAnebTgrsgGoC-zluWAfK5Gx_VNtSrLzjQ1@thread.tacv2', 'Kandra Labs / General', 'channel', 6, 1754975944080],
      [DM, 'Alya Abbott, Pieter K', 'dm', 2, undefined],
      [GROUP, 'Alya Abbott, Will Begon', 'group_dm', 2, undefined],
    ]);
    expect(messageCounts(read).map(([, n]) => n)).toEqual([0, 0, 4, 1]);
  });

  it('converts the HTML bodies, keeps times and senders, and skips system events', async () => {
    const read = await readAll(teamsMapper, ZULIP_DIR);
    const dm = messages(read, DM);
    expect(dm.map((m) => [m.id, m.authorId, m.timeMs])).toEqual([
      ['1754976555179', PIETER, 1754976555179],
      ['1755004986602', PIETER, 1755004986602],
      ['1755004988802', PIETER, 1755004988802],
      ['1755005011115', PIETER, 1755005011115],
    ]);
    expect(dm[0]?.text).toBe("I'm in!");
    expect(dm[3]?.text).toBe(
      'Iago<http://localhost:9991/#narrow/channel/25-Denmark/topic/old.20keurig.20was.20compiling.20quickly/near/917|3:25 PM>\n' +
        'As a first step, I think it is viable to show the raw Markdown, and then replace it when the server sends the update event.',
    );
    expect(dm[3]?.files?.map((f) => [f.id, f.name, f.open])).toEqual([['0-wus-d5-42f097cabcef011e8aa5e751aef646df', 'image', undefined]]);
    expect(messages(read, GROUP).map((m) => [m.authorId, m.text])).toEqual([[WILL, 'DM from deactivated user']]);
    const file = 'users/3c6ee395-529d-4681-b5f7-582c707570f6/messages_3c6ee395-529d-4681-b5f7-582c707570f6.json';
    expect(skipLines(skips(read, DM))).toEqual([`teams_system_event ${file}:6`]);
    expect(skipLines(skips(read, GROUP))).toEqual([`teams_system_event ${file}:7`]);
  });
});

describe('Microsoft Teams export (fixtures/teams)', () => {
  const ENG = '19:engineering0000000000000000000000@thread.tacv2';
  const SECRET = '19:secret000000000000000000000000000@thread.tacv2';
  const NADIA = '11111111-1111-4111-8111-111111111111';
  const OMAR = '22222222-2222-4222-8222-222222222222';
  const CHAT = `19:${NADIA}_${OMAR}@unq.gbl.spaces`;

  it('reads channel threads, reactions, files, bots, deletions and member events', async () => {
    const read = await readAll(teamsMapper, FIXTURE);
    expect(read.source.conversations.map((c) => [c.id, c.name, c.kind, c.memberIds])).toEqual([
      [ENG, 'Platform / Engineering', 'channel', [NADIA, OMAR]],
      [SECRET, 'Platform / Secret', 'private_channel', [OMAR]],
      [CHAT, 'Nadia Chen, Omar Diaz', 'dm', [NADIA, OMAR]],
    ]);
    expect(read.source.people.get(OMAR)?.email).toBe('omar@contoso.example');
    expect(read.records.get(ENG)?.[0]).toEqual({ type: 'membership', event: { conversationId: ENG, personId: OMAR, type: 'join', timeMs: 1736154000000 } });
    const eng = messages(read, ENG);
    expect(eng.map((m) => [m.id, m.authorId ?? m.authorName, m.asAdmin, m.threadId, m.text])).toEqual([
      ['1736157600000', NADIA, undefined, '1736157600000', '*Release 1.2*\nRelease *1.2* is out: <https://example.com/notes|notes>'],
      ['1736157720000', OMAR, undefined, '1736157600000', 'Congrats @Nadia Chen!'],
      ['1736157780000', 'CI Bot', true, '1736157600000', 'Build #42 passed'],
    ]);
    expect(eng[0]?.reactions).toEqual([
      { unicode: '👍', personIds: [OMAR, NADIA] },
      { unicode: '❤️', personIds: [OMAR] },
      { customName: 'custom', personIds: [OMAR] },
    ]);
    expect(eng[0]?.files?.map((f) => [f.id, f.name, f.permalink, f.open])).toEqual([
      ['att-1', 'notes.pdf', 'https://contoso.sharepoint.example/Shared%20Documents/notes.pdf', undefined],
    ]);
    expect(eng[1]?.fallbacks).toEqual(['unmapped_mention']);
    expect(skipLines(skips(read, ENG))).toEqual([`teams_deleted_message teams/aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa/messages_aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa.json:4`]);
    expect(messageCounts(read).map(([, n]) => n)).toEqual([3, 1, 2]);
  });

  it('reads a chat exported in both members’ files once', async () => {
    const read = await readAll(teamsMapper, FIXTURE);
    expect(messages(read, CHAT).map((m) => [m.id, m.authorId, m.text, m.reactions])).toEqual([
      ['1736240400000', NADIA, 'Lunch today?', undefined],
      ['1736240460000', OMAR, 'Sure 🍕', [{ unicode: '😀', personIds: [NADIA] }]],
    ]);
  });
});

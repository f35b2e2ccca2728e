// Exactly once with Google as the ledger, in process: the real pipeline, checkpoint and report against an in-memory
// Chat (test/fakes/fake-chat.ts) with a fake clock. Crashes after every acknowledged write, outages, a lost state
// file, edited and newer exports, failed member adds: each ends with every planned write present exactly once.
import { existsSync, readFileSync, symlinkSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Checkpoint } from '../../src/checkpoint/state.js';
import { exitCodeFor } from '../../src/cli.js';
import { ApiError } from '../../src/errors.js';
import type { SourceExport } from '../../src/model.js';
import { planContext, selectConversations } from '../../src/pipeline.js';
import { planConversation } from '../../src/plan/planner.js';
import { FakeClock } from '../helpers/fake-clock.js';
import { FakeChat } from '../fakes/fake-chat.js';
import { fakeComplete, fakeExport, fakeImport, NOW, type FakeExportSpec, type FakeMessageSpec } from '../fakes/fake-migration.js';

const general: FakeMessageSpec[] = [
  { id: 'g1', at: 0, by: 'ann', thread: 'g1', reactions: [['👍', ['ben', 'cat']]] },
  { id: 'g2', at: 1, by: 'ben', thread: 'g1' },
  { id: 'g3', at: 2, by: 'cat' },
  { id: 'g4', at: 3, by: 'dan', reactions: [['🎉', ['ann']]] }, // dan has no email: posted by the admin
  { id: 'g5', at: 4, by: 'ann' },
  { id: 'g6', at: 5, by: 'ben', thread: 'g5' },
];
const random: FakeMessageSpec[] = [
  { id: 'r1', at: 0, by: 'cat' },
  { id: 'r2', at: 1, by: 'ann', reactions: [['👀', ['ben']]] },
  { id: 'r3', at: 2, by: 'ben' },
];
const V1: FakeExportSpec = {
  workspaceId: 'T1',
  people: ['ann', 'ben', 'cat', 'dan', 'eve'],
  noEmail: ['dan'],
  conversations: [
    { id: 'C1', name: 'general', members: ['ann', 'ben', 'cat'], messages: general, leftAt: [['eve', 3]] },
    { id: 'C2', name: 'random', members: ['ann', 'cat'], messages: random },
  ],
};

async function tempState(): Promise<string> {
  return join(await mkdtemp(join(tmpdir(), 'ci-ledger-')), 'state.json');
}

/** What the plan says Google must hold: "space-name clientId", "clientId emoji email", "space-name email". */
async function expected(source: SourceExport): Promise<{ messages: string[]; reactions: string[]; memberships: string[] }> {
  const out = { messages: [] as string[], reactions: [] as string[], memberships: [] as string[] };
  const context = planContext(source, { source: 'fake' }, NOW);
  for (const conversation of selectConversations(source, { source: 'fake' })) {
    for await (const event of planConversation(conversation, source.records(conversation.id), context)) {
      if (event.type !== 'op') continue;
      const op = event.op;
      if (op.type === 'message') out.messages.push(`${conversation.name} ${op.messageId}`);
      else if (op.type === 'reaction') out.reactions.push(`${op.messageId} ${op.unicode} ${op.user.email}`);
      else out.memberships.push(`${conversation.name} ${op.email}`);
    }
  }
  return { messages: out.messages.sort(), reactions: out.reactions.sort(), memberships: out.memberships.sort() };
}

/** What the fake holds, in the same shape; duplicates would show as repeated entries. */
function held(chat: FakeChat): { messages: string[]; reactions: string[]; memberships: string[] } {
  const nameOf = (space: string) => chat.spaces.get(space)?.displayName ?? space;
  return {
    messages: chat.messages.map((m) => `${nameOf(m.space)} ${m.clientId}`).sort(),
    reactions: chat.reactions().sort(),
    memberships: [...chat.spaces.values()].flatMap((s) => [...s.members].filter(([, m]) => m.historical).map(([email]) => `${s.displayName ?? s.name} ${email}`)).sort(),
  };
}

async function expectExactlyOnce(chat: FakeChat, source: SourceExport): Promise<void> {
  expect(held(chat)).toEqual(await expected(source));
  expect([...chat.spaces.values()].map((s) => s.displayName).sort()).toEqual(source.conversations.map((c) => c.name).sort());
}

/** The migration's totals as the report gives them (what an admin compares between runs). */
function totals(run: Awaited<ReturnType<typeof fakeImport>>) {
  const t = run.report.totals;
  return { planned: t.planned, written: t.written, alreadyPresent: t.alreadyPresent, skipped: t.skipped, fallbacks: t.fallbacks, failures: t.failures };
}

describe('exactly once with Google as the ledger (fake Chat, fake clock)', () => {
  it('an uninterrupted import writes every planned operation once and reports it', async () => {
    const chat = new FakeChat();
    const source = fakeExport(V1);
    const run = await fakeImport(chat, source, await tempState());
    await expectExactlyOnce(chat, source);
    expect(run.report.exitCode).toBe(0);
    expect(totals(run)).toEqual({
      // One history membership (a member who left) in import mode; the 5 current members are complete's.
      planned: { messages: 9, reactions: 4, memberships: 1, attachments: 0, currentMembers: 5 },
      written: { messages: 9, reactions: 4, memberships: 1, attachments: 0, currentMembers: 0 },
      alreadyPresent: 0,
      skipped: {},
      fallbacks: { author_no_email: 1 },
      failures: 0,
    });
    // One list read per new space (to adopt one made before), then only the writes.
    expect(chat.calls).toMatchObject({ createSpace: 2, listMessages: 2, createMessage: 9, createReaction: 4, createMembership: 1 });
  });

  it('a crash after every k-th committed write, then the same command: everything once, the same totals', async () => {
    const reference = await fakeImport(new FakeChat(), fakeExport(V1), await tempState());
    const writes = 2 + 9 + 4 + 1;
    for (let k = 1; k <= writes; k++) {
      const chat = new FakeChat();
      const source = fakeExport(V1);
      const statePath = await tempState();
      chat.fault = (call) => (call.write === k ? 'crash' : undefined);
      const first = await fakeImport(chat, source, statePath);
      expect(first.crashed, `crash at write ${k}`).toBe(true);
      chat.fault = () => undefined;
      const second = await fakeImport(chat, source, statePath);
      expect(second.report.exitCode, `resume after a crash at write ${k}`).toBe(0);
      await expectExactlyOnce(chat, source);
      expect(totals(second), `totals after a crash at write ${k}`).toEqual(totals(reference));
      expect(chat.calls.createMessage, `messages sent after a crash at write ${k}`).toBeLessThanOrEqual(10);
    }
  });

  it('the state file deleted after any write: spaces are adopted, only what is missing is written', async () => {
    for (const k of [1, 2, 3, 6, 9, 14, 16]) {
      const chat = new FakeChat();
      const source = fakeExport(V1);
      const statePath = await tempState();
      chat.fault = (call) => (call.write === k ? 'crash' : undefined);
      await fakeImport(chat, source, statePath);
      await rm(statePath);
      chat.fault = () => undefined;
      const second = await fakeImport(chat, source, statePath);
      expect(second.report.exitCode).toBe(0);
      await expectExactlyOnce(chat, source);
      // Never a message sent twice: the space was listed and only the missing ones written.
      expect(chat.calls.createMessage, `messages sent, state lost after write ${k}`).toBe(9);
      expect(second.report.totals.failures).toBe(0);
    }
  });

  it('a long outage: the writes that ran out of retries fail the run (exit 1, named), the next run writes them', async () => {
    const chat = new FakeChat();
    const source = fakeExport(V1);
    const statePath = await tempState();
    const clock = new FakeClock(NOW);
    let outageEnds = Infinity;
    chat.fault = (call) => {
      if (call.write === 6) outageEnds = clock.now() + 20 * 60_000; // 20 minutes down from the 6th write on
      return call.write >= 6 && clock.now() < outageEnds ? 'network' : undefined;
    };
    const first = await fakeImport(chat, source, statePath, { clock });
    expect(first.report.exitCode).toBe(1);
    expect(first.report.totals.failures).toBeGreaterThan(0);
    expect(first.report.problems.filter((p) => p.severity === 'failure').map((p) => p.code)).toContain('ECONNRESET');
    const state = await Checkpoint.read(statePath);
    const failed = Object.values(state?.spaces ?? {}).reduce((n, s) => n + s.failures.length, 0);
    expect(failed).toBe(first.report.totals.failures);
    chat.fault = () => undefined;
    const second = await fakeImport(chat, source, statePath, { clock });
    expect(second.report.exitCode).toBe(0);
    await expectExactlyOnce(chat, source);
    expect(second.report.totals.writtenThisRun.messages + second.report.totals.writtenThisRun.reactions + second.report.totals.writtenThisRun.memberships).toBe(failed);
    expect(Object.values((await Checkpoint.read(statePath))?.spaces ?? {}).map((s) => [s.failures.length, s.state])).toEqual([[0, 'imported'], [0, 'imported']]);
  });

  it('answers lost after commit and 503s are retried with the same ids: nothing doubled', async () => {
    const chat = new FakeChat();
    const source = fakeExport(V1);
    chat.fault = (call) => (call.n % 3 === 0 ? 'lose' : call.n % 5 === 0 ? 'fail' : undefined);
    const run = await fakeImport(chat, source, await tempState());
    expect(run.report.exitCode).toBe(0);
    await expectExactlyOnce(chat, source);
    expect(run.report.totals.written.messages).toBe(9);
  });

  it('an edited export (a message inserted early, one deleted): reconciled, only the new one written, the deleted one reported', async () => {
    const chat = new FakeChat();
    const statePath = await tempState();
    await fakeImport(chat, fakeExport(V1), statePath);
    const edited: FakeExportSpec = {
      ...V1,
      conversations: [{ ...(V1.conversations[0] as (typeof V1.conversations)[0]), messages: [{ id: 'g0', at: -1, by: 'cat' }, ...general.filter((m) => m.id !== 'g3')] }, V1.conversations[1] as (typeof V1.conversations)[0]],
    };
    const source = fakeExport(edited);
    const sentBefore = chat.calls.createMessage;
    const run = await fakeImport(chat, source, statePath);
    expect(run.report.exitCode).toBe(0);
    expect(chat.calls.createMessage - sentBefore).toBe(1);
    expect(run.report.totals.writtenThisRun.messages).toBe(1);
    expect(run.report.totals.absentFromExport).toBe(1);
    expect(run.report.problems.filter((p) => p.code === 'absent_from_export').length).toBe(1);
    // Everything planned is there once; the message deleted from the export stays in Google (and was reported).
    const want = (await expected(source)).messages;
    const have = held(chat).messages;
    expect(have).toHaveLength(10);
    expect(have.filter((m) => !want.includes(m))).toHaveLength(1);
    expect(want.every((m) => have.includes(m))).toBe(true);
  });

  it('a delta pass with the same state (or none): only new messages, reactions and memberships are written, counted', async () => {
    for (const keepState of [true, false]) {
      const chat = new FakeChat();
      const statePath = await tempState();
      await fakeImport(chat, fakeExport(V1), statePath);
      if (!keepState) await rm(statePath);
      const newer: FakeExportSpec = {
        ...V1,
        conversations: [
          { ...(V1.conversations[0] as (typeof V1.conversations)[0]), messages: [...general.slice(0, 3), { ...(general[3] as FakeMessageSpec), reactions: [['🎉', ['ann', 'ben']]] }, ...general.slice(4), { id: 'g7', at: 9, by: 'cat', reactions: [['👍', ['ann']]] }, { id: 'g8', at: 10, by: 'ann' }] },
          { ...(V1.conversations[1] as (typeof V1.conversations)[0]), messages: [...random, { id: 'r4', at: 5, by: 'ben' }], leftAt: [['eve', 4]] },
          { id: 'C3', name: 'new-channel', members: ['ann'], messages: [{ id: 'n1', at: 7, by: 'ann' }] },
        ],
      };
      const source = fakeExport(newer);
      const before = { ...chat.calls };
      const run = await fakeImport(chat, source, statePath);
      expect(run.report.exitCode, `keepState=${keepState}`).toBe(0);
      await expectExactlyOnce(chat, source);
      // New: g7, g8, r4, n1; one reaction on g7, ben's 🎉 on g4 (ann's is sent again and answered ALREADY_EXISTS),
      // eve's membership of random. Nothing Google holds is sent again except that one 🎉 and eve's general membership.
      expect(chat.calls.createMessage - before.createMessage, `keepState=${keepState}`).toBe(4);
      expect(chat.calls.createReaction - before.createReaction, `keepState=${keepState}`).toBe(3);
      expect(run.report.totals.writtenThisRun, `keepState=${keepState}`).toEqual({ messages: 4, reactions: 2, memberships: 1, attachments: 0, currentMembers: 0 });
      expect(run.report.totals.alreadyPresent + run.report.totals.resumed, `keepState=${keepState}`).toBeGreaterThanOrEqual(9 + 4 + 1);
    }
  });

  it('complete records members by email, skips deleted users with a reason, retries failed adds next time', async () => {
    const chat = new FakeChat();
    const source = fakeExport({ ...V1, people: [...V1.people, 'ghost'], conversations: [{ ...(V1.conversations[0] as (typeof V1.conversations)[0]), members: ['ann', 'ben', 'cat', 'ghost'] }] });
    const statePath = await tempState();
    await fakeImport(chat, source, statePath);
    chat.missingUsers.add('ghost@example.com');
    let failBen = true;
    chat.fault = (call) => (call.kind === 'createMembership' && failBen && call.target === 'ben@example.com' ? new ApiError(403, 'PERMISSION_DENIED', 'denied') : undefined);
    const first = await fakeComplete(chat, statePath);
    expect(first.outcomes?.map((o) => [o.result, o.membersAdded, o.memberFailures])).toEqual([['completed', 2, 1]]);
    expect(first.report.totals.skipped).toEqual({ member_not_found: 1 });
    expect(first.report.totals.failures).toBe(1);
    failBen = false;
    const second = await fakeComplete(chat, statePath);
    expect(second.outcomes?.map((o) => [o.result, o.membersAdded, o.memberFailures])).toEqual([['already_completed', 1, 0]]);
    expect(chat.memberships().filter((m) => !m.endsWith('historical')).sort()).toEqual(['spaces/S1 ann@example.com', 'spaces/S1 ben@example.com', 'spaces/S1 cat@example.com']);
    expect((await Checkpoint.read(statePath))?.spaces.C1?.membersDone?.sort()).toEqual(['ann@example.com', 'ben@example.com', 'cat@example.com', 'ghost@example.com']);
  });

  it('complete skips members outside the domain with member_outside_domain, counted exactly, and does not try them again', async () => {
    const chat = new FakeChat();
    const [general, random] = V1.conversations as [FakeExportSpec['conversations'][0], FakeExportSpec['conversations'][0]];
    const source = fakeExport({
      ...V1,
      people: [...V1.people, 'olga', 'otto'],
      emails: { olga: 'olga@partner.org', otto: 'otto@partner.org' },
      conversations: [{ ...general, members: ['ann', 'olga', 'otto'] }, { ...random, members: ['ann', 'cat', 'olga'] }],
    });
    const statePath = await tempState();
    // One space at a time, so general is spaces/S1 and random spaces/S2.
    expect((await fakeImport(chat, source, statePath, { concurrency: 1 })).report.exitCode).toBe(0);
    chat.outsideUsers.add('olga@partner.org');
    chat.outsideUsers.add('otto@partner.org');
    const first = await fakeComplete(chat, statePath);
    expect(first.outcomes?.map((o) => [o.name, o.result, o.membersAdded, o.memberFailures])).toEqual([['general', 'completed', 1, 0], ['random', 'completed', 2, 0]]);
    expect(first.report.totals.skipped).toEqual({ member_outside_domain: 3 });
    expect(first.report.totals.failures).toBe(0);
    expect(first.report.exitCode).toBe(0);
    expect(first.report.problems.filter((p) => p.code === 'member_outside_domain').map((p) => [p.conversationId, p.severity, p.message])).toEqual([
      ['C1', 'skip', 'current member olga@partner.org was not added: olga@partner.org is outside the organization and spaces/S1 does not allow external users.'],
      ['C1', 'skip', 'current member otto@partner.org was not added: otto@partner.org is outside the organization and spaces/S1 does not allow external users.'],
      ['C2', 'skip', 'current member olga@partner.org was not added: olga@partner.org is outside the organization and spaces/S2 does not allow external users.'],
    ]);
    expect(chat.memberships().filter((m) => !m.endsWith('historical')).sort()).toEqual(['spaces/S1 ann@example.com', 'spaces/S2 ann@example.com', 'spaces/S2 cat@example.com']);
    // Skipped with a reason is settled: the next run neither adds nor counts them again.
    const adds = chat.calls.createMembership;
    const second = await fakeComplete(chat, statePath);
    expect(chat.calls.createMembership).toBe(adds);
    expect(second.outcomes?.map((o) => [o.name, o.result, o.membersAdded])).toEqual([['general', 'already_completed', 0], ['random', 'already_completed', 0]]);
    expect(second.report.totals.skipped).toEqual({});
  });

  it('the disk fills up mid-run (ENOSPC writing the state): exit 1 naming the file, the state on disk intact, the next run completes exactly once', async () => {
    // The kernel's own ENOSPC: the state is written to a temporary file and renamed over state.json (steno), and
    // that temporary file is made a link to /dev/full, where every write fails with ENOSPC.
    expect(existsSync('/dev/full'), 'this test needs /dev/full (Linux) for a real ENOSPC').toBe(true);
    const chat = new FakeChat();
    const source = fakeExport(V1);
    const statePath = await tempState();
    const temporary = join(dirname(statePath), `.${basename(statePath)}.tmp`);
    // One space at a time: general's space (write 1) and its 10 writes, then random's space (write 12), whose name
    // the state must hold at once: that write of the state is the one that meets the full disk.
    chat.fault = (call) => {
      if (call.write === 6) symlinkSync('/dev/full', temporary);
      return undefined;
    };
    let error: unknown;
    try {
      await fakeImport(chat, source, statePath, { concurrency: 1 });
    } catch (e) {
      error = e;
    }
    const printed: string[] = [];
    expect(exitCodeFor(error, (line) => printed.push(line)), String(error)).toBe(1);
    expect(printed).toEqual([`chat-import: Cannot write the state file ${statePath} (ENOSPC): the disk (or your quota) is full; free some space, or pass --state with a path on another disk. The state file was left as it was: run the same command again once this is fixed.`]);
    expect(chat.calls.createSpace).toBe(2);
    expect(chat.calls.createMessage).toBe(6); // general's messages; none of random's was written after the failure
    // The file on disk is the last state written before the disk filled up: valid JSON, readable, and it knows
    // general's space but not random's (created in Google, never recorded).
    const text = readFileSync(statePath, 'utf8');
    expect(() => JSON.parse(text) as unknown, text).not.toThrow();
    const onDisk = await Checkpoint.read(statePath);
    expect(Object.entries(onDisk?.spaces ?? {}).map(([id, s]) => [id, s.space])).toEqual([['C1', 'spaces/S1']]);
    // Space freed: the same command finishes the migration, adopting random's space by its requestId.
    await rm(temporary);
    chat.fault = () => undefined;
    const second = await fakeImport(chat, source, statePath, { concurrency: 1 });
    expect(second.report.exitCode).toBe(0);
    await expectExactlyOnce(chat, source);
    expect(chat.calls.createSpace).toBe(3); // random's create replayed once with the same requestId: the same space
    expect(chat.spaces.size).toBe(2);
  });

  it('a name clash gets "(imported)" with its own deterministic requestId, found again without the state', async () => {
    const chat = new FakeChat();
    chat.takeName('general');
    const source = fakeExport(V1);
    const statePath = await tempState();
    const told: string[] = [];
    await fakeImport(chat, source, statePath, { onWarning: (line) => told.push(line) });
    expect(told).toEqual(['"general" already exists in the organization; imported as "general (imported)" (space_renamed; see docs/reasons.md)']);
    await rm(statePath);
    await fakeImport(chat, source, statePath);
    expect([...chat.spaces.values()].map((s) => s.displayName).sort()).toEqual(['general (imported)', 'random']);
    expect(chat.messages).toHaveLength(9);
  });

  it('--migration-id makes a second, separate migration; the same one adopts its spaces', async () => {
    const chat = new FakeChat();
    const source = fakeExport({ ...V1, conversations: [V1.conversations[1] as (typeof V1.conversations)[0]] });
    await fakeImport(chat, source, await tempState());
    await fakeImport(chat, source, await tempState(), { migrationId: 'second' });
    expect([...chat.spaces.values()].map((s) => s.displayName)).toEqual(['random', 'random (imported)']);
    await fakeImport(chat, source, await tempState(), { migrationId: 'second' });
    expect(chat.spaces.size).toBe(2);
    expect(chat.messages).toHaveLength(6);
  });
});

// `chat-import verify`: Google's "validate and reconcile" step. Reads every imported space back (messages.list
// with paging) and compares it with the plan: missing, extra, wrong sender, wrong thread, wrong createTime.
import type { chat_v1 } from '@googleapis/chat';
import { Checkpoint } from '../checkpoint/state.js';
import { reportDirFor, type OutputSelection, type SourceSelection, type TargetSelection } from '../config.js';
import { ApiError, UsageError } from '../errors.js';
import { countedInReport, planContext, selectConversations } from '../pipeline.js';
import { planConversation } from '../plan/planner.js';
import type { MessageOp } from '../plan/types.js';
import { ReportBuilder, type VerifySpace } from '../report/run-report.js';
import { writeReport } from '../report/write.js';
import { openSource } from '../source.js';
import { LinkedFiles } from '../linked-files.js';
import { createWriter } from './common.js';
import { CHAT_MESSAGES_READONLY_SCOPE } from '../post/auth.js';
import type { CommandIo, CommandResult } from './import.js';

export type SpaceDiff = VerifySpace;

const MAX_LISTED = 50;

interface Expected {
  createTimeMs: number;
  senderEmail?: string;
  threadKey: string;
}

/** Compares planned messages with what the space holds. Pure, so it is tested on its own. */
export function diffSpace(
  conversation: string,
  space: string,
  expected: ReadonlyMap<string, Expected>,
  actual: readonly chat_v1.Schema$Message[],
  senders: Readonly<Record<string, string>>,
  admin: string,
): SpaceDiff {
  const diff: SpaceDiff = { conversation, space, expected: expected.size, found: actual.length, missing: [], extra: [], wrongSender: [], wrongThread: [], wrongCreateTime: [] };
  const seen = new Set<string>();
  // Messages planned in one thread must share one Chat thread.
  const threadOfKey = new Map<string, string>();
  for (const message of actual) {
    const id = message.clientAssignedMessageId ?? undefined;
    const plan = id ? expected.get(id) : undefined;
    if (!id || !plan) {
      diff.extra.push(message.name ?? '?');
      continue;
    }
    seen.add(id);
    if (message.createTime && Date.parse(message.createTime) !== plan.createTimeMs) diff.wrongCreateTime.push(`${id}: ${message.createTime} ≠ ${new Date(plan.createTimeMs).toISOString()}`);
    const senderName = message.sender?.name ?? '';
    const wanted = plan.senderEmail ? senders[plan.senderEmail] : senders[admin];
    // A user Google refused to impersonate was posted by the admin with attribution: that is not a difference.
    const acceptable = [wanted, plan.senderEmail && !senders[plan.senderEmail] ? senders[admin] : undefined].filter(Boolean);
    if (acceptable.length > 0 && !acceptable.includes(senderName)) diff.wrongSender.push(`${id}: ${senderName}`);
    const thread = message.thread?.name ?? '';
    const known = threadOfKey.get(plan.threadKey);
    if (known === undefined) threadOfKey.set(plan.threadKey, thread);
    else if (known !== thread) diff.wrongThread.push(`${id}: ${thread} ≠ ${known}`);
  }
  for (const id of expected.keys()) if (!seen.has(id)) diff.missing.push(id);
  return diff;
}

export const differences = (d: SpaceDiff): number => d.missing.length + d.extra.length + d.wrongSender.length + d.wrongThread.length + d.wrongCreateTime.length;

type Reader = Awaited<ReturnType<typeof createWriter>>;

/** Every message of the space (messages.list, paged), or 'not_found' when Google has no such space (404). */
async function readSpace(reader: Reader, conversationId: string, space: string): Promise<chat_v1.Schema$Message[] | 'not_found'> {
  const actual: chat_v1.Schema$Message[] = [];
  const auth = await reader.adminAuth();
  let pageToken: string | undefined;
  try {
    do {
      const page = await reader.write(conversationId, 'read', undefined, () => reader.client.listMessages(auth, space, pageToken));
      actual.push(...(page.messages ?? []));
      pageToken = page.nextPageToken ?? undefined;
    } while (pageToken);
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) return 'not_found';
    throw error;
  }
  return actual;
}

export async function runVerify(config: { selection: SourceSelection; output: OutputSelection; target: TargetSelection }, io: CommandIo): Promise<CommandResult> {
  const state = await Checkpoint.read(config.target.statePath);
  if (!state) throw new UsageError(`No state file at ${config.target.statePath}: verify compares an import's state with Google Chat; run the import first.`);
  // Planned exactly as import planned it (a fetched file adds no line to its message), without fetching anything.
  const source = await openSource(config.selection, io.now, new LinkedFiles(config.selection.fileFetch ?? { off: true }).openLinked);
  const report = new ReportBuilder(io.commandLine, { kind: source.kind, path: config.selection.source }, false, io.now(), 'verify');
  const signal = new AbortController().signal;
  const writer = await createWriter(config.target, report, signal);
  // After completeImport, chat.import no longer covers messages.list: completed spaces are read with the
  // read-only messages scope, which the domain-wide delegation must then also grant.
  let readWriter: Reader | undefined;
  const writerFor = async (completed: boolean) => (completed ? (readWriter ??= await createWriter({ ...config.target, scopes: [CHAT_MESSAGES_READONLY_SCOPE] }, report, signal)) : writer);
  const diffs: SpaceDiff[] = [];
  try {
    const context = planContext(source, config.selection, io.now());
    for (const conversation of selectConversations(source, config.selection)) {
      const spaceState = state.spaces[conversation.id];
      const expected = new Map<string, Expected>();
      for await (const event of countedInReport(conversation, planConversation(conversation, source.records(conversation.id), context), report)) {
        if (event.type === 'op' && event.op.type === 'message') {
          const op: MessageOp = event.op;
          expected.set(op.messageId, { createTimeMs: op.createTimeMs, threadKey: op.threadKey, ...(op.sender.email ? { senderEmail: op.sender.email } : {}) });
        }
      }
      if (!spaceState?.space) {
        if (expected.size > 0) diffs.push({ conversation: conversation.name, space: '—', expected: expected.size, found: 0, missing: [...expected.keys()], extra: [], wrongSender: [], wrongThread: [], wrongCreateTime: [] });
        continue;
      }
      const reader = await writerFor(spaceState.state === 'completed');
      const actual = await readSpace(reader, conversation.id, spaceState.space);
      if (actual === 'not_found') {
        // Deleted in Google Chat (or by the 90-day import-mode deadline), or another target: every message is missing.
        diffs.push({ conversation: conversation.name, space: spaceState.space, expected: expected.size, found: 0, missing: [...expected.keys()], extra: [], wrongSender: [], wrongThread: [], wrongCreateTime: [], spaceNotFound: true });
        continue;
      }
      diffs.push(diffSpace(conversation.name, spaceState.space, expected, actual, state.senders ?? {}, config.target.admin));
    }
  } finally {
    await source.close();
  }
  let total = 0;
  for (const diff of diffs) {
    // A space that is gone is a difference even when the plan has no message for it.
    const count = differences(diff) + (diff.spaceNotFound && diff.expected === 0 ? 1 : 0);
    total += count;
    const notFound = diff.spaceNotFound ? ` — space ${diff.space} not found in Google Chat (deleted, or the state file belongs to another target)` : '';
    io.print(`${count === 0 && !notFound ? 'ok  ' : 'DIFF'}  ${diff.conversation}: ${diff.found}/${diff.expected} messages${notFound}` +
      (count ? ` — missing ${diff.missing.length}, extra ${diff.extra.length}, wrong sender ${diff.wrongSender.length}, wrong thread ${diff.wrongThread.length}, wrong createTime ${diff.wrongCreateTime.length}` : ''));
    diff.counts = { missing: diff.missing.length, extra: diff.extra.length, wrongSender: diff.wrongSender.length, wrongThread: diff.wrongThread.length, wrongCreateTime: diff.wrongCreateTime.length };
    for (const key of ['missing', 'extra', 'wrongSender', 'wrongThread', 'wrongCreateTime'] as const) diff[key] = diff[key].slice(0, MAX_LISTED);
  }
  const exitCode = total > 0 ? 1 : 0;
  report.report.verify = { differences: total, spaces: diffs };
  const finished = report.finish(io.now(), exitCode);
  const files = await writeReport(finished, reportDirFor(config.output, config.target.statePath));
  io.print(total === 0 ? `Verified: every planned message is in Google Chat, with the right sender, thread and createTime.` : `Verify found ${total} differences.`);
  io.print(`Report: ${files.json} and ${files.html}`);
  return { exitCode, report: finished };
}

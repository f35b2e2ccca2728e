// In-process runs of `import` and `complete` against a FakeChat, with a fake clock: the same pipeline, checkpoint
// and report as the CLI, no network, no sleeping. An export is described in a few lines (fakeExport).
import { Checkpoint } from '../../src/checkpoint/state.js';
import { Readable } from 'node:stream';
import type { Conversation, ConversationRecord, Person, SourceExport } from '../../src/model.js';
import { planAndPost } from '../../src/pipeline.js';
import type { TokenBroker } from '../../src/post/auth.js';
import { completeSpaces, type CompletionOutcome } from '../../src/post/complete.js';
import type { DriveApi } from '../../src/post/drive.js';
import { DriveFiles } from '../../src/post/drive-files.js';
import { GOOGLE_QUOTAS, QuotaBook } from '../../src/post/rate-limit.js';
import { DEFAULT_RETRY_POLICY } from '../../src/post/retry-policy.js';
import { InterruptedError } from '../../src/errors.js';
import { Writer } from '../../src/post/writer.js';
import { ReportBuilder, type RunReport } from '../../src/report/run-report.js';
import { FakeClock } from '../helpers/fake-clock.js';
import { CrashError, FakeTokens, type FakeChat } from './fake-chat.js';

export const ADMIN = 'admin@example.com';
const T0 = Date.UTC(2023, 0, 2, 9);
export const NOW = Date.UTC(2025, 0, 1);

export interface FakeMessageSpec {
  readonly id: string;
  /** Minutes after T0. */
  readonly at: number;
  readonly by: string;
  readonly text?: string;
  readonly thread?: string;
  readonly reactions?: ReadonlyArray<readonly [string, readonly string[]]>;
  /** Files held in the export: name → text (a `.exe` or `.js` goes to Drive with --drive). */
  readonly files?: Readonly<Record<string, string>>;
}

export interface FakeConversationSpec {
  readonly id: string;
  readonly name: string;
  readonly members?: readonly string[];
  readonly messages: readonly FakeMessageSpec[];
  /** Person ids who joined and left (historical memberships). */
  readonly leftAt?: ReadonlyArray<readonly [string, number]>;
}

export interface FakeExportSpec {
  readonly fingerprint?: string;
  readonly workspaceId?: string;
  /** Person ids; each is `<id>@example.com` unless listed in `noEmail`. */
  readonly people: readonly string[];
  readonly noEmail?: readonly string[];
  /** Emails other than `<id>@example.com` (people of another organization, say). */
  readonly emails?: Readonly<Record<string, string>>;
  readonly conversations: readonly FakeConversationSpec[];
}

export function fakeExport(spec: FakeExportSpec): SourceExport {
  const people = new Map<string, Person>(
    spec.people.map((id) => [id, { id, displayName: id.toUpperCase(), isBot: false, ...(spec.noEmail?.includes(id) ? {} : { email: spec.emails?.[id] ?? `${id}@example.com` }) }]),
  );
  const conversations: Conversation[] = spec.conversations.map((c) => ({ id: c.id, name: c.name, kind: 'channel', memberIds: c.members ?? [], createdMs: T0 - 60_000 }));
  const byId = new Map(spec.conversations.map((c) => [c.id, c]));
  return {
    kind: 'fake',
    fingerprint: spec.fingerprint ?? JSON.stringify(spec).length.toString(16),
    ...(spec.workspaceId ? { workspaceId: spec.workspaceId } : {}),
    people,
    conversations,
    tableSkips: [],
    async *records(conversationId: string): AsyncIterable<ConversationRecord> {
      const c = byId.get(conversationId);
      if (!c) return;
      const records: Array<[number, ConversationRecord]> = [];
      for (const m of c.messages) {
        records.push([
          T0 + m.at * 60_000,
          {
            type: 'message',
            message: {
              conversationId,
              id: m.id,
              authorId: m.by,
              timeMs: T0 + m.at * 60_000,
              text: m.text ?? `message ${m.id}`,
              ...(m.thread ? { threadId: m.thread } : {}),
              ...(m.reactions ? { reactions: m.reactions.map(([unicode, users]) => ({ unicode, personIds: users })) } : {}),
              ...(m.files
                ? { files: Object.entries(m.files).map(([name, text]) => ({ id: `${m.id}-${name}`, name, sizeBytes: Buffer.byteLength(text), open: async () => Readable.from([Buffer.from(text)]) })) }
                : {}),
            },
          },
        ]);
      }
      for (const [personId, at] of c.leftAt ?? []) {
        records.push([T0 - 30_000, { type: 'membership', event: { conversationId, personId, type: 'join', timeMs: T0 - 30_000 } }]);
        records.push([T0 + at * 60_000 + 1, { type: 'membership', event: { conversationId, personId, type: 'leave', timeMs: T0 + at * 60_000 + 1 } }]);
      }
      records.sort((a, b) => a[0] - b[0]);
      for (const [, record] of records) yield record;
    },
    close: async () => undefined,
  };
}

export interface FakeRun {
  readonly report: RunReport;
  /** The run stopped on a CrashError (the state holds what was flushed at that moment). */
  readonly crashed: boolean;
  readonly outcomes?: CompletionOutcome[];
}

export interface FakeRunOptions {
  readonly clock?: FakeClock;
  readonly tokens?: FakeTokens;
  readonly migrationId?: string;
  readonly complete?: boolean;
  /** --drive, with this Drive and its own token broker. */
  readonly drive?: { readonly api: DriveApi; readonly tokens: Pick<TokenBroker, 'clientFor'> };
  /** Spaces imported at once (4 unless given). */
  readonly concurrency?: number;
  /** The console's warning lines (ReportBuilder.onWarning), as the import command prints them. */
  readonly onWarning?: (line: string) => void;
}

function writerFor(chat: FakeChat, report: ReportBuilder, clock: FakeClock, tokens: FakeTokens, signal: AbortSignal, drive?: FakeRunOptions['drive']): Writer {
  return new Writer({
    client: chat, tokens, admin: ADMIN, quotas: new QuotaBook(GOOGLE_QUOTAS, clock), clock, retryPolicy: DEFAULT_RETRY_POLICY, random: () => 0.5, report, signal,
    ...(drive ? { drive: new DriveFiles(drive.api, drive.tokens) } : {}),
  });
}

/** `chat-import import` in process. A CrashError from the fake ends the run like SIGKILL after the last flush. */
export async function fakeImport(chat: FakeChat, source: SourceExport, statePath: string, options: FakeRunOptions = {}): Promise<FakeRun> {
  const clock = options.clock ?? new FakeClock(NOW);
  const report = new ReportBuilder('chat-import import (fake)', { kind: source.kind, path: 'fake' }, false, clock.now());
  if (options.onWarning) report.onWarning = options.onWarning;
  const controller = new AbortController();
  const writer = writerFor(chat, report, clock, options.tokens ?? new FakeTokens(), controller.signal, options.drive);
  const checkpoint = await Checkpoint.open(statePath, {
    source: { kind: source.kind, fingerprint: source.fingerprint, path: 'fake', ...(source.workspaceId ? { workspace: source.workspaceId } : {}) },
    target: { apiRoot: 'fake://chat/', admin: ADMIN },
    ...(options.migrationId ? { migrationId: options.migrationId } : {}),
    conversationIds: new Set(source.conversations.map((c) => c.id)),
  });
  let crashed = false;
  let outcomes: CompletionOutcome[] | undefined;
  try {
    await planAndPost(source, { selection: { source: 'fake', ...(options.drive ? { drive: true } : {}) } }, report, NOW, {
      writer,
      checkpoint,
      concurrency: options.concurrency ?? 4,
      identity: { sourceKind: source.kind, ...(source.workspaceId ? { workspaceId: source.workspaceId } : {}), ...(options.migrationId ? { migrationId: options.migrationId } : {}) },
      abort: (reason) => controller.abort(reason),
    });
    if (options.complete) outcomes = await completeSpaces(checkpoint, writer);
  } catch (error) {
    if (!(error instanceof CrashError) && !(error instanceof InterruptedError)) throw error;
    crashed = true;
  } finally {
    await checkpoint.close();
  }
  const exitCode = crashed ? 137 : report.report.totals.failures > 0 ? 1 : 0;
  return { report: report.finish(clock.now(), exitCode), crashed, ...(outcomes ? { outcomes } : {}) };
}

/** `chat-import complete` in process. */
export async function fakeComplete(chat: FakeChat, statePath: string, options: FakeRunOptions = {}): Promise<FakeRun> {
  const clock = options.clock ?? new FakeClock(NOW);
  const existing = await Checkpoint.read(statePath);
  if (!existing) throw new Error(`no state at ${statePath}`);
  const report = new ReportBuilder('chat-import complete (fake)', { kind: existing.source.kind, path: 'fake' }, false, clock.now());
  const writer = writerFor(chat, report, clock, options.tokens ?? new FakeTokens(), new AbortController().signal);
  const checkpoint = await Checkpoint.open(statePath, { source: existing.source, target: existing.target, ...(existing.migrationId ? { migrationId: existing.migrationId } : {}) });
  try {
    const outcomes = await completeSpaces(checkpoint, writer);
    return { report: report.finish(clock.now(), report.report.totals.failures > 0 ? 1 : 0), crashed: false, outcomes };
  } finally {
    await checkpoint.close();
  }
}

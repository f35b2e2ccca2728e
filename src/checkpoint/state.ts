// The checkpoint: a cache of what Google acknowledged, so a re-run resumes cheaply. Google Chat itself is the
// ledger: spaces have deterministic requestIds and messages deterministic ids, so a lost, stale or new state file
// costs list reads (reconciliation, post/reconcile.ts), never a duplicate.
//
// Rules (from Singer's state rules): a write is recorded only after the API acknowledged it; the file on disk is
// never invalid (lowdb writes through steno: temp file + rename); per space we keep a watermark `done` — every
// planned operation below it was acknowledged, except the failed ones listed in `failures` (bounded), which the next
// run retries — plus a digest of the plan below the watermark, so a changed export is noticed and reconciled instead
// of being skipped by index. The first record names the export and the target; a resume against another target,
// or an export of another workspace, is refused.
//
// One run per state file: a lock (lock.ts) makes a second concurrent run refuse instead of interleaving.
import { chmod, copyFile, readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
// lowdb only writes: its JSONFile (steno) is the atomic temp-file-and-rename writer. The file is read and checked
// here (schema.ts), so a damaged one is reported with its fix instead of lowdb's bare parse error.
import { Low } from 'lowdb';
import { JSONFile } from 'lowdb/node';
import { lockStateFile } from './lock.js';
import { mkdirs } from '../mkdirs.js';
import { stateProblem } from './schema.js';
import { FatalError, FileSystemError } from '../errors.js';

export type SpaceProgress = 'pending' | 'importing' | 'imported' | 'failed' | 'completed';

/** Written, already present, skipped and fallen-back writes of one space, over every run of this state file. */
export interface LedgerCounts {
  written: { messages: number; reactions: number; memberships: number; attachments: number };
  /** Found in Google, not written by a run this state file recorded (reconciliation after a lost or changed state). */
  alreadyPresent: number;
  /** Write-time skips and fallbacks (plan-time ones are counted again from the plan on every run). */
  skipped: Record<string, number>;
  fallbacks: Record<string, number>;
}

export const emptyCounts = (): LedgerCounts => ({ written: { messages: 0, reactions: 0, memberships: 0, attachments: 0 }, alreadyPresent: 0, skipped: {}, fallbacks: {} });

export interface FailedWrite {
  index: number;
  code: string;
  message: string;
}

export interface SpaceState {
  conversationName: string;
  space?: string;
  /** spaces.create requestId: deterministic (see plan/ids.ts), or from an old state file's nonce for its spaces. */
  requestId?: string;
  spaceCreateTime?: string;
  importModeExpireTime?: string;
  /** Hash of the filters this space was planned with; another filter reconciles the space. */
  planKey: string;
  /** Watermark: every planned operation below it is acknowledged by Google or listed in `failures`. */
  done: number;
  /** Digest of the planned operations below `done` (post/plan-digest.ts); absent → reconcile before trusting `done`. */
  digest?: string;
  /** Planned operations, once the plan of this space has been walked to the end. */
  total?: number;
  /** A reconciliation was under way: the next run reconciles again rather than trust a half-checked watermark. */
  reconciling?: boolean;
  /** How many writes below the watermark failed and wait for a retry (= failures.length). */
  failed: number;
  /** The failed writes below the watermark: retried by the next run, never counted as done. */
  failures: FailedWrite[];
  state: SpaceProgress;
  counts?: LedgerCounts;
  /** Current members (emails), added after completeImport. */
  members?: string[];
  /** Members added after completion (or found already there, or skipped with a counted reason), by email. */
  membersDone?: string[];
  /** Member adds that failed; retried by the next `complete`. */
  memberFailures?: Array<{ email: string; code: string; message: string }>;
  /** Older state files: how many of `members` were attempted, in order (failures included, unfortunately). */
  membersAdded?: number;
  completedAt?: string;
}

export interface StateFile {
  version: 1;
  tool: 'chat-import';
  /** `workspace`: the source workspace's stable id when the export has one (Slack team id). */
  source: { kind: string; fingerprint: string; path: string; workspace?: string };
  target: { apiRoot: string; admin: string };
  /** `--migration-id`: part of every space requestId; a state file serves one migration. */
  migrationId?: string;
  /** Older state files only: a random nonce that was part of each space's requestId. Kept for the spaces it knows. */
  runNonce?: string;
  createdAt: string;
  updatedAt: string;
  spaces: Record<string, SpaceState>;
  /** Email → `users/{id}` as Google echoed it on our writes; lets verify check senders (the API returns ids only). */
  senders: Record<string, string>;
  /**
   * Writes per conversation counted from the plan before a run (import's progress total), for spaces no run has
   * walked to the end yet: `status` shows the same totals as the progress, pending spaces included.
   */
  planned?: Record<string, PlannedTotal>;
}

export interface PlannedTotal {
  conversationName: string;
  /** The filters it was counted under: a total counted under others says nothing about this plan. */
  planKey: string;
  total: number;
}

export interface Identity {
  readonly source: StateFile['source'];
  readonly target: StateFile['target'];
  readonly migrationId?: string;
  /** Every conversation id of the export: a changed export of the same source shares some with the state file. */
  readonly conversationIds?: ReadonlySet<string>;
}

/** Failed writes kept per space; past this, the watermark stops at the next failure (still exact, just slower). */
export const MAX_FAILURES_KEPT = 1_000;
/** How often acknowledged progress reaches the state file at most (flush() writes at once). */
const WRITE_INTERVAL_MS = 1_000;

export class Checkpoint {
  private writing: Promise<void> = Promise.resolve();
  private dirty = false;
  private timer: NodeJS.Timeout | undefined;
  private lastWriteMs = 0;
  /** The first failed write of the file: every later write and flush reports it (the run stops). */
  private writeError: FileSystemError | undefined;

  private constructor(
    readonly path: string,
    private readonly db: Low<StateFile>,
    private readonly release: () => Promise<void>,
    private readonly now: () => Date,
  ) {}

  /**
   * Opens (or creates) the state file for this export and target and takes its lock. Refuses a state file that is
   * not valid, belongs to another target, migration or workspace, or is in use by another run. A changed or newer
   * export of the same source is accepted: the digests make its spaces reconcile where the plan changed.
   */
  static async open(path: string, identity: Identity, now: () => Date = () => new Date()): Promise<Checkpoint> {
    await mkdirs(dirname(path)).catch((error: unknown) => {
      throw new FileSystemError(dirname(path), 'create the state folder', error);
    });
    const existing = await readState(path);
    if (existing) assertSameMigration(path, existing, identity);
    const release = await lockStateFile(path);
    try {
      const initial: StateFile = existing ?? {
        version: 1,
        tool: 'chat-import',
        source: identity.source,
        target: identity.target,
        ...(identity.migrationId ? { migrationId: identity.migrationId } : {}),
        createdAt: now().toISOString(),
        updatedAt: now().toISOString(),
        spaces: {},
        senders: {},
      };
      // A newer (or edited) export of the same source: remember it as the one this state now follows.
      initial.source = { ...identity.source };
      // Keep the last good state beside the file: if it is ever damaged, the message says how to restore it.
      if (existing) {
        try {
          await copyFile(path, `${path}.bak`);
          await chmod(`${path}.bak`, 0o600);
        } catch (error) {
          throw new FileSystemError(`${path}.bak`, 'write the state backup', error);
        }
      }
      const db = new Low<StateFile>(new JSONFile<StateFile>(path), initial);
      db.data = initial;
      const checkpoint = new Checkpoint(path, db, release, now);
      await checkpoint.flush();
      return checkpoint;
    } catch (error) {
      await release();
      throw error;
    }
  }

  /** Reads a state file without locking it (status). Undefined when it does not exist. */
  static async read(path: string): Promise<StateFile | undefined> {
    return readState(path);
  }

  get data(): Readonly<StateFile> {
    return this.db.data;
  }

  /**
   * The state of a conversation's space, made on first use with the requestId its space is created with.
   * `requestId` is the deterministic one; a space an older state file already knew keeps its nonce-based id.
   */
  space(conversationId: string, name: string, planKey: string, requestId: (legacyNonce: string | undefined) => string): SpaceState {
    const spaces = this.db.data.spaces;
    let space = spaces[conversationId];
    if (!space) {
      space = { conversationName: name, planKey, requestId: requestId(undefined), done: 0, failed: 0, failures: [], state: 'pending' };
      spaces[conversationId] = space;
      this.touch();
      return space;
    }
    space.requestId ??= requestId(this.db.data.runNonce);
    if (space.planKey !== planKey) {
      // Other filters give other op indexes: the space is reconciled against what Google holds (no digest).
      space.planKey = planKey;
      delete space.digest;
      delete space.total;
      if (space.state === 'imported') space.state = 'importing';
      this.touch();
    }
    return space;
  }

  /** Google acknowledged every planned operation below `done` (or holds it as failed): the new watermark. */
  advance(space: SpaceState, done: number, digest: string): void {
    if (done < space.done) return;
    space.done = done;
    space.digest = digest;
    this.touch();
  }

  /** Keeps a failed write for the next run. False when the list is full: the watermark must then stop before it. */
  recordFailure(space: SpaceState, failure: FailedWrite): boolean {
    const at = space.failures.findIndex((f) => f.index === failure.index);
    if (at >= 0) space.failures[at] = failure;
    else if (space.failures.length >= MAX_FAILURES_KEPT) return false;
    else space.failures.push(failure);
    space.failed = space.failures.length;
    this.touch();
    return true;
  }

  /** A failed write of an earlier run was made (or skipped with a reason) this time. */
  clearFailure(space: SpaceState, index: number): void {
    space.failures = space.failures.filter((f) => f.index !== index);
    space.failed = space.failures.length;
    this.touch();
  }

  /** Starts a space over for reconciliation: the walk that follows records every write again from Google's view. */
  restart(space: SpaceState): void {
    space.done = 0;
    delete space.digest;
    space.failures = [];
    space.failed = 0;
    space.counts = emptyCounts();
    this.touch();
  }

  /** The space's counts over every run, to add to. */
  counts(space: SpaceState): LedgerCounts {
    this.touch();
    return (space.counts ??= emptyCounts());
  }

  /** Keeps the writes counted per conversation before the run, for `status`. */
  recordPlanned(totals: ReadonlyMap<string, PlannedTotal>): void {
    if (totals.size === 0) return;
    const planned = (this.db.data.planned ??= {});
    for (const [id, total] of totals) planned[id] = total;
    this.touch();
  }

  /** Remembers the user id Google gave an impersonated email (bounded by the number of people). */
  learnSender(email: string, userName: string | null | undefined): void {
    if (!userName) return;
    const senders = (this.db.data.senders ??= {});
    if (senders[email] === userName) return;
    senders[email] = userName;
    this.touch();
  }

  update(space: SpaceState, fields: Partial<SpaceState>): void {
    Object.assign(space, fields);
    this.touch();
  }

  /** Throws when the state file could not be written: the run stops instead of making writes it cannot record. */
  assertWritable(): void {
    if (this.writeError) throw this.writeError;
  }

  /**
   * Marks the state changed and writes it within WRITE_INTERVAL_MS. Rewriting the file after every one of hundreds
   * of acknowledgements a second cost more CPU than the API calls; a state that lags by at most a second is still
   * exactly-once, since a write re-sent after a crash is answered ALREADY_EXISTS for its deterministic id.
   */
  private touch(): void {
    this.dirty = true;
    if (this.timer) return;
    const wait = Math.max(0, this.lastWriteMs + WRITE_INTERVAL_MS - Date.now());
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.writeNow();
    }, wait);
  }

  /** Chains a write of the latest data (writes never overlap, and each one writes whatever is newest). */
  private writeNow(): void {
    this.writing = this.writing.then(async () => {
      if (!this.dirty || this.writeError) return;
      this.dirty = false;
      this.lastWriteMs = Date.now();
      this.db.data.updatedAt = this.now().toISOString();
      try {
        await this.db.write();
        // steno writes a new file each time; the state names people and spaces, so only the owner may read it.
        await chmod(this.path, 0o600);
      } catch (error) {
        // steno writes a temporary file and renames it: the file on disk is still the last good state.
        this.writeError = new FileSystemError(this.path, 'write the state file', error);
      }
    });
  }

  /** Writes now (space created, run ending, Ctrl-C): the caller waits until the state is on disk. */
  async flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.dirty = true;
    this.writeNow();
    await this.writing;
    this.assertWritable();
  }

  async close(): Promise<void> {
    try {
      await this.flush();
    } finally {
      await this.release();
    }
  }
}

async function readState(path: string): Promise<StateFile | undefined> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new FileSystemError(path, 'read the state file', error);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw damaged(path, 'it is not valid JSON (truncated or edited?)');
  }
  const problem = stateProblem(value);
  if (problem) throw damaged(path, problem);
  return upgraded(value as StateFile);
}

/** Older files kept every failure count but only the first 20 indexes, and advanced past failures: reconcile those. */
function upgraded(state: StateFile): StateFile {
  for (const space of Object.values(state.spaces)) {
    if (space.failed > space.failures.length) delete space.digest;
    space.failed = space.failures.length;
  }
  return state;
}

function damaged(path: string, why: string): FatalError {
  return new FatalError(
    'state_damaged',
    `The state file ${path} cannot be used: ${why}. It was left untouched. ` +
      `If ${path}.bak exists it holds the last good state: restore it with \`cp ${path}.bak ${path}\` and run the same command again.`,
  );
}

/**
 * The same target and migration, and the same source: the same export, a newer or edited export of the same
 * workspace (same workspace id, or — for sources without one — some conversation in common). Anything else would
 * mix two migrations in one state file.
 */
function assertSameMigration(path: string, existing: StateFile, identity: Identity): void {
  if (existing.target.apiRoot !== identity.target.apiRoot || existing.target.admin !== identity.target.admin) {
    throw new FatalError(
      'state_other_target',
      `The state file ${path} was made for ${existing.target.apiRoot} as ${existing.target.admin}, not ${identity.target.apiRoot} as ${identity.target.admin}. ` +
        'Use --state to pick a new state file for another target.',
    );
  }
  if ((existing.migrationId ?? '') !== (identity.migrationId ?? '')) {
    throw new FatalError(
      'state_other_migration',
      `The state file ${path} belongs to ${existing.migrationId ? `--migration-id ${existing.migrationId}` : 'the migration without --migration-id'}, not ${identity.migrationId ? `--migration-id ${identity.migrationId}` : 'one without --migration-id'}. ` +
        'Use the same --migration-id, or --state to pick a new state file for another migration.',
    );
  }
  const other = (why: string) =>
    new FatalError(
      'state_other_export',
      `The state file ${path} belongs to another export (${existing.source.kind} ${existing.source.path}): ${why}. ` +
        'Use --state to pick a new state file for this export, or run against the export it was made for.',
    );
  if (existing.source.kind !== identity.source.kind) throw other(`it was a ${existing.source.kind} export, this is ${identity.source.kind}`);
  if (existing.source.fingerprint === identity.source.fingerprint) return;
  if (existing.source.workspace !== undefined && identity.source.workspace !== undefined) {
    if (existing.source.workspace === identity.source.workspace) return;
    throw other(`its workspace is ${existing.source.workspace}, this export's is ${identity.source.workspace}`);
  }
  const known = Object.keys(existing.spaces);
  if (known.length === 0 || !identity.conversationIds || known.some((id) => identity.conversationIds?.has(id))) return;
  throw other(`none of its ${known.length} conversations is in this export`);
}

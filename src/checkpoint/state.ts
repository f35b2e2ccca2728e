// The checkpoint: what Google acknowledged, so a re-run resumes exactly where the last one stopped.
//
// Rules (from Singer's state rules): a write is recorded only after the API acknowledged it; the file on disk is
// never invalid (lowdb writes through steno: temp file + rename); per space we keep a watermark — how many of the
// space's planned operations are done, in planned order — so the file stays small whatever the export size. The
// first record fingerprints the export and the target, and a resume against anything else is refused.
//
// One run per state file: a lock (lock.ts) makes a second concurrent run refuse instead of interleaving.
import { chmod, copyFile, mkdir, readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { randomUUID } from 'node:crypto';
import { Low } from 'lowdb';
import { JSONFile } from 'lowdb/node';
import { lockStateFile } from './lock.js';
import { FatalError } from '../errors.js';

export type SpaceProgress = 'pending' | 'importing' | 'imported' | 'failed' | 'completed';

export interface SpaceState {
  conversationName: string;
  space?: string;
  spaceCreateTime?: string;
  importModeExpireTime?: string;
  /** Hash of the filters this space was planned with; another filter re-walks the space (ids keep it safe). */
  planKey: string;
  /** Planned operations acknowledged by Google, in planned order. */
  done: number;
  /** Planned operations, once the plan of this space has been walked to the end. */
  total?: number;
  failed: number;
  /** The first failures, for status and the report. */
  failures: Array<{ index: number; code: string; message: string }>;
  state: SpaceProgress;
  /** Current members (emails), added after completeImport. */
  members?: string[];
  membersAdded?: number;
  completedAt?: string;
}

export interface StateFile {
  version: 1;
  tool: 'chat-import';
  source: { kind: string; fingerprint: string; path: string };
  target: { apiRoot: string; admin: string };
  /** Random, made once: part of each space's requestId, so two migrations never share one. */
  runNonce: string;
  createdAt: string;
  updatedAt: string;
  spaces: Record<string, SpaceState>;
  /** Email → `users/{id}` as Google echoed it on our writes; lets verify check senders (the API returns ids only). */
  senders: Record<string, string>;
}

export interface Identity {
  readonly source: StateFile['source'];
  readonly target: StateFile['target'];
}

const MAX_FAILURES_KEPT = 20;
/** How often acknowledged progress reaches the state file at most (flush() writes at once). */
const WRITE_INTERVAL_MS = 1_000;

export class Checkpoint {
  private writing: Promise<void> = Promise.resolve();
  private dirty = false;
  private timer: NodeJS.Timeout | undefined;
  private lastWriteMs = 0;

  private constructor(
    readonly path: string,
    private readonly db: Low<StateFile>,
    private readonly release: () => Promise<void>,
    private readonly now: () => Date,
  ) {}

  /**
   * Opens (or creates) the state file for this export and target and takes its lock. Refuses a state file that is
   * not valid, belongs to another export or another target, or is in use by another run.
   */
  static async open(path: string, identity: Identity, now: () => Date = () => new Date()): Promise<Checkpoint> {
    await mkdir(dirname(path), { recursive: true });
    const existing = await readState(path);
    if (existing) assertSameRun(path, existing, identity);
    const release = await lockStateFile(path);
    try {
      const initial: StateFile = existing ?? {
        version: 1,
        tool: 'chat-import',
        source: identity.source,
        target: identity.target,
        runNonce: randomUUID(),
        createdAt: now().toISOString(),
        updatedAt: now().toISOString(),
        spaces: {},
        senders: {},
      };
      // Keep the last good state beside the file: if it is ever damaged, the message says how to restore it.
      if (existing) {
        await copyFile(path, `${path}.bak`);
        await chmod(`${path}.bak`, 0o600);
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

  space(conversationId: string, name: string, planKey: string): SpaceState {
    const spaces = this.db.data.spaces;
    let space = spaces[conversationId];
    if (!space) {
      space = { conversationName: name, planKey, done: 0, failed: 0, failures: [], state: 'pending' };
      spaces[conversationId] = space;
    } else if (space.planKey !== planKey) {
      // Other filters give other op indexes: walk the space again from the start. Writes already made answer
      // ALREADY_EXISTS for their deterministic ids and count as done, so nothing is duplicated.
      space.planKey = planKey;
      space.done = 0;
      delete space.total;
      if (space.state === 'imported') space.state = 'importing';
    }
    return space;
  }

  /** Records that Google acknowledged the space's operations up to (not including) `done`. */
  advance(space: SpaceState, done: number): void {
    if (done > space.done) space.done = done;
    this.touch();
  }

  recordFailure(space: SpaceState, index: number, code: string, message: string): void {
    space.failed += 1;
    if (space.failures.length < MAX_FAILURES_KEPT) space.failures.push({ index, code, message });
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
      if (!this.dirty) return;
      this.dirty = false;
      this.lastWriteMs = Date.now();
      this.db.data.updatedAt = this.now().toISOString();
      await this.db.write();
      // steno writes a new file each time; the state names people and spaces, so only the owner may read it.
      await chmod(this.path, 0o600);
    });
  }

  /** Writes now (space created, run ending, Ctrl-C): the caller waits until the state is on disk. */
  async flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.dirty = true;
    this.writeNow();
    await this.writing;
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
    throw new FatalError('state_unreadable', `Cannot read the state file ${path}: ${(error as Error).message}`);
  }
  let value: Partial<StateFile>;
  try {
    value = JSON.parse(text) as Partial<StateFile>;
  } catch {
    throw damaged(path, 'it is not valid JSON (truncated or edited?)');
  }
  if (value?.tool !== 'chat-import' || value.version !== 1 || typeof value.spaces !== 'object' || !value.source || !value.target || typeof value.runNonce !== 'string') {
    throw damaged(path, 'it is not a chat-import state file of version 1');
  }
  return value as StateFile;
}

function damaged(path: string, why: string): FatalError {
  return new FatalError(
    'state_damaged',
    `The state file ${path} cannot be used: ${why}. It was left untouched. ` +
      `If ${path}.bak exists it holds the last good state: restore it with \`cp ${path}.bak ${path}\` and run the same command again.`,
  );
}

function assertSameRun(path: string, existing: StateFile, identity: Identity): void {
  if (existing.source.fingerprint !== identity.source.fingerprint || existing.source.kind !== identity.source.kind) {
    throw new FatalError(
      'state_other_export',
      `The state file ${path} belongs to another export (${existing.source.kind} ${existing.source.path}). ` +
        'Use --state to pick a new state file for this export, or run against the export it was made for.',
    );
  }
  if (existing.target.apiRoot !== identity.target.apiRoot || existing.target.admin !== identity.target.admin) {
    throw new FatalError(
      'state_other_target',
      `The state file ${path} was made for ${existing.target.apiRoot} as ${existing.target.admin}, not ${identity.target.apiRoot} as ${identity.target.admin}. ` +
        'Use --state to pick a new state file for another target.',
    );
  }
}

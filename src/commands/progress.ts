// Progress while importing: the total (from the plan), percentage, rate and ETA, for the whole migration and for
// each space being imported. On a terminal: an overall line and one per space (cli-progress redraws them), each
// fitting 80 columns, with a bar when the terminal is wider. Elsewhere (CI, a log file, a pipe): the same lines,
// without bars, printed every few seconds through the logger. With --quiet: nothing.
//
// A space's plan streams; import counts the writes of the spaces no earlier run walked before it starts (see
// plannedTotals), and a run that walks a space records its total in the state file.
import cliProgress from 'cli-progress';
import type { StateFile } from '../checkpoint/state.js';
import { formatDuration } from '../duration.js';
import type { Logger } from '../log.js';

const LINE_INTERVAL_MS = 5_000;
const BAR_REFRESH_MS = 1_000;
/** Rates are measured over the last minute: steady enough for an ETA, quick to follow a 429 slowdown. */
const RATE_WINDOW_MS = 60_000;
/** More spaces than this import at once (--concurrency 50): the rest are counted in the overall bar. */
export const MAX_SPACE_BARS = 8;
const NAME_WIDTH = 16;
/** Log lines carry "[12:34:56] INFO: " (17 columns) in front: a shorter name keeps them within 80. */
const PLAIN_NAME_WIDTH = 12;
/** The bar takes what the text leaves of the line, up to this; under MIN_BAR_WIDTH it is left out. */
const BAR_WIDTH = 24;
const MIN_BAR_WIDTH = 8;
/** When the terminal does not say how wide it is. */
const DEFAULT_COLUMNS = 80;

/** Counts over time → writes per minute over the last RATE_WINDOW_MS. */
export class RateMeter {
  private readonly samples: Array<{ at: number; count: number }> = [];

  constructor(start: number, count = 0) {
    this.samples.push({ at: start, count });
  }

  sample(at: number, count: number): void {
    this.samples.push({ at, count });
    // Keep one sample at or before the window start, so the window is always covered.
    while (this.samples.length > 2 && (this.samples[1] as { at: number }).at <= at - RATE_WINDOW_MS) this.samples.shift();
  }

  perMinute(): number {
    const first = this.samples[0] as { at: number; count: number };
    const last = this.samples[this.samples.length - 1] as { at: number; count: number };
    const span = last.at - first.at;
    return span > 0 ? ((last.count - first.count) * 60_000) / span : 0;
  }
}

export interface ProgressSnapshot {
  /** Planned writes acknowledged so far, earlier runs included. */
  readonly done: number;
  /** Planned writes in all, when every space's total is known from an earlier run. */
  readonly total?: number;
  /** Writes made by this run. */
  readonly writesThisRun: number;
  readonly perMinute: number;
  readonly spacesFinished: number;
  readonly spaces?: number;
  readonly elapsedMs: number;
}

const eta = (remaining: number, perMinute: number): string => (perMinute > 0 ? formatDuration((remaining / perMinute) * 60_000) : '?');

/** A name from an export, safe and tidy on a terminal: no control or bidi characters, one fixed width. */
export function terminalLabel(name: string, width = NAME_WIDTH): string {
  // eslint-disable-next-line no-control-regex -- stripping control characters is the point
  const clean = name.replace(/[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, '').trim() || '?';
  const chars = [...clean];
  return chars.length > width ? `${chars.slice(0, width - 1).join('')}…` : clean + ' '.repeat(width - chars.length);
}

/**
 * One progress line: name, bar, percentage, counts, rate and ETA when the total is known; name, count and rate
 * otherwise. Everything but the bar is always shown: the bar gets what is left of `columns` (none when too little;
 * columns 0: never), so the line fits an 80-column terminal. `suffix` goes at the end (the overall line's spaces).
 */
export function barLine(label: string, done: number, total: number | undefined, perMinute: number, columns = DEFAULT_COLUMNS, suffix = ''): string {
  const rate = `${Math.round(perMinute)}/min`;
  if (total === undefined || total <= 0) return `${label} ${done} writes | ${rate}${suffix}`;
  const share = Math.min(1, done / total);
  const text = `${`${Math.floor(share * 100)}%`.padStart(4)} ${done}/${total} | ${rate} | ETA ${eta(total - done, perMinute)}${suffix}`;
  // One column stays free: writing the last one makes some terminals wrap.
  const room = Math.min(BAR_WIDTH, columns - 1 - label.length - 2 - text.length);
  if (room < MIN_BAR_WIDTH) return `${label} ${text}`;
  const filled = Math.round(share * room);
  return `${label} ${'█'.repeat(filled)}${'░'.repeat(room - filled)} ${text}`;
}

/** The last resort on a very narrow terminal: cut the line rather than let it wrap and break the redraw. */
function fit(line: string, columns: number): string {
  return line.length > columns - 1 ? line.slice(0, columns - 1) : line;
}

export interface ProgressOptions {
  /** Ids of the conversations this run imports: gives "n/m spaces" and, once all totals are known, overall %. */
  readonly conversationIds?: readonly string[];
  /** This run's plan key: a total recorded under other filters does not count. */
  readonly planKey?: string;
  /** Writes per space counted from the plan before the run (countPlan), for spaces the state has no total for yet. */
  readonly plannedTotals?: ReadonlyMap<string, number>;
  /** Where bars are drawn (default stderr, beside the logs). */
  readonly stream?: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  /** Draw bars (default: when `stream` is a terminal). */
  readonly tty?: boolean;
  readonly now?: () => number;
  /** Where the plain lines go when not drawing bars (default: the logger at info, so --log keeps them too). */
  readonly write?: (line: string) => void;
  /** Runs `fn` every `ms` until the returned function is called (default: an unref'd setInterval). */
  readonly every?: (ms: number, fn: () => void) => () => void;
}

interface Active {
  name: string;
  done: number;
  meter: RateMeter;
  bar?: cliProgress.SingleBar;
}

const defaultEvery = (ms: number, fn: () => void): (() => void) => {
  const timer = setInterval(fn, ms);
  timer.unref();
  return () => clearInterval(timer);
};

export class ProgressReporter {
  private readonly now: () => number;
  private readonly started: number;
  private readonly overall: RateMeter;
  private readonly active = new Map<string, Active>();
  private writes = 0;
  /** When the progress was last measured (a line drawn or printed): where a new space's rate starts. */
  private lastSampleAt: number;
  private spacesFinished = 0;
  private cancel: (() => void) | undefined;
  private bars: cliProgress.MultiBar | undefined;
  private overallBar: cliProgress.SingleBar | undefined;

  constructor(
    private readonly checkpoint: { readonly data: Readonly<Pick<StateFile, 'spaces'>> },
    private readonly log: Pick<Logger, 'debug' | 'info'>,
    quiet: boolean,
    private readonly options: ProgressOptions = {},
  ) {
    this.now = options.now ?? Date.now;
    this.started = this.now();
    this.lastSampleAt = this.started;
    this.overall = new RateMeter(this.started);
    if (quiet) return;
    const stream = options.stream ?? process.stderr;
    const every = options.every ?? defaultEvery;
    if (options.tty ?? Boolean(stream.isTTY)) {
      this.bars = new cliProgress.MultiBar({ stream, format: (_options, _params, payload: { line: string }) => payload.line, clearOnComplete: true, linewrap: false, fps: 5 });
      this.overallBar = this.bars.create(0, 0, { line: '' });
      this.cancel = every(BAR_REFRESH_MS, () => this.refreshBars());
      this.refreshBars();
    } else {
      const write = options.write ?? ((line: string) => this.log.info(line));
      this.cancel = every(LINE_INTERVAL_MS, () => {
        for (const line of this.plainLines()) write(line);
      });
    }
  }

  /** After each acknowledged write; `done` is the space's watermark in the state file. */
  tick(conversationId?: string, done?: number): void {
    this.writes += 1;
    if (conversationId === undefined) return;
    let space = this.active.get(conversationId);
    if (!space) {
      // The rate counts from here: a resumed space starts at its watermark, with this tick its first write.
      const start = (done ?? 1) - 1;
      // Measured from the last line drawn or printed (when its first write was not yet counted): a meter started
      // at this tick would see the writes acknowledged together with it as done in no time.
      space = { name: this.checkpoint.data.spaces[conversationId]?.conversationName ?? conversationId, done: start, meter: new RateMeter(this.lastSampleAt, start) };
      this.active.set(conversationId, space);
    }
    space.done = done ?? space.done + 1;
  }

  spaceDone(name: string, conversationId?: string): void {
    this.spacesFinished += 1;
    this.log.debug({ space: name }, 'space finished');
    const id = conversationId ?? [...this.active].find(([, a]) => a.name === name)?.[0];
    const space = id === undefined ? undefined : this.active.get(id);
    if (!space || id === undefined) return;
    if (space.bar) this.bars?.remove(space.bar);
    this.active.delete(id);
  }

  /** What the progress is now, from the counters and the state file. */
  snapshot(): ProgressSnapshot {
    const at = this.now();
    this.lastSampleAt = at;
    this.overall.sample(at, this.writes);
    const states = this.checkpoint.data.spaces;
    const ids = this.options.conversationIds;
    let done = 0;
    for (const id of ids ?? Object.keys(states)) done += this.current(id)?.done ?? 0;
    // Without the list of this run's spaces, spaces not started yet are unknown: no overall total.
    const totals = ids?.map((id) => this.totalOf(id));
    const total = totals && totals.every((t): t is number => t !== undefined) ? totals.reduce((a, b) => a + b, 0) : undefined;
    return {
      done,
      ...(total !== undefined ? { total } : {}),
      writesThisRun: this.writes,
      perMinute: this.overall.perMinute(),
      spacesFinished: this.spacesFinished,
      ...(ids ? { spaces: ids.length } : {}),
      elapsedMs: at - this.started,
    };
  }

  /** The space's state, when it was planned with this run's filters (else its counts say nothing about this plan). */
  private current(id: string) {
    const s = this.checkpoint.data.spaces[id];
    return s && (this.options.planKey === undefined || s.planKey === this.options.planKey) ? s : undefined;
  }

  /** Writes the space's plan holds: recorded by a run that walked it, or counted before this run. */
  private totalOf(id: string): number | undefined {
    return this.current(id)?.total ?? this.options.plannedTotals?.get(id);
  }

  /** The space's line: its writes done of its plan, its own rate over the last minute and its ETA. */
  private spaceLine(id: string, space: Active, at: number, width: number, columns: number): string {
    space.meter.sample(at, space.done);
    return barLine(terminalLabel(space.name, width), space.done, this.totalOf(id), space.meter.perMinute(), columns);
  }

  /** The overall line's end: spaces finished of this run's, those importing without a line of their own, elapsed. */
  private overallSuffix(p: ProgressSnapshot, hidden: number, elapsed: boolean): string {
    return ` | ${p.spacesFinished}${p.spaces !== undefined ? `/${p.spaces}` : ''} spaces${hidden > 0 ? ` (+${hidden} importing)` : ''}${elapsed ? ` | ${formatDuration(p.elapsedMs)}` : ''}`;
  }

  /** Not a terminal: the overall line, then one per space being imported (the first MAX_SPACE_BARS), no bars. */
  plainLines(): string[] {
    const p = this.snapshot();
    const at = this.now();
    const shown = [...this.active].slice(0, MAX_SPACE_BARS);
    const hidden = this.active.size - shown.length;
    // The log line's own time stamp says when: no elapsed time, which keeps the line within 80 columns.
    const overall = barLine(terminalLabel('all spaces', PLAIN_NAME_WIDTH), p.done, p.total, p.perMinute, 0, this.overallSuffix(p, hidden, false));
    return [overall, ...shown.map(([id, space]) => this.spaceLine(id, space, at, PLAIN_NAME_WIDTH, 0))];
  }

  private refreshBars(): void {
    if (!this.bars || !this.overallBar) return;
    const p = this.snapshot();
    const at = this.now();
    const columns = (this.options.stream ?? process.stderr).columns || DEFAULT_COLUMNS;
    for (const [id, space] of this.active) {
      if (!space.bar && [...this.active.values()].filter((a) => a.bar).length < MAX_SPACE_BARS) space.bar = this.bars.create(0, 0, { line: '' });
      const line = this.spaceLine(id, space, at, NAME_WIDTH, columns);
      space.bar?.update(space.done, { line: fit(line, columns) });
    }
    const hidden = [...this.active.values()].filter((a) => !a.bar).length;
    this.overallBar.update(p.done, { line: fit(barLine(terminalLabel('all spaces'), p.done, p.total, p.perMinute, columns, this.overallSuffix(p, hidden, true)), columns) });
  }

  stop(): void {
    this.cancel?.();
    this.cancel = undefined;
    this.bars?.stop();
    this.bars = undefined;
  }
}

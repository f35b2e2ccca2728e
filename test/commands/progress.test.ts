import { describe, expect, it, vi } from 'vitest';
import type { SpaceState, StateFile } from '../../src/checkpoint/state.js';
import { barLine, ProgressReporter, RateMeter, terminalLabel, type ProgressOptions } from '../../src/commands/progress.js';

const space = (name: string, done: number, total?: number, planKey = 'k1'): SpaceState => ({
  conversationName: name, planKey, done, failed: 0, failures: [], state: 'importing', ...(total !== undefined ? { total } : {}),
});

/** A reporter on a fake clock and a fake timer: `advance(ms)` moves time and fires the timer when it is due. */
function harness(spaces: Record<string, SpaceState>, options: ProgressOptions = {}, quiet = false) {
  let now = 1_000_000;
  const lines: string[] = [];
  let timer: { ms: number; fn: () => void; next: number } | undefined;
  const state = { data: { spaces } as Pick<StateFile, 'spaces'> };
  const log = { debug: vi.fn(), info: vi.fn() };
  const reporter = new ProgressReporter(state, log as never, quiet, {
    tty: false,
    now: () => now,
    write: (line) => lines.push(line),
    every: (ms, fn) => {
      timer = { ms, fn, next: now + ms };
      return () => (timer = undefined);
    },
    ...options,
  });
  const advance = (ms: number) => {
    const end = now + ms;
    while (timer && timer.next <= end) {
      now = timer.next;
      timer.next += timer.ms;
      timer.fn();
    }
    now = end;
  };
  return { reporter, lines, advance, log, timerSet: () => timer !== undefined, state };
}

describe('progress lines when the output is not a terminal', () => {
  it('prints every 5 s the overall line and one per space being imported: writes, rate; no % while totals are unknown', () => {
    const spaces = { C1: space('general', 0) };
    const { reporter, lines, advance } = harness(spaces, { conversationIds: ['C1', 'C2'], planKey: 'k1' });
    advance(4_999);
    expect(lines).toEqual([]);
    for (let i = 1; i <= 30; i++) reporter.tick('C1', i);
    spaces.C1.done = 30; // as Checkpoint.advance does
    advance(1);
    expect(lines).toEqual([
      'all spaces   30 writes | 360/min | 0/2 spaces',
      'general      30 writes | 360/min',
    ]);
    reporter.spaceDone('general', 'C1');
    advance(5_000);
    expect(lines.slice(2)).toEqual(['all spaces   30 writes | 180/min | 1/2 spaces']);
  });

  it('shows the total, %, rate and ETA overall and per space once every total is known, earlier runs included', () => {
    const spaces = { C1: space('general', 100, 400), C2: space('random', 50, 200) };
    const { reporter, lines, advance } = harness(spaces, { conversationIds: ['C1', 'C2'], planKey: 'k1' });
    advance(5_000);
    for (let i = 0; i < 20; i++) reporter.tick('C1', 101 + i);
    spaces.C1.done = 120;
    for (let i = 0; i < 5; i++) reporter.tick('C2', 51 + i);
    spaces.C2.done = 55;
    advance(5_000);
    // Overall: 175 of 600 done, 25 by this run in 10 s = 150/min: the 425 left take 170 s.
    // general: its first write 5 s ago, 20 since (from 100) = 240/min: 280 left take 70 s. random: 5 = 60/min, 145 left.
    expect(lines.slice(1)).toEqual([
      'all spaces    29% 175/600 | 150/min | ETA 2m50s | 0/2 spaces',
      'general       30% 120/400 | 240/min | ETA 1m10s',
      'random        27% 55/200 | 60/min | ETA 2m25s',
    ]);
    // Within 80 columns behind the logger's "[12:34:56] INFO: ".
    for (const line of lines) expect(`[12:34:56] INFO: ${line}`.length, line).toBeLessThanOrEqual(80);
  });

  it('has a total from the first run: the plan counted before it, for spaces the state has none for', () => {
    const spaces: Record<string, SpaceState> = { C1: space('general', 100, 400) };
    const plannedTotals = new Map([['C2', 200]]);
    const { reporter, lines, advance } = harness(spaces, { conversationIds: ['C1', 'C2'], planKey: 'k1', plannedTotals });
    advance(5_000);
    expect(lines).toEqual(['all spaces    16% 100/600 | 0/min | ETA ? | 0/2 spaces']);
    spaces.C2 = space('random', 1);
    reporter.tick('C2', 1);
    advance(5_000);
    // random: its total is the counted one. 1 write in the 5 s since the last line = 12/min; overall 1 in 10 s.
    expect(lines.slice(1)).toEqual(['all spaces    16% 101/600 | 6/min | ETA 1h23m | 0/2 spaces', 'random         0% 1/200 | 12/min | ETA 16m35s']);
  });

  it('does not trust a total recorded under other filters, nor guess one for spaces not started yet', () => {
    const stale = harness({ C1: space('general', 10, 400, 'old') }, { conversationIds: ['C1'], planKey: 'k1' });
    stale.advance(5_000);
    expect(stale.lines).toEqual(['all spaces   0 writes | 0/min | 0/1 spaces']);
    const unstarted = harness({ C1: space('general', 400, 400) }, { conversationIds: ['C1', 'C2'], planKey: 'k1' });
    unstarted.advance(5_000);
    expect(unstarted.lines).toEqual(['all spaces   400 writes | 0/min | 0/2 spaces']);
  });

  it('lists at most 8 spaces; the others are counted on the overall line', () => {
    const ids = Array.from({ length: 10 }, (_, i) => `C${i}`);
    const spaces = Object.fromEntries(ids.map((id) => [id, space(`space-${id}`, 0, 10)]));
    const { reporter, lines, advance } = harness(spaces, { conversationIds: ids, planKey: 'k1' });
    for (const id of ids) {
      reporter.tick(id, 1);
      (spaces[id] as SpaceState).done = 1;
    }
    advance(5_000);
    expect(lines.length).toBe(9);
    expect(lines[0]).toBe('all spaces    10% 10/100 | 120/min | ETA 45s | 0/10 spaces (+2 importing)');
    expect(lines[8]).toBe('space-C7      10% 1/10 | 12/min | ETA 45s');
  });

  it('works with the bare tick() / spaceDone(name) of the first wiring', () => {
    const { reporter, lines, advance } = harness({ C1: space('general', 0) });
    for (let i = 0; i < 10; i++) reporter.tick();
    reporter.spaceDone('general');
    advance(5_000);
    expect(lines).toEqual(['all spaces   0 writes | 120/min | 1 spaces']);
  });

  it('measures the rate over the last minute, so a slowdown shows', () => {
    const { reporter, lines, advance } = harness({});
    for (let minute = 0; minute < 2; minute++) {
      for (let i = 0; i < 600; i++) reporter.tick();
      advance(60_000);
    }
    expect(lines.at(-1)).toBe('all spaces   0 writes | 600/min | 0 spaces');
    advance(60_000); // nothing written for a minute
    expect(lines.at(-1)).toBe('all spaces   0 writes | 0/min | 0 spaces');
  });

  it('stops printing when stopped, and prints nothing at all when quiet', () => {
    const running = harness({});
    running.reporter.stop();
    running.advance(60_000);
    expect(running.lines).toEqual([]);
    expect(running.timerSet()).toBe(false);
    const quiet = harness({}, {}, true);
    quiet.reporter.tick();
    quiet.advance(60_000);
    expect(quiet.lines).toEqual([]);
    expect(quiet.timerSet()).toBe(false);
  });

  it('logs the lines at info level by default, so --log keeps them', () => {
    const { log, advance } = harness({}, { write: undefined as never });
    advance(5_000);
    expect(log.info).toHaveBeenCalledWith('all spaces   0 writes | 0/min | 0 spaces');
  });
});

describe('RateMeter', () => {
  it('is 0 before time passes, then writes per minute over the last minute', () => {
    const meter = new RateMeter(0);
    expect(meter.perMinute()).toBe(0);
    meter.sample(30_000, 100);
    expect(meter.perMinute()).toBe(200);
    meter.sample(90_000, 100);
    // The window now starts at the 30 s sample: nothing since.
    expect(meter.perMinute()).toBe(0);
  });
});

describe('terminal bars', () => {
  it.each([
    ['general', 'general'.padEnd(16)],
    ['\u001b[31mred\u001b[0m\u202e', '[31mred[0m'.padEnd(16)],
    ['a-very-long-channel-name-indeed', 'a-very-long-cha…'],
    ['\u0007', '?'.padEnd(16)],
    ['日本語チャンネル', '日本語チャンネル'.padEnd(16)],
  ])('label %j', (name, expected) => {
    expect(terminalLabel(name)).toBe(expected);
  });

  it('draws a bar with %, counts, rate and ETA when the total is known, counts and rate otherwise', () => {
    expect(barLine('x', 50, 200, 30)).toBe('x ██████░░░░░░░░░░░░░░░░░░  25% 50/200 | 30/min | ETA 5m00s');
    expect(barLine('x', 50, undefined, 30)).toBe('x 50 writes | 30/min');
  });

  it('fits 80 columns: the bar gets what the text leaves, and goes when too little is left', () => {
    const label = terminalLabel('all spaces');
    const suffix = ' | 1/2 spaces | 1m34s';
    const overall = barLine(label, 1234, 2745, 79, 80, suffix);
    // 1234/2745 is 44.95%: the percentage is floored; (2745 − 1234) / 79 per minute is 19m08s.
    expect(overall).toBe('all spaces        44% 1234/2745 | 79/min | ETA 19m08s | 1/2 spaces | 1m34s');
    expect(overall.length).toBe(74);
    const space = barLine(terminalLabel('a-very-long-channel-name-indeed'), 98, 150, 62, 80);
    expect(space).toBe('a-very-long-cha… ████████████████░░░░░░░░  65% 98/150 | 62/min | ETA 50s');
    expect(space.length).toBe(72);
    // Wide enough: the bar comes back, at most 24 cells.
    expect(barLine(label, 1234, 2745, 79, 120, suffix)).toBe(`all spaces       ${'█'.repeat(11)}${'░'.repeat(13)}  44% 1234/2745 | 79/min | ETA 19m08s | 1/2 spaces | 1m34s`);
  });

  it('on a terminal, draws an overall bar and a bar per space being imported, then clears them', () => {
    vi.useFakeTimers();
    try {
      let output = '';
      const stream = Object.assign(new (class { write(s: string) { output += s; return true; } })(), { isTTY: true, columns: 200 });
      const spaces = { C1: space('gen\u001b[2Jeral', 5, 10) };
      const { reporter, advance } = harness(spaces, { tty: true, stream: stream as never, conversationIds: ['C1'], planKey: 'k1' });
      reporter.tick('C1', 6);
      spaces.C1.done = 6;
      advance(1_000);
      vi.advanceTimersByTime(500);
      expect(output).toContain('all spaces       ██████████████░░░░░░░░░░  60% 6/10 | 60/min | ETA 4s | 0/1 spaces | 1s\u001b[0K');
      expect(output).toContain('gen[2Jeral       ██████████████░░░░░░░░░░  60% 6/10 | 60/min | ETA 4s\u001b[0K');
      expect(output).not.toContain('\u001b[2J');
      output = '';
      reporter.stop();
      // Line wrapping back on, cursor back up to the first bar, everything below it erased.
      expect(output).toBe('\u001b[?7h\u001b[1A\u001b[1G\u001b[0J');
    } finally {
      vi.useRealTimers();
    }
  });
});

// The Writer (src/post/writer.ts) against the fake Chat API, the fake token broker and a fake clock: which
// identity a write goes out as, how writes are paced by the quotas, which failures are retried after how long,
// when it gives up, and that Ctrl-C stops it before the next attempt. No network, no sleeping.
import { describe, expect, it } from 'vitest';
import { ApiError, FatalError, InterruptedError } from '../../src/errors.js';
import { GOOGLE_QUOTAS, QuotaBook, type RateLimiter } from '../../src/post/rate-limit.js';
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from '../../src/post/retry-policy.js';
import { Writer } from '../../src/post/writer.js';
import { ReportBuilder } from '../../src/report/run-report.js';
import { authOf, CrashError, FakeChat, FakeTokens, type Fault } from '../fakes/fake-chat.js';
import { FakeClock } from '../helpers/fake-clock.js';

const ADMIN = 'admin@example.com';
const SPACE = 'spaces/S1';

interface Harness {
  writer: Writer;
  chat: FakeChat;
  tokens: FakeTokens;
  clock: FakeClock;
  quotas: QuotaBook;
  report: ReportBuilder;
  controller: AbortController;
  /** The fake clock's time at each createMessage call, in order. */
  callTimes: number[];
}

function harness(options: { retryPolicy?: RetryPolicy; faults?: Fault[] } = {}): Harness {
  const chat = new FakeChat();
  const tokens = new FakeTokens();
  const clock = new FakeClock(0);
  const quotas = new QuotaBook(GOOGLE_QUOTAS, clock);
  const report = new ReportBuilder('writer test', { kind: 'fake', path: 'fake' }, false, 0);
  const controller = new AbortController();
  const callTimes: number[] = [];
  const faults = [...(options.faults ?? [])];
  chat.fault = (call) => {
    if (call.kind !== 'createMessage') return undefined;
    callTimes.push(clock.now());
    return faults.shift();
  };
  const writer = new Writer({ client: chat, tokens, admin: ADMIN, quotas, clock, retryPolicy: options.retryPolicy ?? DEFAULT_RETRY_POLICY, random: () => 0.5, report, signal: controller.signal });
  return { writer, chat, tokens, clock, quotas, report, controller, callTimes };
}

async function setUp(h: Harness): Promise<void> {
  await h.chat.createSpace(authOf(ADMIN), { displayName: 'general' }, 'request-1');
}

/** One message write in conversation C1, the way the importer makes it. */
const post = (h: Harness, id: string, limiter?: RateLimiter) =>
  h.writer.write('C1', 'message', limiter, () => h.chat.createMessage(authOf('ann@example.com'), SPACE, { text: id }, id));

const rejection = (promise: Promise<unknown>) => promise.then((value) => ({ resolved: value }), (error: unknown) => error);

describe('Writer: identity', () => {
  it('writes as the author, or as the admin (counted as a fallback) when Google refuses to impersonate them', async () => {
    const h = harness();
    h.tokens.refused.add('gone@example.com');
    const seen = async (email: string | undefined) => {
      const { auth, fellBack } = await h.writer.authFor(email);
      return [(auth as unknown as { user: string }).user, fellBack];
    };
    expect(await seen('ann@example.com')).toEqual(['ann@example.com', false]);
    expect(await seen('gone@example.com')).toEqual([ADMIN, true]);
    // No author at all (a bot, an integration) is the admin by design, not a fallback.
    expect(await seen(undefined)).toEqual([ADMIN, false]);
  });

  it('stops the run with what to check when Google refuses the admin itself', async () => {
    const h = harness();
    h.tokens.refused.add(ADMIN);
    h.tokens.refused.add('gone@example.com');
    // A refused author falls back to the admin, who is refused too.
    const error = await rejection(h.writer.authFor('gone@example.com'));
    expect(error).toBeInstanceOf(FatalError);
    expect((error as FatalError).message).toBe(
      `Google refused a token for the admin ${ADMIN} (Google refused to impersonate ${ADMIN}: unauthorized_client). Check that --admin is an active user of the Workspace domain, that the service-account key is current, and that domain-wide delegation grants the chat.import scope.`,
    );
  });

  it('passes any other token error up unchanged (no silent fallback to the admin)', async () => {
    const h = harness();
    const broken = new Error('key file unreadable');
    h.tokens.clientFor = async () => {
      throw broken;
    };
    expect(await rejection(h.writer.authFor('ann@example.com'))).toBe(broken);
  });
});

describe('Writer: pacing', () => {
  it('keeps one space under 60 writes in any rolling minute, without slowing below it', async () => {
    const h = harness();
    await setUp(h);
    const limiter = h.quotas.forSpace();
    for (let i = 0; i < 121; i++) await post(h, `m${i}`, limiter);
    const t = h.callTimes;
    expect(t.length).toBe(121);
    // The 61st write after any write comes more than a minute later…
    const crowded = t.slice(60).map((time, i) => time - (t[i] as number)).filter((gap) => gap <= 60_000);
    expect(crowded, `writes 60 apart less than a minute apart: ${crowded.join(', ')}`).toEqual([]);
    // …and no later than the 1 % safety margin makes it: 120 writes in 2 minutes and 1.2 s at most.
    expect(t[120]).toBeLessThanOrEqual(120 * (60_000 / 59) * 1.01 + 1e-6);
    expect(h.chat.messages.length).toBe(121);
  });

  it('after a 429 waits out the advised delay, then slows the space and the project down', async () => {
    const h = harness({ faults: [new ApiError(429, 'RESOURCE_EXHAUSTED', 'Quota exceeded', 5_000)] });
    await setUp(h);
    const limiter = h.quotas.forSpace();
    await post(h, 'm1', limiter);
    // Retry-After 5 s plus jitter (0.5 × 1 s / 10): the second attempt went at 5.05 s and succeeded.
    expect(h.callTimes).toEqual([0, 5_050]);
    expect([h.report.report.totals.retries, h.report.report.totals.rateLimited]).toEqual([1, 1]);
    // Slowed by 20 %, then 1 % back for the accepted call.
    expect(limiter.currentSpeed).toBeCloseTo(0.8 * 1.01, 10);
    expect(h.quotas.projectLimiters('message').map((l) => l.currentSpeed)).toEqual([0.8 * 1.01]);
    // The next write in the space waits its interval at 80 % speed, not at full speed.
    await post(h, 'm2', limiter);
    expect((h.callTimes[1] as number) + (60_000 / 59) * 1.01 / 0.8).toBeCloseTo(h.callTimes[2] as number, 6);
  });
});

describe('Writer: retries', () => {
  it('retries server errors and lost answers with backoff, and counts each retry', async () => {
    const h = harness({ faults: ['fail', 'network'] });
    await setUp(h);
    const result = await post(h, 'm1');
    expect(result.clientAssignedMessageId).toBe('m1');
    // 1 s and 2 s of backoff, each with half a second of jitter.
    expect(h.callTimes).toEqual([0, 1_500, 4_000]);
    expect(h.chat.messages.map((m) => m.clientId)).toEqual(['m1']);
    expect([h.report.report.totals.retries, h.report.report.totals.rateLimited]).toEqual([2, 0]);
  });

  it('does not retry a client error: a write whose answer was lost comes back ALREADY_EXISTS, once', async () => {
    const h = harness({ faults: ['lose'] });
    await setUp(h);
    const error = await rejection(post(h, 'm1'));
    expect(error).toBeInstanceOf(ApiError);
    expect([(error as ApiError).status, (error as ApiError).googleStatus]).toEqual([409, 'ALREADY_EXISTS']);
    // The importer reads ALREADY_EXISTS as "written"; the writer's part is not to try a third time.
    expect(h.callTimes).toEqual([0, 1_500]);
    expect(h.chat.messages.length).toBe(1);
  });

  it('gives up after 8 attempts of server errors (about 95 s of backoff) and throws the last answer', async () => {
    const h = harness({ faults: Array<Fault>(20).fill('fail') });
    await setUp(h);
    const error = await rejection(post(h, 'm1'));
    expect([(error as ApiError).status, (error as ApiError).googleStatus]).toEqual([503, 'UNAVAILABLE']);
    const waits = h.callTimes.slice(1).map((time, i) => time - (h.callTimes[i] as number));
    expect(waits).toEqual([1_500, 2_500, 4_500, 8_500, 16_500, 32_000, 32_000]);
    expect(h.report.report.totals.retries).toBe(7);
  });

  it('with --retry-for keeps retrying until that long after the first attempt, then gives up', async () => {
    const h = harness({ retryPolicy: { ...DEFAULT_RETRY_POLICY, retryForMs: 200_000 }, faults: Array<Fault>(30).fill('fail') });
    await setUp(h);
    const error = await rejection(post(h, 'm1'));
    expect((error as ApiError).status).toBe(503);
    // 8 attempts end at 97.5 s; then one every 32 s while less than 200 s have passed since the first.
    expect(h.callTimes).toEqual([0, 1_500, 4_000, 8_500, 17_000, 33_500, 65_500, 97_500, 129_500, 161_500, 193_500, 225_500]);
  });

  it('passes anything that is not an API answer up at once, without retrying', async () => {
    const h = harness({ faults: ['crash'] });
    await setUp(h);
    expect(await rejection(post(h, 'm1'))).toBeInstanceOf(CrashError);
    expect(h.callTimes).toEqual([0]);
    expect(h.report.report.totals.retries).toBe(0);
  });
});

describe('Writer: Ctrl-C', () => {
  it('sends nothing once interrupted', async () => {
    const h = harness();
    await setUp(h);
    h.controller.abort();
    expect(await rejection(post(h, 'm1'))).toBeInstanceOf(InterruptedError);
    expect(h.chat.calls.createMessage).toBe(0);
  });

  it('stops between attempts: a write interrupted while waiting to retry is not sent again', async () => {
    const h = harness();
    await setUp(h);
    h.chat.fault = (call) => {
      if (call.kind !== 'createMessage') return undefined;
      h.controller.abort(); // Ctrl-C while the first attempt is in flight
      return 'fail';
    };
    expect(await rejection(post(h, 'm1'))).toBeInstanceOf(InterruptedError);
    expect(h.chat.calls.createMessage).toBe(1);
    expect(h.chat.messages).toEqual([]);
  });
});

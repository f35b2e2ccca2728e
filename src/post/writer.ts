// Makes one write against the API the way every write must be made: as the right identity, inside the rate
// limits, retried by the retry policy, and counted in the report.
import type { JWT } from 'google-auth-library';
import { ApiError, FatalError, ImpersonationRefusedError } from '../errors.js';
import type { ReportBuilder } from '../report/run-report.js';
import type { ChatApi } from './chat-client.js';
import type { TokenBroker } from './auth.js';
import type { Clock } from './clock.js';
import type { DriveFiles } from './drive-files.js';
import { acquireSlot, type QuotaBook, type RateLimiter, type WriteKind } from './rate-limit.js';
import { retryDelay, type RetryPolicy } from './retry-policy.js';

/** Thrown when Ctrl-C (or SIGTERM) arrives while a write waits: the write was not sent and is not recorded. */
export class InterruptedError extends Error {
  constructor() {
    super('interrupted');
  }
}

export interface WriterDeps {
  readonly client: ChatApi;
  readonly tokens: Pick<TokenBroker, 'clientFor'>;
  readonly admin: string;
  readonly quotas: QuotaBook;
  readonly clock: Clock;
  readonly retryPolicy: RetryPolicy;
  readonly random: () => number;
  readonly report: ReportBuilder;
  readonly signal: AbortSignal;
  /** --drive: where files too big or blocked for Chat go. */
  readonly drive?: DriveFiles;
}

export class Writer {
  constructor(readonly deps: WriterDeps) {}

  /** The auth client for `email`, or the admin's when `email` is absent or Google refuses to impersonate it. */
  async authFor(email: string | undefined): Promise<{ auth: JWT; fellBack: boolean }> {
    if (email) {
      try {
        return { auth: await this.deps.tokens.clientFor(email), fellBack: false };
      } catch (error) {
        if (!(error instanceof ImpersonationRefusedError)) throw error;
      }
    }
    return { auth: await this.adminAuth(), fellBack: email !== undefined };
  }

  async adminAuth(): Promise<JWT> {
    try {
      return await this.deps.tokens.clientFor(this.deps.admin);
    } catch (error) {
      if (error instanceof ImpersonationRefusedError) {
        throw new FatalError(
          'admin_refused',
          `Google refused a token for the admin ${this.deps.admin} (${error.message}). Check that --admin is an active user of the Workspace domain, that the service-account key is current, and that domain-wide delegation grants the chat.import scope.`,
        );
      }
      throw error;
    }
  }

  /**
   * Runs `call` until it succeeds or the retry policy gives up. Each attempt waits for the space's and the
   * project's rate limiters first. 429s slow the limiters down.
   */
  async write<T>(conversationId: string, kind: WriteKind, spaceLimiter: RateLimiter | undefined, call: () => Promise<T>): Promise<T> {
    const { clock, quotas, signal, report } = this.deps;
    const projectLimiters = quotas.projectLimiters(kind);
    const firstAttempt = clock.now(); // for the retry budget (--retry-for)
    for (let attempt = 1; ; attempt++) {
      await acquireSlot(spaceLimiter, projectLimiters, clock, signal);
      if (signal.aborted) throw new InterruptedError();
      try {
        const result = await call();
        spaceLimiter?.succeeded();
        for (const limiter of projectLimiters) limiter.succeeded();
        return result;
      } catch (error) {
        // Only API answers are retried; anything else (fatal setup errors, refusals, interruptions) goes up.
        if (!(error instanceof ApiError)) throw error;
        const apiError = error;
        const delay = retryDelay(attempt, apiError, this.deps.random(), this.deps.retryPolicy, clock.now() - firstAttempt);
        if (delay === undefined) throw apiError;
        const rateLimited = apiError.status === 429;
        report.retried(conversationId, rateLimited);
        if (rateLimited) {
          // The answer does not say which quota ran out: this space waits out the advised delay, and the shared
          // project limiters slow down a step without holding every other space.
          spaceLimiter?.penalize(apiError.retryAfterMs);
          for (const limiter of projectLimiters) limiter.penalize(0);
        }
        await clock.sleep(delay, signal);
        if (signal.aborted) throw new InterruptedError();
      }
    }
  }
}

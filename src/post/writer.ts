// Makes one write against the API the way every write must be made: as the right identity, inside the rate
// limits, retried by the retry policy, and counted in the report.
import type { JWT } from 'google-auth-library';
import { ApiError, FatalError, ImpersonationRefusedError, InterruptedError } from '../errors.js';
import type { ReportBuilder } from '../report/run-report.js';
import type { ChatApi } from './chat-client.js';
import type { TokenBroker } from './auth.js';
import type { Clock } from './clock.js';
import type { DriveFiles } from './drive-files.js';
import { acquireSlot, type QuotaBook, type RateLimiter, type WriteKind } from './rate-limit.js';
import { retryDelay, type RetryPolicy } from './retry-policy.js';

/** What a Writer is made of (tests pass fakes). */
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
  /** The Chat API, for the call each write makes. */
  readonly client: ChatApi;
  /** The admin user: spaces are created, and unmappable authors posted, as them. */
  readonly admin: string;
  readonly quotas: QuotaBook;
  readonly report: ReportBuilder;
  /** Aborted on Ctrl-C/SIGTERM or a fatal error: no new write starts (InterruptedError). */
  readonly signal: AbortSignal;
  readonly drive: DriveFiles | undefined;
  private readonly tokens: WriterDeps['tokens'];
  private readonly clock: Clock;
  private readonly retryPolicy: RetryPolicy;
  private readonly random: () => number;

  constructor(deps: WriterDeps) {
    ({ client: this.client, admin: this.admin, quotas: this.quotas, report: this.report, signal: this.signal, tokens: this.tokens, clock: this.clock, retryPolicy: this.retryPolicy, random: this.random } = deps);
    this.drive = deps.drive;
  }

  /** The auth client for `email`, or the admin's when `email` is absent or Google refuses to impersonate it. */
  async authFor(email: string | undefined): Promise<{ auth: JWT; fellBack: boolean }> {
    if (email) {
      try {
        return { auth: await this.tokens.clientFor(email), fellBack: false };
      } catch (error) {
        if (!(error instanceof ImpersonationRefusedError)) throw error;
      }
    }
    return { auth: await this.adminAuth(), fellBack: email !== undefined };
  }

  async adminAuth(): Promise<JWT> {
    try {
      return await this.tokens.clientFor(this.admin);
    } catch (error) {
      if (error instanceof ImpersonationRefusedError) {
        throw new FatalError(
          'admin_refused',
          `Google refused a token for the admin ${this.admin} (${error.message}). Check that --admin is an active user of the Workspace domain, that the service-account key is current, and that domain-wide delegation grants the chat.import scope.`,
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
    const { clock, quotas, signal, report } = this;
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
        const delay = retryDelay(attempt, apiError, this.random(), this.retryPolicy, clock.now() - firstAttempt);
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

// Time as a dependency: the real one in runs, a fake one in tests (no sleeping tests).
export interface Clock {
  now(): number;
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

/** Waits this long or longer (a Retry-After, a backoff) end early on Ctrl-C; shorter ones (a space waits ~1 s between
 * writes at Google's quota) just run out, so Ctrl-C takes effect within 2 s. */
const INTERRUPTIBLE_AFTER_MS = 2_000;

export const systemClock: Clock = {
  now: () => performance.timeOrigin + performance.now(),
  sleep: (ms, signal) =>
    new Promise((resolve) => {
      if (ms <= 0 || signal?.aborted) return resolve();
      // A short wait (the limiters' spacing between calls) just runs out: callers check the signal after waiting,
      // and adding and removing an abort listener twice per API call costs more than the wait is worth.
      if (!signal || ms < INTERRUPTIBLE_AFTER_MS) {
        setTimeout(resolve, ms);
        return;
      }
      // The abort listener is removed when the timer fires: thousands of waits must not pile listeners on one signal.
      const onAbort = () => {
        clearTimeout(timer);
        resolve();
      };
      const timer = setTimeout(() => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      }, ms);
      signal?.addEventListener('abort', onAbort, { once: true });
    }),
};

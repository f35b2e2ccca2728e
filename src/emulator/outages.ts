// Outage windows for resilience tests: after N more committed writes, for M milliseconds, the API is either
// "down" (every API/token request's socket is destroyed unanswered) or "hung" (requests are accepted and never
// answered; their sockets are destroyed when the window ends). Unlike the seeded fault rates these model the
// network, not Google: a client only gets through by timing out and retrying until the window is over.
// The window's clock is injectable so tests move time instead of sleeping.
import type { Socket } from 'node:net';

export type OutageKind = 'down' | 'hang';

export interface OutageRequest {
  readonly kind: OutageKind;
  /** Committed writes still to come before the window opens (0 = at once). */
  readonly afterWrites: number;
  /** How long the window stays open, in real milliseconds (not time-scaled). */
  readonly forMs: number;
}

export interface OutageStatus extends OutageRequest {
  readonly state: 'waiting' | 'open' | 'over';
  /** Total committed writes at which the window opens. */
  readonly opensAtWrite: number;
  /** Epoch ms by the outage clock, once open. */
  readonly openedAt?: number;
  readonly closesAt?: number;
  /** Requests dropped (down) or held (hang) in this window. */
  readonly requests: number;
}

/** Time for the windows: the real one by default, a fake one in tests. */
export interface OutageClock {
  now(): number;
  /** Calls `fire` after `ms`; returns a cancel function. */
  after(ms: number, fire: () => void): () => void;
}

export const realOutageClock: OutageClock = {
  now: () => Date.now(),
  after: (ms, fire) => {
    const timer = setTimeout(fire, ms);
    timer.unref(); // a scheduled window must not keep a stopped emulator's process alive
    return () => clearTimeout(timer);
  },
};

interface Window {
  readonly request: OutageRequest;
  readonly opensAtWrite: number;
  state: OutageStatus['state'];
  openedAt?: number;
  closesAt?: number;
  requests: number;
  held: Set<Socket>;
  cancel?: () => void;
}

/** Parses a POST /__emulator/faults body; returns an error message for anything else. */
export function parseOutageRequest(body: unknown): OutageRequest | string {
  if (typeof body !== 'object' || body === null) return 'Expected a JSON object {"kind":"down"|"hang","afterWrites":N,"forMs":M}.';
  const { kind, afterWrites = 0, forMs } = body as Record<string, unknown>;
  if (kind !== 'down' && kind !== 'hang') return `kind must be "down" or "hang" (got ${JSON.stringify(kind)}).`;
  if (typeof afterWrites !== 'number' || !Number.isInteger(afterWrites) || afterWrites < 0) return `afterWrites must be a whole number of at least 0 (got ${JSON.stringify(afterWrites)}).`;
  if (typeof forMs !== 'number' || !Number.isFinite(forMs) || forMs <= 0) return `forMs must be a number of milliseconds above 0 (got ${JSON.stringify(forMs)}).`;
  return { kind, afterWrites, forMs };
}

export class Outages {
  private readonly windows: Window[] = [];
  private committedWrites = 0;

  constructor(
    private readonly clock: OutageClock = realOutageClock,
    /** Told when a window opens or closes (the emulator command prints it). */
    private readonly announce: (line: string) => void = () => undefined,
  ) {}

  schedule(request: OutageRequest): OutageStatus {
    const window: Window = { request, opensAtWrite: this.committedWrites + request.afterWrites, state: 'waiting', requests: 0, held: new Set() };
    this.windows.push(window);
    this.openDue();
    return status(window);
  }

  list(): OutageStatus[] {
    return this.windows.map(status);
  }

  /** A write was committed: windows waiting for this many writes open now. */
  committed(): void {
    this.committedWrites++;
    this.openDue();
  }

  /**
   * Applies an open window to an arriving API/token request: true when the request was taken (dropped or held)
   * and must not be answered.
   */
  intercept(socket: Socket): boolean {
    const window = this.windows.find((w) => w.state === 'open');
    if (!window) return false;
    window.requests++;
    if (window.request.kind === 'down') {
      socket.destroy();
      return true;
    }
    window.held.add(socket);
    socket.once('close', () => window.held.delete(socket));
    return true;
  }

  /** Cancels every timer (the emulator is stopping). */
  stop(): void {
    for (const w of this.windows) w.cancel?.();
  }

  private openDue(): void {
    for (const w of this.windows) {
      if (w.state !== 'waiting' || this.committedWrites < w.opensAtWrite) continue;
      w.state = 'open';
      w.openedAt = this.clock.now();
      w.closesAt = w.openedAt + w.request.forMs;
      w.cancel = this.clock.after(w.request.forMs, () => this.close(w));
      this.announce(`fault: ${w.request.kind === 'down' ? 'down' : 'hanging'} for ${w.request.forMs} ms from now (after ${this.committedWrites} committed writes)`);
    }
  }

  private close(w: Window): void {
    w.state = 'over';
    for (const socket of w.held) socket.destroy();
    w.held.clear();
    this.announce(`fault: ${w.request.kind} window over (${w.requests} requests ${w.request.kind === 'down' ? 'dropped' : 'held, then dropped'})`);
  }
}

function status(w: Window): OutageStatus {
  return {
    ...w.request,
    state: w.state,
    opensAtWrite: w.opensAtWrite,
    ...(w.openedAt !== undefined ? { openedAt: w.openedAt, closesAt: w.closesAt as number } : {}),
    requests: w.requests,
  };
}

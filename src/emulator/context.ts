// What every handler receives: the shared emulator state and the parsed request.
import type { Caller } from './auth.js';
import type { Directory } from './directory.js';
import type { Store } from './store.js';

export interface Env {
  readonly store: Store;
  readonly directory: Directory;
  /** The injectable clock (epoch ms) used for data rules: createTime bounds, import deadlines. */
  readonly nowMs: () => number;
}

export interface Call {
  readonly env: Env;
  readonly caller: Caller;
  /** Decoded path parameters in order (space id, message id, …). */
  readonly params: readonly string[];
  readonly query: URLSearchParams;
  /** The parsed JSON body ({} when there is none). */
  readonly body: Record<string, unknown>;
}

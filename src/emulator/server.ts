// The request pipeline: outage window (drop or hold, see outages.ts) → route → authenticate → charge quotas (429, not executed) → maybe inject a failure
// (writes only, before running) → run → maybe lose the response (writes only, after committing) → answer.
// Handlers are synchronous once the body is read, so each write checks and commits atomically.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AuthService } from './auth.js';
import type { Env } from './context.js';
import { buildDump } from './dump.js';
import { ApiError, invalidArgument, notFound } from './errors.js';
import type { Faults } from './faults.js';
import { parseOutageRequest, type Outages } from './outages.js';
import { drain, isLoopback, readBody, sendJson } from './http.js';
import { rateLimitDetails, type QuotaWindows } from './quotas.js';
import { chargesFor, matchRoute } from './routes.js';
import type { EmulatorCounters, EmulatorQuotas } from './types.js';
import { SlackFileHost } from './slack-files.js';
import type { JsonObject } from './validate.js';

const SLACK_PREFIX = '/__slack/';

export interface ServerState {
  readonly env: Env;
  readonly auth: AuthService;
  readonly quotas: QuotaWindows;
  /** Monotonic ms the quota windows slide by (performance.now, or a test's clock). */
  readonly quotaNow: () => number;
  readonly limits: EmulatorQuotas;
  readonly faults: Faults;
  readonly outages: Outages;
  readonly retryAfter: boolean;
  readonly counters: EmulatorCounters;
  /** Slack's file host, for rehearsing downloads of linked files (slack-files.ts). */
  readonly slackFiles: SlackFileHost;
}

export function createEmulatorServer(state: ServerState): Server {
  const server = createServer((req, res) => {
    handle(state, req, res).catch((e: unknown) => {
      // Only reached if answering itself failed (e.g. the client went away); nothing left to tell anyone.
      if (!res.headersSent) sendJson(res, 500, new ApiError('INTERNAL', String(e)).body());
    });
  });
  // Benchmarks keep many keep-alive connections busy; don't drop idle ones between bursts too eagerly.
  server.keepAliveTimeout = 30_000;
  return server;
}

function send(state: ServerState, res: ServerResponse, status: number, body: unknown, headers?: Record<string, string>, method?: string): void {
  const key = String(status);
  state.counters.byStatus[key] = (state.counters.byStatus[key] ?? 0) + 1;
  if (method !== undefined) {
    const answers = (state.counters.byMethodStatus[method] ??= {});
    answers[key] = (answers[key] ?? 0) + 1;
  }
  sendJson(res, status, body, headers);
}

function count(state: ServerState, method: string): void {
  state.counters.byMethod[method] = (state.counters.byMethod[method] ?? 0) + 1;
}

async function handle(state: ServerState, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  const path = url.pathname;
  const method = req.method ?? 'GET';

  if (path.startsWith(SLACK_PREFIX)) return state.slackFiles.serve(req, res, path.slice(SLACK_PREFIX.length - 1), url.searchParams);
  if (path === '/__emulator/slack-files' && isLoopback(req.socket.remoteAddress)) return state.slackFiles.admin(req, res);
  // The inspection endpoints never fail, outage or not: tests steer and watch the emulator through them.
  if (path.startsWith('/__emulator/')) return handleInspection(state, req, res, method, path);

  if (state.outages.intercept(req.socket)) {
    state.counters.outageRequests++;
    return;
  }
  state.counters.requests++;
  if (path === '/token' && method === 'POST') {
    count(state, 'token');
    const form = new URLSearchParams((await readBody(req)).toString('utf8'));
    const reply = state.auth.issue(form, Date.now());
    if (reply.status === 200) state.counters.tokensIssued++;
    return send(state, res, reply.status, reply.body);
  }

  let match;
  try {
    match = matchRoute(method, path);
  } catch {
    await drain(req);
    return send(state, res, 400, invalidArgument('Malformed percent-encoding in the path.').body());
  }
  if (!match) {
    await drain(req);
    return send(state, res, 404, notFound(`${method} ${path} is not a Google Chat API method this emulator serves.`).body());
  }
  const { route, params } = match;
  count(state, route.id);
  try {
    const raw = route.handle ? await readBody(req) : undefined;
    const caller = state.auth.caller(req.headers.authorization, Date.now());
    const limited = state.quotas.charge(chargesFor(route, params, caller.app, state.limits), state.quotaNow());
    if (limited) {
      state.counters.rateLimited++;
      await drain(req);
      const quota = limited.key.replace(/^.*\|/, ''); // the window key is `<app or space>|<quota>`
      const error = new ApiError('RESOURCE_EXHAUSTED', `Quota exceeded (${quota}); retry later.`, rateLimitDetails(limited.waitMs, quota));
      const headers: Record<string, string> = state.retryAfter ? { 'retry-after': String(Math.max(1, Math.ceil(limited.waitMs / 1000))) } : {};
      return send(state, res, 429, error.body(), headers, route.id);
    }
    if (route.write) {
      const failure = state.faults.failure();
      if (failure !== 0) {
        state.counters.injectedFailures++;
        await drain(req);
        const error = failure === 500
          ? new ApiError('INTERNAL', 'Internal error encountered.')
          : new ApiError('UNAVAILABLE', 'The service is currently unavailable.');
        return send(state, res, failure, error.body(), undefined, route.id);
      }
    }
    const body = raw !== undefined && raw.length > 0 ? parseJsonBody(raw) : {};
    const call = { env: state.env, caller, params, query: url.searchParams, body };
    const result = route.handle ? route.handle(call) : await (route.stream as NonNullable<typeof route.stream>)(call, req);
    if (route.write) state.outages.committed();
    if (route.write && state.faults.loseResponse()) {
      // The write is committed; the client never hears about it and must retry idempotently.
      state.counters.lostResponses++;
      req.socket.destroy();
      return;
    }
    send(state, res, 200, result, undefined, route.id);
  } catch (e) {
    await drain(req);
    const error = e instanceof ApiError ? e : new ApiError('INTERNAL', `Emulator bug: ${e instanceof Error ? e.message : String(e)}`);
    send(state, res, error.code, error.body(), undefined, route.id);
  }
}

async function handleInspection(state: ServerState, req: IncomingMessage, res: ServerResponse, method: string, path: string): Promise<void> {
  let body: Buffer | undefined;
  if (method === 'POST') body = await readBody(req);
  else await drain(req);
  if (!isLoopback(req.socket.remoteAddress)) return sendJson(res, 403, new ApiError('PERMISSION_DENIED', 'Local only.').body());
  if (method === 'GET' && path === '/__emulator/dump') return sendJson(res, 200, buildDump(state.env));
  if (method === 'GET' && path === '/__emulator/counters') return sendJson(res, 200, state.counters);
  if (method === 'GET' && path === '/__emulator/faults') return sendJson(res, 200, { faults: state.outages.list() });
  if (method === 'POST' && path === '/__emulator/faults') {
    let parsed: unknown;
    try {
      parsed = JSON.parse((body as Buffer).toString('utf8'));
    } catch {
      return sendJson(res, 400, invalidArgument('Invalid JSON payload received.').body());
    }
    const request = parseOutageRequest(parsed);
    if (typeof request === 'string') return sendJson(res, 400, invalidArgument(request).body());
    return sendJson(res, 200, state.outages.schedule(request));
  }
  return sendJson(res, 404, notFound(`No inspection endpoint ${method} ${path}.`).body());
}

function parseJsonBody(raw: Buffer): JsonObject {
  let value: unknown;
  try {
    value = JSON.parse(raw.toString('utf8'));
  } catch {
    throw invalidArgument('Invalid JSON payload received.');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw invalidArgument('Invalid JSON payload received: expected an object.');
  return value as JsonObject;
}

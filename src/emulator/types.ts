// The emulator's public types. Other parts of chat-import (tests, the CLI, the benchmark) code against these, so
// change them only by adding optional members.
import type { OutageClock, OutageRequest, OutageStatus } from './outages.js';
import type { SlackFileHost } from './slack-files.js';

/** How `startEmulator` behaves; every field is optional. */
export interface EmulatorOptions {
  /** TCP port; 0 (the default) picks any free port. The server always binds 127.0.0.1. */
  port?: number;
  /** 60 makes a quota "minute" last one real second (quota windows are 60 s / timeScale). Default 1. */
  timeScale?: number;
  /** 0..1: answer 500 or 503 (Google error body) before doing a write. */
  failRate?: number;
  /** 0..1: commit a write, then destroy the socket without answering. */
  lostResponseRate?: number;
  /** Seeds the PRNG behind the two fault rates, so a run can be repeated. */
  seed?: number;
  /** Directory: any user@<domain> exists. Default ['example.com']. */
  domains?: string[];
  /** Extra individually known emails (any domain). */
  users?: string[];
  /** Emails inside a domain that still do NOT exist (the token endpoint answers invalid_grant). */
  refusedUsers?: string[];
  /** Scopes granted to service accounts through domain-wide delegation. Default chat.import, chat.bot, drive.file and chat.messages.readonly. */
  grantedScopes?: string[];
  /** Per-minute limits (scaled by timeScale). Infinity disables one. */
  quotas?: Partial<EmulatorQuotas>;
  /** Monotonic ms the quota windows slide by; real time (performance.now) by default. Tests move it instead of sleeping. */
  quotaClock?: () => number;
  /** Default true: a 429 carries a Retry-After header (integer seconds, rounded up). */
  retryAfter?: boolean;
  /** Outage windows to schedule at start (the same as POST /__emulator/faults; see outages.ts). */
  outages?: OutageRequest[];
  /** The clock outage windows open and close by; real time by default. */
  outageClock?: OutageClock;
  /** Told when an outage window opens or closes. */
  onOutage?: (line: string) => void;
  /** Injectable clock (epoch ms) for createTime bounds and importModeExpireTime. Quotas use `quotaClock`; tokens use real time. */
  now?: () => number;
}

/** Requests allowed per sliding window of 60 s / timeScale. */
export interface EmulatorQuotas {
  /** Writes to one space, shared by every caller (media.upload, messages.*, reactions.*, spaces.patch/delete). */
  perSpaceWrites: number;
  messageWrites: number;
  reactionWrites: number;
  uploadWrites: number;
  membershipWrites: number;
  /** spaces.create/patch/delete per project. */
  spaceWrites: number;
  /** spaces.create per project (Google: "fewer than 35 spaces per minute"). */
  spaceCreates: number;
  /** Every GET per project. */
  reads: number;
}

/** The JSON a Google Cloud console hands out for a service-account key (the fields the auth library reads). */
export interface ServiceAccountKey {
  type: 'service_account';
  project_id: string;
  private_key_id: string;
  private_key: string;
  client_email: string;
  client_id: string;
  token_uri: string;
}

export interface RunningEmulator {
  /** 'http://127.0.0.1:PORT/' (trailing slash): the client library's rootUrl and the `--api-root` value. */
  readonly url: string;
  readonly port: number;
  /** A fresh RSA key pair for `clientEmail`, trusted from now on. */
  createServiceAccountKey(clientEmail?: string): ServiceAccountKey;
  /** Trust a key made elsewhere (the public half is derived from private_key when public_key is absent). */
  trustServiceAccount(key: { client_email: string; private_key?: string; public_key?: string }): void;
  /** Slack's file host at /__slack/ (register files, read its counters). */
  readonly slackFiles: SlackFileHost;
  dump(): EmulatorDump;
  /**
   * One API call handled in process, without HTTP, auth or quotas, as `user` impersonated by the default service
   * account (DEFAULT_SERVICE_ACCOUNT): `dispatch('POST', '/v1/spaces/AAA/messages?messageId=client-1', {...},
   * 'ann@example.com')`. The answer's JSON, or the emulator's ApiError. Not counted. For benchmarks that must load
   * a million writes before they measure (scripts/bench.mjs); tests and rehearsals go through HTTP.
   */
  dispatch(method: string, url: string, body: Record<string, unknown> | undefined, user: string): Record<string, unknown>;
  /** How many live things are stored: cheap where dump() would serialise a million messages (the benchmarks). */
  stored(): EmulatorStored;
  counters(): EmulatorCounters;
  /** Schedules an outage window (what POST /__emulator/faults does). */
  scheduleOutage(request: OutageRequest): OutageStatus;
  outages(): OutageStatus[];
  /** Closes the server and its open sockets promptly. */
  stop(): Promise<void>;
}

export interface EmulatorStored {
  spaces: number;
  messages: number;
  reactions: number;
  memberships: number;
  attachments: number;
}

export interface EmulatorDump {
  spaces: Array<{
    name: string;
    spaceType: string;
    displayName?: string;
    description?: string;
    createTime: string;
    importMode: boolean;
    importModeExpireTime?: string;
    createdBy: string;
    deleted: boolean;
  }>;
  messages: Array<{
    name: string;
    space: string;
    clientAssignedMessageId?: string;
    senderEmail: string;
    sender: string;
    createTime: string;
    text: string;
    /** As sent (absent when the caller left Google to pick its default). */
    markupSyntax?: string;
    threadName: string;
    threadKey?: string;
    threadReply: boolean;
    attachments: Array<{ contentName: string; contentType: string; sizeBytes: number; sha256: string }>;
  }>;
  reactions: Array<{ name: string; message: string; userEmail: string; unicode?: string; customEmoji?: string }>;
  memberships: Array<{
    name: string;
    space: string;
    memberEmail: string;
    role: string;
    createTime?: string;
    deleteTime?: string;
    historical: boolean;
  }>;
  /** Files created through the emulator's Drive API (chat-import --drive), in creation order. */
  driveFiles: Array<{ id: string; name: string; mimeType: string; owner: string; sizeBytes: number; sha256: string; appProperties: Record<string, string>; sharedWith: string[] }>;
}

export interface EmulatorCounters {
  /** Every request except the /__emulator inspection endpoints. */
  requests: number;
  /** HTTP status (as a string) → count; lost responses have no status and are not in here. */
  byStatus: Record<string, number>;
  /** API method id (`spaces.messages.create`, `media.upload`, `token`, …) → count. */
  byMethod: Record<string, number>;
  /** API method id → HTTP status → count: which writes were accepted, refused as duplicates (409) or rate limited. */
  byMethodStatus: Record<string, Record<string, number>>;
  rateLimited: number;
  injectedFailures: number;
  lostResponses: number;
  tokensIssued: number;
  /** API/token requests dropped or held by an outage window (not counted in `requests`). */
  outageRequests: number;
}

// The normalized model: the only contract between the mappers (one folder per source under mappers/) and the
// core (plan → post → checkpoint → report). A mapper turns its export into these records; the core never looks
// at a source's own format. Times are epoch milliseconds (UTC): Google Chat keeps createTime, and every source we
// read has at least millisecond precision.

import type { FallbackCode, SkipCode, WarningCode } from './reasons.js';
import type { SourceTree } from '../mappers/index.js';

/** Which mapper produced the data; part of every deterministic id, so two sources never collide. */
export type SourceKind = string;

/** A person of the source workspace. */
export interface Person {
  /** The source's own id (Slack `U…`, a CSV author key, …). Unique within the export. */
  readonly id: string;
  /** What people saw: used in attribution lines and for unmapped mentions. */
  readonly displayName: string;
  /** The Google Workspace email to impersonate, when the source or `--users`/`--domain` gives one. */
  readonly email?: string;
  /** Bots and integrations are never impersonated: their messages are posted as the admin with attribution. */
  readonly isBot: boolean;
  /** Deactivated in the source; still impersonated when an email is known (Google decides whether it exists). */
  readonly deleted?: boolean;
}

/**
 * channel / private_channel become `SPACE`s; dm / group_dm become `GROUP_CHAT`s (import mode has no
 * DIRECT_MESSAGE).
 */
export type ConversationKind = 'channel' | 'private_channel' | 'dm' | 'group_dm';

export interface Conversation {
  /** The source's own id (Slack `C…`/`G…`/`D…`). Unique within the export. */
  readonly id: string;
  /** Human name (channel name, or a list of member names for DMs); becomes the SPACE displayName. */
  readonly name: string;
  readonly kind: ConversationKind;
  /** When the conversation was created in the source, if known. */
  readonly createdMs?: number;
  /** Purpose / topic, for the space description. */
  readonly description?: string;
  /** Current member person ids (added after completeImport). */
  readonly memberIds: readonly string[];
  readonly archived?: boolean;
}

/** A file attached to a message. `open` is absent when the export does not hold the bytes. */
export interface FileRef {
  readonly id: string;
  readonly name: string;
  readonly mimeType?: string;
  readonly sizeBytes?: number;
  /** A link to the original, already stripped of token query parameters (`?t=`, `?token=`). */
  readonly permalink?: string;
  /** Opens the bytes from the export, when present. Called only by the post stage. */
  readonly open?: () => Promise<NodeJS.ReadableStream>;
  /** Canvases, posts, external files: rendered as a note, never uploaded. */
  readonly kind?: 'file' | 'canvas' | 'post' | 'external';
}

export interface Reaction {
  /** Unicode emoji when known; otherwise `customName` holds the source shortcode. */
  readonly unicode?: string;
  readonly customName?: string;
  readonly personIds: readonly string[];
}

/** Things a mapper could not represent exactly; counted per kind in the report (codes of src/reasons.ts). */
export type FallbackKind = FallbackCode;

export interface Message {
  readonly conversationId: string;
  /** Unique within the conversation (Slack `ts`); the deterministic message id derives from it. */
  readonly id: string;
  /** Person id of the author; absent for integrations with no user. */
  readonly authorId?: string;
  /** Name to attribute when the author cannot be impersonated (bot name, unknown user's name). */
  readonly authorName?: string;
  /** Posted as the admin with an attribution line, whatever the author mapping says (bots, integrations). */
  readonly asAdmin?: boolean;
  readonly timeMs: number;
  /** Already converted to Google Chat text syntax. May be empty when files carry the content. */
  readonly text: string;
  /**
   * Source id of the thread root this message belongs to; for a root, its own id. Absent for a message that is
   * not part of any thread (it still starts its own Chat thread, keyed by its id, so later parts can join it).
   */
  readonly threadId?: string;
  readonly files?: readonly FileRef[];
  readonly reactions?: readonly Reaction[];
  readonly fallbacks?: readonly FallbackKind[];
  /** Source file and record, for problem reports ("random/2017-06-25.json record 3"). */
  readonly origin?: RecordOrigin;
}

/** Joins and leaves, for historical memberships in import mode. */
export interface MembershipEvent {
  readonly conversationId: string;
  readonly personId: string;
  readonly type: 'join' | 'leave';
  readonly timeMs: number;
}

/** Where a record came from, for messages that name the file and record. */
export interface RecordOrigin {
  readonly file: string;
  /** 1-based record number in the file (array index + 1, or CSV line number). */
  readonly record?: number;
}

/** A record that will not be written, with a stable machine code and a human reason. Every skip is counted. */
export interface Skip {
  readonly conversationId?: string;
  /** A warning code (src/reasons.ts) when nothing is dropped (a member missing from users.json): listed among the
   * problems, never counted as a skip. */
  readonly code: SkipCode | WarningCode;
  readonly reason: string;
  readonly origin?: RecordOrigin;
}

/** What a conversation stream yields, in source time order. */
export type ConversationRecord =
  | { readonly type: 'message'; readonly message: Message }
  | { readonly type: 'membership'; readonly event: MembershipEvent }
  | { readonly type: 'skip'; readonly skip: Skip };

/**
 * An opened export. People and conversations are small tables loaded once; records stream one conversation at a
 * time, so a million-message export is read in flat memory.
 */
export interface SourceExport {
  readonly kind: SourceKind;
  /** Stable across runs for the same export; the checkpoint refuses to resume against another one. */
  readonly fingerprint: string;
  /**
   * A stable id of the source workspace, the same in every export of it (Slack: the team id), when the export has
   * one. Part of each space's requestId, so a newer export of the workspace adopts the spaces made before.
   */
  readonly workspaceId?: string;
  readonly people: ReadonlyMap<string, Person>;
  readonly conversations: readonly Conversation[];
  /** Problems found while reading the tables (bad file, missing referenced user…), each counted. */
  readonly tableSkips: readonly Skip[];
  /**
   * Set when the export's user table (Slack's users.json, Rocket.Chat's users.csv, Teams' users/usersList.json, Mattermost's user records) is missing or
   * cannot be read:
   * what is wrong, naming the file. Without the table no author has an email, so every message would be posted
   * by the admin; the core blocks on it unless --users or --allow-admin-fallback (src/user-table.ts).
   */
  readonly userTableProblem?: string;
  records(conversationId: string): AsyncIterable<ConversationRecord>;
  close(): Promise<void>;
}

/**
 * A file the export only links to (Slack's `url_private_download`). `url` usually carries a live token (`?t=`):
 * it is handed to the fetcher and never logged, reported, stored or posted.
 */
export interface LinkedFile {
  readonly url: string;
  readonly name: string;
  readonly sizeBytes?: number;
  readonly mimeType?: string;
  readonly conversationId: string;
}

/**
 * A source person → the Google Workspace email to impersonate, or undefined when none is known. Built by the core
 * from `--users` and `--domain` (src/people.ts); a mapper calls it for each person it defines.
 */
export type EmailOf = (person: { readonly id: string; readonly email?: string; readonly name?: string }) => string | undefined;

/** How CSV sources are read (`--csv-delimiter`, `--csv-encoding`): auto-detected delimiter and UTF-8 by default. */
export interface CsvOptions {
  readonly delimiter?: string;
  readonly encoding?: string;
}

/**
 * The source options, one object for every mapper's `detect` and `open`. Mappers are pure: no network, no clock
 * except the injected `now`.
 */
export interface OpenOptions {
  /** `--users`/`--domain`, resolved by the core; absent: the source's own email (src/people.ts sourceEmailOnly). */
  readonly emailOf?: EmailOf;
  /** For the CSV source (`--csv-delimiter`, `--csv-encoding`). */
  readonly csv?: CsvOptions;
  /** Folder laid out by file id holding file bytes (`--files-dir`). */
  readonly filesDir?: string;
  /** IANA time zone of source times written without a zone (`--timezone`; Telegram's `date`). */
  readonly timeZone?: string;
  /**
   * The opener that downloads a linked file, or undefined when fetching is off for it. Lazy: nothing goes over
   * the network until the post stage calls it, so mappers stay free of I/O.
   */
  readonly openLinked?: (file: LinkedFile) => FileRef['open'];
  /**
   * The export's zip or folder, listed once by the core (mappers/shared/source-input.ts) and shared by detection
   * and the mapper; absent, a mapper opens the path itself (a test calling it directly).
   */
  readonly tree?: () => Promise<SourceTree>;
  readonly now: () => number;
}

/** A source kind's entry in the registry (mappers/index.ts). */
export interface SourceMapper {
  readonly kind: SourceKind;
  /** True when `path` looks like an export this mapper reads; used by source detection. */
  detect(path: string, options?: Pick<OpenOptions, 'csv' | 'tree'>): Promise<boolean>;
  open(path: string, options: OpenOptions): Promise<SourceExport>;
}

/**
 * The longest message text imported: a million characters, about 250 Chat messages once split. Longer ones (a log
 * or a file pasted into the chat) are skipped as message_too_large, so any message costs linear time and bounded
 * memory. Mappers that convert text (Slack's mrkdwn) check the raw text before converting it.
 */
export const MAX_MESSAGE_CHARS = 1_000_000;

/** The reason of a message_too_large skip; `field` names the string that was too long when it is not the text. */
export function messageTooLarge(chars: number, field?: string): string {
  return `the message${field ? `'s ${field}` : ''} has ${chars} characters, over the ${MAX_MESSAGE_CHARS} imported (about 250 Chat messages); not imported`;
}

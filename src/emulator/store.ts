// In-memory state with the indexes every request needs, so a request never scans all messages: per space, maps
// by system id, client id, requestId, thread and thread key, a set of used createTimes, and a createTime-sorted
// array for lists. Uploaded bytes are never kept: only their size and SHA-256.

export type SpaceType = 'SPACE' | 'GROUP_CHAT';

export interface SpaceRec {
  readonly id: string;
  readonly name: string;
  spaceType: SpaceType;
  displayName?: string;
  description?: string;
  guidelines?: string;
  historyState: string;
  audience?: string;
  externalUserAllowed: boolean;
  readonly createTimeUs: number;
  /** When spaces.create ran: the import deadline and the post-completion chat.import window count from here. */
  readonly createCallMs: number;
  importMode: boolean;
  importModeExpireMs?: number;
  /** Email of the creating user (or the service account for app-created spaces). */
  readonly createdBy: string;
  /** The creating service account: only it may reach the space while in import mode. */
  readonly app: string;
  deleted: boolean;
  /** Messages, live and deleted, sorted by createTime. */
  readonly messages: MessageRec[];
  readonly messagesById: Map<string, MessageRec>;
  readonly messagesByClientId: Map<string, MessageRec>;
  /** Every createTime ever used here, deleted messages included (µs). */
  readonly createTimes: Set<number>;
  readonly messageRequests: Map<string, MessageRec>;
  readonly threads: Map<string, ThreadRec>;
  /** `${app}\n${threadKey}` → thread: keys are scoped to the calling app. */
  readonly threadsByKey: Map<string, ThreadRec>;
  /** Memberships in creation order (removed ones are spliced out). */
  readonly memberships: MembershipRec[];
  /** Visible memberships by member key (numeric user id, `app:<sa>` or `groups/…`). */
  readonly membersByKey: Map<string, MembershipRec>;
}

export interface ThreadRec {
  readonly id: string;
  readonly name: string;
  readonly key?: string;
  /** The thread's messages sorted by createTime. */
  readonly messages: MessageRec[];
  /** The message that started the thread. */
  readonly rootId: string;
  /** Live messages other than the root: a root with replies cannot be deleted without force. */
  liveReplies: number;
}

export interface AttachmentRec {
  readonly name: string;
  readonly contentName: string;
  readonly contentType: string;
  readonly sizeBytes: number;
  readonly sha256: string;
  readonly resourceName: string;
  readonly token: string;
}

export interface MessageRec {
  readonly id: string;
  readonly name: string;
  readonly space: SpaceRec;
  readonly clientId?: string;
  /** The author: the impersonated user's email, or the service account for app-authored messages. */
  readonly senderEmail: string;
  readonly senderId: string;
  readonly senderType: 'HUMAN' | 'BOT';
  /** `user:<email>` or `app:<sa>`: updates are allowed only to the identity that created the message. */
  readonly identity: string;
  readonly createTimeUs: number;
  text: string;
  readonly markupSyntax?: string;
  readonly thread: ThreadRec;
  readonly threadReply: boolean;
  attachments: AttachmentRec[];
  quoted?: { name: string; lastUpdateTime: string };
  deleted: boolean;
  deleteTimeUs?: number;
  deletedByCreator?: boolean;
  lastUpdateUs?: number;
  /** `${userEmail}\n${emojiKey}` → reaction. */
  readonly reactions: Map<string, ReactionRec>;
}

export interface ReactionRec {
  readonly id: string;
  readonly name: string;
  readonly message: MessageRec;
  readonly userEmail: string;
  readonly userId: string;
  readonly unicode?: string;
  readonly customEmoji?: { uid?: string; name?: string };
  readonly emojiKey: string;
}

export interface MembershipRec {
  readonly key: string;
  readonly name: string;
  readonly space: SpaceRec;
  /** Email for users, the service account for the app, `groups/…` for a group. */
  readonly memberEmail: string;
  /** `users/{numericId}`, `users/app` or `groups/{id}`. */
  readonly memberName: string;
  readonly memberType: 'HUMAN' | 'BOT' | 'GROUP';
  role: 'ROLE_MEMBER' | 'ROLE_MANAGER';
  readonly createTimeUs?: number;
  readonly deleteTimeUs?: number;
  /** Created with a deleteTime in import mode: someone who had already left. */
  readonly historical: boolean;
  /** Historical memberships disappear (from lists and deletes) once the import completes. */
  hidden: boolean;
}

/** A finished upload waiting to be referenced by exactly one message of the same space. */
export interface UploadRec {
  readonly token: string;
  readonly resourceName: string;
  readonly spaceId: string;
  readonly contentName: string;
  readonly contentType: string;
  readonly sizeBytes: number;
  readonly sha256: string;
  used: boolean;
}

/** A file created through the Drive API (drive.ts): only its size and SHA-256 are kept, never its bytes. */
export interface DriveFileRec {
  readonly id: string;
  readonly name: string;
  readonly mimeType: string;
  /** The impersonated user whose Drive holds it. */
  readonly owner: string;
  readonly sizeBytes: number;
  readonly sha256: string;
  readonly appProperties: Readonly<Record<string, string>>;
  readonly permissions: Array<{ id: string; type: string; role: string; domain?: string; emailAddress?: string }>;
}

export class Store {
  readonly spaces = new Map<string, SpaceRec>();
  readonly spaceOrder: SpaceRec[] = [];
  /** displayName → the live SPACE holding it (names are unique in the organisation). */
  readonly spaceNames = new Map<string, SpaceRec>();
  /** `${app}\n${requestId}` → who created which space with it. */
  readonly spaceRequests = new Map<string, { identity: string; space: SpaceRec }>();
  readonly uploads = new Map<string, UploadRec>();
  /** Drive files by id, in creation order. */
  readonly driveFiles = new Map<string, DriveFileRec>();
  /** Every message in creation order, for the dump. */
  readonly messageLog: MessageRec[] = [];
  /** Live reactions by name, in creation order. */
  readonly reactions = new Map<string, ReactionRec>();

  newSpace(fields: Omit<SpaceRec, 'messages' | 'messagesById' | 'messagesByClientId' | 'createTimes' | 'messageRequests' |
    'threads' | 'threadsByKey' | 'memberships' | 'membersByKey'>): SpaceRec {
    const space: SpaceRec = {
      ...fields,
      messages: [],
      messagesById: new Map(),
      messagesByClientId: new Map(),
      createTimes: new Set(),
      messageRequests: new Map(),
      threads: new Map(),
      threadsByKey: new Map(),
      memberships: [],
      membersByKey: new Map(),
    };
    this.spaces.set(space.id, space);
    this.spaceOrder.push(space);
    return space;
  }
}

/** Inserts by createTime; imports arrive mostly in order, so this is nearly always a push. */
export function insertByCreateTime(list: MessageRec[], message: MessageRec): void {
  const last = list[list.length - 1];
  if (!last || last.createTimeUs < message.createTimeUs) {
    list.push(message);
    return;
  }
  list.splice(firstAfter(list, message.createTimeUs - 1), 0, message);
}

/** Index of the first message with createTime > us (binary search). */
export function firstAfter(list: readonly MessageRec[], us: number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((list[mid] as MessageRec).createTimeUs > us) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

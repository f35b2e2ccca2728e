// The inspection snapshot: everything stored, in creation order, in plain JSON (EmulatorDump). Deleted messages
// and removed reactions/memberships are left out; deleted or expired spaces stay, flagged, with their messages.
import type { Env } from './context.js';
import { driveDump } from './drive.js';
import { expireIfDue } from './lookup.js';
import { formatTimestamp, MICROS_PER_MS } from './times.js';
import type { EmulatorDump, EmulatorStored } from './types.js';

export function buildDump(env: Env): EmulatorDump {
  const { store } = env;
  const spaces: EmulatorDump['spaces'] = store.spaceOrder.map((s) => {
    expireIfDue(env, s);
    return {
      name: s.name,
      spaceType: s.spaceType,
      ...(s.displayName !== undefined ? { displayName: s.displayName } : {}),
      ...(s.description !== undefined ? { description: s.description } : {}),
      createTime: formatTimestamp(s.createTimeUs),
      importMode: s.importMode,
      ...(s.importMode && s.importModeExpireMs !== undefined
        ? { importModeExpireTime: formatTimestamp(s.importModeExpireMs * MICROS_PER_MS) } : {}),
      createdBy: s.createdBy,
      deleted: s.deleted,
    };
  });
  const messages: EmulatorDump['messages'] = [];
  for (const m of store.messageLog) {
    if (m.deleted) continue;
    messages.push({
      name: m.name,
      space: m.space.name,
      ...(m.clientId !== undefined ? { clientAssignedMessageId: m.clientId } : {}),
      senderEmail: m.senderEmail,
      sender: `users/${m.senderId}`,
      createTime: formatTimestamp(m.createTimeUs),
      text: m.text,
      ...(m.markupSyntax !== undefined ? { markupSyntax: m.markupSyntax } : {}),
      threadName: m.thread.name,
      ...(m.thread.key !== undefined ? { threadKey: m.thread.key } : {}),
      threadReply: m.threadReply,
      attachments: m.attachments.map((a) => ({ contentName: a.contentName, contentType: a.contentType, sizeBytes: a.sizeBytes, sha256: a.sha256 })),
    });
  }
  const reactions: EmulatorDump['reactions'] = [...store.reactions.values()].map((r) => ({
    name: r.name,
    message: r.message.name,
    userEmail: r.userEmail,
    ...(r.unicode !== undefined ? { unicode: r.unicode } : {}),
    ...(r.customEmoji !== undefined ? { customEmoji: r.customEmoji.uid ?? r.customEmoji.name } : {}),
  }));
  const memberships: EmulatorDump['memberships'] = store.spaceOrder.flatMap((s) => s.memberships.map((m) => ({
    name: m.name,
    space: s.name,
    memberEmail: m.memberEmail,
    role: m.role,
    ...(m.createTimeUs !== undefined ? { createTime: formatTimestamp(m.createTimeUs) } : {}),
    ...(m.deleteTimeUs !== undefined ? { deleteTime: formatTimestamp(m.deleteTimeUs) } : {}),
    historical: m.historical,
  })));
  return { spaces, messages, reactions, memberships, driveFiles: [...store.driveFiles.values()].map(driveDump) };
}

/** The dump's counts without building it: what a benchmark with a million messages can afford to ask. */
export function storedCounts(env: Env): EmulatorStored {
  const { store } = env;
  let messages = 0;
  let attachments = 0;
  for (const m of store.messageLog) {
    if (m.deleted) continue;
    messages += 1;
    attachments += m.attachments.length;
  }
  const memberships = store.spaceOrder.reduce((n, s) => n + s.memberships.length, 0);
  return { spaces: store.spaceOrder.length, messages, reactions: store.reactions.size, memberships, attachments };
}

// Turning `attachment: [{attachmentDataRef}]` on a message into stored attachments (rule 34): the token must come
// from media.upload into the same space and can be used once.
import { authorizedSpace } from './access.js';
import type { Call } from './context.js';
import { invalidArgument, notFound } from './errors.js';
import { randomId } from './ids.js';
import { resolveMessage } from './lookup.js';
import type { AttachmentRec, SpaceRec, Store, UploadRec } from './store.js';
import type { JsonObject } from './validate.js';
import { attachmentView } from './views.js';

/** Checks every reference without consuming anything, so a rejected message leaves its uploads usable. */
export function findUploads(store: Store, space: SpaceRec, value: unknown): UploadRec[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw invalidArgument("Invalid value at 'message.attachment': expected a list.");
  const uploads: UploadRec[] = [];
  for (const [i, item] of value.entries()) {
    const ref = typeof item === 'object' && item !== null ? (item as JsonObject)['attachmentDataRef'] : undefined;
    const token = typeof ref === 'object' && ref !== null ? (ref as JsonObject)['attachmentUploadToken'] : undefined;
    if (typeof token !== 'string') {
      // [doc] Attachment.driveDataRef is output only (the v1 reference and @googleapis/chat 51): a Drive file cannot
      // be attached through messages.create. [assumed] Google refuses it rather than dropping it silently.
      if (typeof item === 'object' && item !== null && 'driveDataRef' in item) {
        throw invalidArgument(`message.attachment[${i}].driveDataRef is output only: attach uploads from media.upload (attachmentDataRef).`);
      }
      throw invalidArgument(`message.attachment[${i}] needs attachmentDataRef.attachmentUploadToken from media.upload.`);
    }
    const upload = store.uploads.get(token);
    if (!upload || upload.spaceId !== space.id) {
      throw invalidArgument(`message.attachment[${i}]: unknown attachment upload token for ${space.name}.`);
    }
    if (upload.used || uploads.includes(upload)) throw invalidArgument(`message.attachment[${i}]: this upload is already attached to a message.`);
    uploads.push(upload);
  }
  return uploads;
}

/** Marks the uploads used and names them under the message. */
export function claimUploads(uploads: readonly UploadRec[], messageName: string): AttachmentRec[] {
  return uploads.map((u) => {
    u.used = true;
    return {
      name: `${messageName}/attachments/${randomId(16)}`,
      contentName: u.contentName,
      contentType: u.contentType,
      sizeBytes: u.sizeBytes,
      sha256: u.sha256,
      resourceName: u.resourceName,
      token: u.token,
    };
  });
}

/** spaces.messages.attachments.get: metadata only (the bytes are never kept). */
export function getAttachment(call: Call): JsonObject {
  const space = authorizedSpace(call, 'attachments.get');
  const message = resolveMessage(space, call.params[1] as string);
  const name = `${message.name}/attachments/${call.params[2] as string}`;
  const attachment = message.attachments.find((a) => a.name === name);
  if (!attachment) throw notFound(`Attachment ${name} not found.`);
  return attachmentView(attachment);
}

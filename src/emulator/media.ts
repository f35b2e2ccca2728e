// media.upload (chat-api.md §3; rules 33, 35): a multipart/related body with {"filename"} metadata and the media.
// Only the size and SHA-256 of the media are kept; the returned attachmentDataRef can then be attached to one
// message of the same space.
import { createHash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { authorize, authorizedSpace } from './access.js';
import type { Call } from './context.js';
import { invalidArgument } from './errors.js';
import { randomId } from './ids.js';
import { resolveSpace } from './lookup.js';
import { MultipartError, MultipartRelatedParser, relatedBoundary, type PartSink } from './multipart.js';
import type { UploadRec } from './store.js';
import type { JsonObject } from './validate.js';

export const MAX_UPLOAD_BYTES = 200 * 1024 * 1024;
const MAX_METADATA_BYTES = 1024 * 1024;

// [assumed] Chat's blocked file types follow Gmail's list (chat-api.md §3).
const BLOCKED_EXTENSIONS = new Set(('ade adp apk appx appxbundle bat cab chm cmd com cpl diagcab diagcfg diagpkg dll dmg ex ex_ ' +
  'exe hta img ins iso isp jar jnlp js jse lib lnk mde mjs msc msi msix msixbundle msp mst nsh pif ps1 scr sct shb sys vb ' +
  'vbe vbs vhd vxd wsc wsf wsh xll').split(' '));

export interface MediaPart {
  contentType: string;
  size: number;
  hash: ReturnType<typeof createHash>;
}

/** Reads the two parts: metadata JSON (kept, small) and the media (counted; hashed up to `hashLimit` bytes). */
export async function readParts(req: IncomingMessage, boundary: string, hashLimit = MAX_UPLOAD_BYTES): Promise<{ metadata: Buffer; media?: MediaPart }> {
  const metadataChunks: Buffer[] = [];
  let metadataBytes = 0;
  let media: MediaPart | undefined;
  let parts = 0;
  const parser = new MultipartRelatedParser(boundary, (headers): PartSink => {
    parts++;
    if (parts === 1) {
      return {
        write(chunk) {
          metadataBytes += chunk.length;
          if (metadataBytes > MAX_METADATA_BYTES) throw new MultipartError('The metadata part is too large.');
          metadataChunks.push(Buffer.from(chunk));
        },
        end() {},
      };
    }
    if (parts > 2) throw new MultipartError('A media upload has exactly two parts: metadata and media.');
    const part: MediaPart = { contentType: headers.get('content-type') || 'application/octet-stream', size: 0, hash: createHash('sha256') };
    media = part;
    return {
      write(chunk) {
        part.size += chunk.length;
        // Past the limit the upload is refused anyway: stop hashing, keep counting.
        if (part.size <= hashLimit) part.hash.update(chunk);
      },
      end() {},
    };
  });
  // Keep reading after a parse error, so the 400 can still be sent on this connection.
  await new Promise<void>((resolve, reject) => {
    let failure: unknown;
    req.on('data', (chunk: Buffer) => {
      if (failure !== undefined) return;
      try {
        parser.write(chunk);
      } catch (e) {
        failure = e;
      }
    });
    req.on('end', () => {
      try {
        if (failure !== undefined) throw failure;
        parser.end();
        resolve();
      } catch (e) {
        reject(e);
      }
    });
    req.on('error', reject);
  });
  return { metadata: Buffer.concat(metadataChunks), media };
}

export async function uploadMedia(call: Call, req: IncomingMessage): Promise<JsonObject> {
  const { env, query } = call;
  authorizedSpace(call, 'media.upload');
  const uploadType = query.get('uploadType');
  if (uploadType !== 'multipart') {
    throw invalidArgument(uploadType === 'media'
      ? 'A media-only upload has no filename: send the UploadAttachmentRequest {filename} with the media (uploadType=multipart).'
      : `uploadType ${JSON.stringify(uploadType)} is not supported; use multipart.`);
  }
  const boundary = relatedBoundary(req.headers['content-type']);
  if (!boundary) throw invalidArgument('A multipart upload needs Content-Type: multipart/related; boundary=….');
  let parsed;
  try {
    parsed = await readParts(req, boundary);
  } catch (e) {
    if (e instanceof MultipartError) throw invalidArgument(e.message);
    throw e;
  }
  let metadata: unknown;
  try {
    metadata = JSON.parse(parsed.metadata.toString('utf8'));
  } catch {
    throw invalidArgument('The metadata part must be JSON: {"filename": "…"}.');
  }
  const filename = typeof metadata === 'object' && metadata !== null ? (metadata as JsonObject)['filename'] : undefined;
  if (typeof filename !== 'string' || filename.trim() === '') throw invalidArgument('filename is required.');
  const dot = filename.lastIndexOf('.');
  const extension = dot >= 0 ? filename.slice(dot + 1).toLowerCase() : '';
  if (BLOCKED_EXTENSIONS.has(extension)) throw invalidArgument(`Files of type .${extension} are blocked.`);
  const media = parsed.media;
  if (!media) throw invalidArgument('The upload has no media part.');
  if (media.size > MAX_UPLOAD_BYTES) throw invalidArgument(`The file is ${media.size} bytes; the limit is ${MAX_UPLOAD_BYTES} bytes (200 MB).`);

  // The body took time to arrive: the space may have been deleted meanwhile.
  const space = resolveSpace(env, call.params[0] as string);
  const token = randomId(48);
  const upload: UploadRec = {
    token,
    resourceName: `${space.id}/${randomId(32)}`,
    spaceId: space.id,
    contentName: filename,
    contentType: media.contentType,
    sizeBytes: media.size,
    sha256: media.hash.digest('hex'),
    used: false,
  };
  env.store.uploads.set(token, upload);
  return { attachmentDataRef: { resourceName: upload.resourceName, attachmentUploadToken: token } };
}

/** The metadata-only form (`POST v1/…/attachments:upload`) carries no media, so it can only fail. */
export function uploadWithoutMedia(call: Call): JsonObject {
  authorize(call.caller, resolveSpace(call.env, call.params[0] as string), 'media.upload', call.env.nowMs());
  throw invalidArgument('No media in the request: upload to /upload/v1/{parent}/attachments:upload with uploadType=multipart.');
}

// A minimal Google Drive API v3 for rehearsing chat-import --drive: files.create with a multipart upload,
// files.list by one appProperties key, and permissions.create. Each call needs an impersonated user whose token
// carries drive.file (or drive); with drive.file a user reaches only the files this app created in their Drive.
// Only each file's size and SHA-256 are kept. [assumed] Google's exact answers for bad queries are not modelled:
// anything but the one query form chat-import sends is a 400.
import type { IncomingMessage } from 'node:http';
import { SCOPE_PREFIX, type Caller } from './auth.js';
import type { Call } from './context.js';
import { insufficientScopes, invalidArgument, notFound, permissionDenied } from './errors.js';
import { randomId } from './ids.js';
import { readParts } from './media.js';
import { MultipartError, relatedBoundary } from './multipart.js';
import type { DriveFileRec } from './store.js';
import type { EmulatorDump } from './types.js';
import type { JsonObject } from './validate.js';

const DRIVE_SCOPES = [`${SCOPE_PREFIX}drive.file`, `${SCOPE_PREFIX}drive`];
/** Drive's limit for one appProperties entry: key and value together, in bytes. */
const MAX_PROPERTY_BYTES = 124;
const LIST_QUERY = /^appProperties has \{ key='([^'\\]+)' and value='([^'\\]*)' \}(?: and trashed = false)?$/;

/** The user whose Drive the call works on. */
function driveUser(caller: Caller): string {
  if (!DRIVE_SCOPES.some((scope) => caller.scopes.has(scope))) throw insufficientScopes();
  if (!caller.user) throw permissionDenied('The service account has no Drive here: impersonate a user (domain-wide delegation).');
  return caller.user;
}

const view = (file: DriveFileRec): JsonObject => ({
  kind: 'drive#file',
  id: file.id,
  name: file.name,
  mimeType: file.mimeType,
  webViewLink: `https://drive.google.com/file/d/${file.id}/view?usp=drivesdk`,
});

/** POST /upload/drive/v3/files?uploadType=multipart */
export async function createDriveFile(call: Call, req: IncomingMessage): Promise<JsonObject> {
  const owner = driveUser(call.caller);
  const uploadType = call.query.get('uploadType');
  if (uploadType !== 'multipart') throw invalidArgument(`uploadType ${JSON.stringify(uploadType)} is not supported by the emulator; use multipart.`);
  const boundary = relatedBoundary(req.headers['content-type']);
  if (!boundary) throw invalidArgument('A multipart upload needs Content-Type: multipart/related; boundary=….');
  let parsed;
  try {
    parsed = await readParts(req, boundary, Number.POSITIVE_INFINITY);
  } catch (e) {
    if (e instanceof MultipartError) throw invalidArgument(e.message);
    throw e;
  }
  let metadata: JsonObject;
  try {
    metadata = JSON.parse(parsed.metadata.toString('utf8')) as JsonObject;
  } catch {
    throw invalidArgument('The metadata part must be a JSON File resource.');
  }
  if (!parsed.media) throw invalidArgument('The upload has no media part.');
  const appProperties = propertiesOf(metadata['appProperties']);
  const name = typeof metadata['name'] === 'string' && metadata['name'] !== '' ? metadata['name'] : 'Untitled';
  const file: DriveFileRec = {
    id: `1${randomId(32)}`,
    name,
    mimeType: typeof metadata['mimeType'] === 'string' ? metadata['mimeType'] : parsed.media.contentType,
    owner,
    sizeBytes: parsed.media.size,
    sha256: parsed.media.hash.digest('hex'),
    appProperties,
    permissions: [{ id: randomId(20), type: 'user', role: 'owner', emailAddress: owner }],
  };
  call.env.store.driveFiles.set(file.id, file);
  return view(file);
}

function propertiesOf(value: unknown): Record<string, string> {
  if (value === undefined) return {};
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw invalidArgument('appProperties must be an object of strings.');
  const properties: Record<string, string> = {};
  for (const [key, entry] of Object.entries(value)) {
    if (typeof entry !== 'string') throw invalidArgument(`appProperties.${key} must be a string.`);
    if (Buffer.byteLength(key) + Buffer.byteLength(entry) > MAX_PROPERTY_BYTES) throw invalidArgument(`appProperties.${key}: key and value may hold ${MAX_PROPERTY_BYTES} bytes together.`);
    properties[key] = entry;
  }
  return properties;
}

/** GET /drive/v3/files?q=appProperties has { key='…' and value='…' } [and trashed = false] */
export function listDriveFiles(call: Call): JsonObject {
  const owner = driveUser(call.caller);
  const match = LIST_QUERY.exec(call.query.get('q') ?? '');
  if (!match) throw invalidArgument(`Invalid Value: the emulator answers only q=appProperties has { key='…' and value='…' } and trashed = false.`);
  const [, key, value] = match as unknown as [string, string, string];
  const files = [...call.env.store.driveFiles.values()].filter((f) => f.owner === owner && f.appProperties[key] === value);
  return { kind: 'drive#fileList', files: files.map(view) };
}

/** POST /drive/v3/files/{fileId}/permissions */
export function createDrivePermission(call: Call): JsonObject {
  const owner = driveUser(call.caller);
  const id = call.params[0] as string;
  const file = call.env.store.driveFiles.get(id);
  // drive.file reaches only files this app created for this user; Drive says 404 for the others.
  if (!file || file.owner !== owner) throw notFound(`File not found: ${id}.`);
  const { type, role, domain, emailAddress } = call.body as { type?: unknown; role?: unknown; domain?: unknown; emailAddress?: unknown };
  if (type !== 'user' && type !== 'group' && type !== 'domain' && type !== 'anyone') throw invalidArgument('permission.type must be user, group, domain or anyone.');
  if (role !== 'reader' && role !== 'commenter' && role !== 'writer') throw invalidArgument('permission.role must be reader, commenter or writer.');
  if (type === 'domain' && typeof domain !== 'string') throw invalidArgument('A domain permission needs domain.');
  if ((type === 'user' || type === 'group') && typeof emailAddress !== 'string') throw invalidArgument('A user or group permission needs emailAddress.');
  const same = file.permissions.find((p) => p.type === type && p.role === role && p.domain === domain && p.emailAddress === emailAddress);
  if (same) return { kind: 'drive#permission', ...same };
  const permission = { id: randomId(20), type, role, ...(typeof domain === 'string' ? { domain } : {}), ...(typeof emailAddress === 'string' ? { emailAddress } : {}) };
  file.permissions.push(permission);
  return { kind: 'drive#permission', ...permission };
}

/** For the dump: what a test needs to see that a file arrived once, whole, where it should. */
export function driveDump(file: DriveFileRec): EmulatorDump['driveFiles'][number] {
  return {
    id: file.id,
    name: file.name,
    mimeType: file.mimeType,
    owner: file.owner,
    sizeBytes: file.sizeBytes,
    sha256: file.sha256,
    appProperties: { ...file.appProperties },
    sharedWith: file.permissions.filter((p) => p.role !== 'owner').map((p) => `${p.type}:${p.domain ?? p.emailAddress ?? ''}:${p.role}`),
  };
}

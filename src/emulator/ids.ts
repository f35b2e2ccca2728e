// Resource ids. Google's are opaque; these look alike (alphanumeric, fixed length) so nothing downstream can
// start parsing them, and user ids are derived from the email so they stay the same across emulator runs.
import { createHash, randomBytes } from 'node:crypto';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

// Ids are minted on every write: draw random bytes in blocks instead of one crypto call per id.
const POOL_SIZE = 4096;
let pool = randomBytes(POOL_SIZE);
let poolAt = 0;

/** `length` random alphanumeric characters (modulo bias is irrelevant for ids). */
export function randomId(length: number): string {
  if (poolAt + length > POOL_SIZE) {
    pool = randomBytes(POOL_SIZE);
    poolAt = 0;
  }
  let out = '';
  for (let i = 0; i < length; i++) out += ALPHABET[(pool[poolAt + i] as number) % ALPHABET.length];
  poolAt += length;
  return out;
}

const numericIds = new Map<string, string>();

/**
 * The canonical numeric user id Google returns as `users/{id}`: 21 digits starting with 1, like real Google ids,
 * derived from the lower-cased email so the same person always gets the same id.
 */
export function numericUserId(email: string): string {
  const key = email.toLowerCase();
  let id = numericIds.get(key);
  if (id === undefined) {
    const digest = createHash('sha256').update(key).digest();
    id = '1' + (digest.readBigUInt64BE(0) % 10n ** 20n).toString().padStart(20, '0');
    numericIds.set(key, id);
  }
  return id;
}

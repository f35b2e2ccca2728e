// Verifies the JWT-bearer assertion google-auth-library signs (chat-api.md §6): header {"alg":"RS256"}, claims
// iss/sub/scope/aud/iat/exp, RS256 over "header.payload" with the service account's private key.
import { verify, type KeyObject } from 'node:crypto';

export const GOOGLE_TOKEN_AUD = 'https://oauth2.googleapis.com/token';
/** Google accepts assertions valid for at most one hour. */
const MAX_LIFETIME_S = 3600;
/** Tolerated clock difference between the signer and the emulator. */
const SKEW_S = 60;

export interface AssertionClaims {
  iss: string;
  sub?: string;
  scope: string;
  aud: string;
  iat: number;
  exp: number;
}

/** Why an assertion was refused, worded like Google's token endpoint. */
export class AssertionError extends Error {}

function decodeJson(part: string): Record<string, unknown> {
  const value: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error('not an object');
  return value as Record<string, unknown>;
}

/** Checks signature, audience and lifetime; `keysOf(iss)` lists the public keys trusted for that issuer. */
export function verifyAssertion(assertion: string, keysOf: (iss: string) => readonly KeyObject[], nowMs: number): AssertionClaims {
  const parts = assertion.split('.');
  if (parts.length !== 3) throw new AssertionError('Invalid JWT: malformed assertion.');
  const [headerPart, payloadPart, signaturePart] = parts as [string, string, string];
  let header: Record<string, unknown>;
  let claims: Record<string, unknown>;
  try {
    header = decodeJson(headerPart);
    claims = decodeJson(payloadPart);
  } catch {
    throw new AssertionError('Invalid JWT: the header or claim set is not base64url JSON.');
  }
  if (header['alg'] !== 'RS256') throw new AssertionError('Invalid JWT: only RS256 is accepted.');
  const iss = claims['iss'];
  if (typeof iss !== 'string') throw new AssertionError('Invalid JWT: missing iss.');
  const signed = Buffer.from(`${headerPart}.${payloadPart}`);
  const signature = Buffer.from(signaturePart, 'base64url');
  if (!keysOf(iss).some((key) => verify('RSA-SHA256', signed, key, signature))) {
    throw new AssertionError('Invalid JWT Signature.');
  }
  if (claims['aud'] !== GOOGLE_TOKEN_AUD) throw new AssertionError(`Invalid JWT: aud must be ${GOOGLE_TOKEN_AUD}.`);
  const { iat, exp } = claims;
  const now = nowMs / 1000;
  if (typeof iat !== 'number' || typeof exp !== 'number' || exp - iat > MAX_LIFETIME_S || exp <= iat ||
      now < iat - SKEW_S || now > exp + SKEW_S) {
    throw new AssertionError('Invalid JWT: Token must be a short-lived token (60 minutes) and in a reasonable timeframe. Check your iat and exp values in the JWT claim.');
  }
  const sub = claims['sub'];
  if (sub !== undefined && typeof sub !== 'string') throw new AssertionError('Invalid JWT: sub must be a string.');
  const scope = claims['scope'];
  return { iss, sub, scope: typeof scope === 'string' ? scope : '', aud: GOOGLE_TOKEN_AUD, iat, exp };
}

// The OAuth side: which service-account keys are trusted, the JWT-bearer token endpoint (chat-api.md §6, §9
// rules 2–4) and the opaque bearer tokens it hands out, each bound to an app (the service account), an optional
// impersonated user and the granted scopes.
import { createPublicKey, generateKeyPairSync, randomBytes, type KeyObject } from 'node:crypto';
import { Directory, looksLikeEmail } from './directory.js';
import { unauthenticated } from './errors.js';
import { AssertionError, verifyAssertion } from './jwt.js';
import type { ServiceAccountKey } from './types.js';

export const SCOPE_PREFIX = 'https://www.googleapis.com/auth/';
export const IMPORT_SCOPE = `${SCOPE_PREFIX}chat.import`;
export const BOT_SCOPE = `${SCOPE_PREFIX}chat.bot`;
/** For chat-import --drive (drive.ts): files this app creates in a user's Drive. */
export const DRIVE_FILE_SCOPE = `${SCOPE_PREFIX}drive.file`;
/** What verify reads completed spaces with: a Workspace admin grants it beside chat.import for a migration. */
export const MESSAGES_READONLY_SCOPE = `${SCOPE_PREFIX}chat.messages.readonly`;
const JWT_BEARER = 'urn:ietf:params:oauth:grant-type:jwt-bearer';
const TOKEN_LIFETIME_S = 3599;

/** Who is calling: the service account (the app / project) and, with domain-wide delegation, the user. */
export interface Caller {
  readonly app: string;
  readonly user?: string;
  readonly scopes: ReadonlySet<string>;
}

interface IssuedToken extends Caller {
  readonly expiresAtMs: number;
}

/** A token endpoint answer: OAuth errors are {error, error_description}, not Google API errors. */
export interface TokenReply {
  status: number;
  body: Record<string, unknown>;
}

export class AuthService {
  private readonly keys = new Map<string, KeyObject[]>();
  private readonly tokens = new Map<string, IssuedToken>();

  constructor(
    private readonly directory: Directory,
    private readonly grantedScopes: ReadonlySet<string>,
  ) {}

  trust(key: { client_email: string; private_key?: string; public_key?: string }): void {
    const source = key.public_key ?? key.private_key;
    if (!source) throw new Error(`trustServiceAccount: ${key.client_email} has neither public_key nor private_key`);
    const publicKey = createPublicKey(source);
    const list = this.keys.get(key.client_email) ?? [];
    list.push(publicKey);
    this.keys.set(key.client_email, list);
  }

  createKey(clientEmail: string, tokenUri: string): ServiceAccountKey {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    this.trust({ client_email: clientEmail, private_key: pem });
    const projectId = /@([^.]+)\./.exec(clientEmail)?.[1] ?? 'chat-import-emulator';
    return {
      type: 'service_account',
      project_id: projectId,
      private_key_id: randomBytes(20).toString('hex'),
      private_key: pem,
      client_email: clientEmail,
      client_id: '1' + [...randomBytes(20)].map((b) => b % 10).join(''),
      token_uri: tokenUri,
    };
  }

  /** POST /token with a form body. */
  issue(form: URLSearchParams, nowMs: number): TokenReply {
    if (form.get('grant_type') !== JWT_BEARER) {
      return oauthError(400, 'unsupported_grant_type', 'Invalid grant_type: only the JWT bearer grant is supported.');
    }
    const assertion = form.get('assertion');
    if (!assertion) return oauthError(400, 'invalid_request', 'Missing required parameter: assertion');
    let claims;
    try {
      claims = verifyAssertion(assertion, (iss) => this.keys.get(iss) ?? [], nowMs);
    } catch (e) {
      if (e instanceof AssertionError) return oauthError(400, 'invalid_grant', e.message);
      throw e;
    }
    const scopes = claims.scope.split(' ').filter((s) => s !== '');
    if (scopes.length === 0) return oauthError(400, 'invalid_scope', 'Empty or missing scope not allowed.');
    if (claims.sub !== undefined) {
      // Domain-wide delegation: the user must exist, and an admin must have granted every scope asked for.
      if (!looksLikeEmail(claims.sub) || !this.directory.exists(claims.sub)) {
        return oauthError(400, 'invalid_grant', 'Invalid email or User ID');
      }
      if (!scopes.every((s) => this.grantedScopes.has(s))) {
        return oauthError(401, 'unauthorized_client',
          'Client is unauthorized to retrieve access tokens using this method, or client not authorized for any of the scopes requested.');
      }
    }
    const token = `ya29.emu-${randomBytes(32).toString('base64url')}`;
    this.tokens.set(token, {
      app: claims.iss,
      user: claims.sub?.toLowerCase(),
      scopes: new Set(scopes),
      expiresAtMs: nowMs + TOKEN_LIFETIME_S * 1000,
    });
    return { status: 200, body: { access_token: token, expires_in: TOKEN_LIFETIME_S, token_type: 'Bearer' } };
  }

  /** The identity behind an `Authorization: Bearer …` header, or 401 UNAUTHENTICATED. */
  caller(authorization: string | undefined, nowMs: number): Caller {
    const match = authorization ? /^Bearer\s+(\S+)$/i.exec(authorization) : null;
    if (!match) {
      throw unauthenticated('Request is missing required authentication credential. Expected OAuth 2 access token, login cookie or other valid authentication credential.');
    }
    const token = this.tokens.get(match[1] as string);
    if (!token) throw unauthenticated('Request had invalid authentication credentials. Expected OAuth 2 access token.');
    if (token.expiresAtMs <= nowMs) {
      this.tokens.delete(match[1] as string);
      throw unauthenticated('Request had invalid authentication credentials: the access token expired.');
    }
    return token;
  }
}

function oauthError(status: number, error: string, description: string): TokenReply {
  return { status, body: { error, error_description: description } };
}

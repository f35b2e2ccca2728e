// Per-user access tokens through domain-wide delegation: one JWT client (and so one cached token, refreshed
// before expiry by google-auth-library) per impersonated user. With --api-root, the token request and every
// Chat call go to that root instead of Google: the library has no option for the token URL, so a request
// interceptor on the client's own gaxios transporter rewrites it (see ../shared/chat-api.md §6).
import { gaxios, JWT } from 'google-auth-library';
import { ApiError, FatalError, ImpersonationRefusedError, redact, UsageError } from '../errors.js';
import { DEFAULT_TIMEOUTS, nodeHttpAdapter, type RequestTimeouts } from './http-adapter.js';

export const CHAT_IMPORT_SCOPE = 'https://www.googleapis.com/auth/chat.import';
/** Reading a space back after completeImport, when chat.import no longer covers messages.list. */
export const CHAT_MESSAGES_READONLY_SCOPE = 'https://www.googleapis.com/auth/chat.messages.readonly';
const GOOGLE_TOKEN_URL = 'https://oauth2.googleapis.com/token';
const GOOGLE_CHAT_ORIGIN = 'https://chat.googleapis.com/';

export interface ServiceAccountKey {
  readonly client_email: string;
  readonly private_key: string;
  readonly private_key_id?: string;
}

export function parseServiceAccountKey(json: string, file: string): ServiceAccountKey {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    throw new UsageError(`--credentials ${file}: not JSON. Expected a service-account key JSON file: download the service account's key again (IAM → Service accounts → Keys → Add key → JSON).`);
  }
  const key = value as Partial<ServiceAccountKey> & { type?: string };
  if (key.type !== 'service_account' || typeof key.client_email !== 'string' || typeof key.private_key !== 'string' || !key.private_key.includes('PRIVATE KEY')) {
    throw new UsageError(`--credentials ${file}: not a service-account key. Expected a JSON key with type "service_account", client_email and private_key.`);
  }
  return { client_email: key.client_email, private_key: key.private_key, ...(key.private_key_id ? { private_key_id: key.private_key_id } : {}) };
}

export class TokenBroker {
  private readonly clients = new Map<string, JWT>();
  private readonly refused = new Map<string, ImpersonationRefusedError>();

  constructor(
    private readonly key: ServiceAccountKey,
    private readonly apiRoot: string | undefined,
    private readonly scopes: readonly string[] = [CHAT_IMPORT_SCOPE],
    /** For the token requests and every Chat call sent with these clients (they share the transporter's adapter). */
    private readonly timeouts: RequestTimeouts = DEFAULT_TIMEOUTS,
  ) {}

  /** The auth client for `email`, after making sure Google issues tokens for it (cached, so asked once). */
  async clientFor(email: string): Promise<JWT> {
    const refusal = this.refused.get(email);
    if (refusal) throw refusal;
    let client = this.clients.get(email);
    if (!client) {
      client = new JWT({
        email: this.key.client_email,
        key: this.key.private_key,
        ...(this.key.private_key_id ? { keyId: this.key.private_key_id } : {}),
        scopes: [...this.scopes],
        subject: email,
        eagerRefreshThresholdMillis: 5 * 60_000,
        transporter: this.transporter(),
      });
      this.clients.set(email, client);
    }
    try {
      await client.getAccessToken();
    } catch (error) {
      this.clients.delete(email);
      throw this.classify(error, email);
    }
    return client;
  }

  private transporter(): gaxios.Gaxios {
    // The library's own gaxios build, so the JWT accepts it as its transporter; plain requests go over node:http
    // (see http-adapter.ts for why).
    const transporter = new gaxios.Gaxios({ adapter: nodeHttpAdapter(this.timeouts) });
    const root = this.apiRoot;
    if (root) {
      transporter.interceptors.request.add({
        resolved: async (options) => {
          const url = String(options.url);
          if (url === GOOGLE_TOKEN_URL) options.url = new URL('token', root);
          else if (url.startsWith(GOOGLE_CHAT_ORIGIN)) options.url = new URL(url.slice(GOOGLE_CHAT_ORIGIN.length), root);
          return options;
        },
      });
    }
    return transporter;
  }

  /**
   * invalid_grant → Google will not issue tokens for this user (not in the directory, suspended): the caller
   * posts as the admin with attribution (or stops, when it is the admin). unauthorized_client → the delegation is
   * missing: fatal, with what to fix. Server and network errors are transient: the caller's retry policy decides.
   */
  private classify(error: unknown, email: string): Error {
    const text = redact(error instanceof Error ? error.message : String(error));
    const status = (error as { response?: { status?: number }; status?: number }).response?.status ?? (error as { status?: number }).status;
    const code = (error as { code?: unknown }).code;
    if (/invalid_grant/.test(text)) {
      const refusal = new ImpersonationRefusedError(email, text);
      this.refused.set(email, refusal);
      return refusal;
    }
    if (/unauthorized_client/.test(text)) {
      return new FatalError(
        'dwd_not_granted',
        `The service account ${this.key.client_email} may not act as ${email} with the scope ${this.scopes.join(' ')} (${text}). ` +
          'In the Google Admin console, open Security → Access and data control → API controls → Domain-wide delegation, ' +
          `and add the service account's client ID with the scope ${this.scopes.join(',')}.`,
      );
    }
    // No answer at all (a system error such as ECONNRESET, or our CONNECT_/RESPONSE_TIMEOUT): transient.
    // The address is named: a dead --api-root should say which root it was.
    const tokenUrl = this.apiRoot ? new URL('token', this.apiRoot).href : GOOGLE_TOKEN_URL;
    if (status === undefined && typeof code === 'string' && /^E[A-Z]+|_TIMEOUT$/.test(code)) return new ApiError(0, code, `token request to ${tokenUrl} failed: ${text}`);
    if (status !== undefined && (status === 429 || status >= 500)) return new ApiError(status, 'TOKEN_ENDPOINT', `token request failed: ${text}`);
    if (/PEM|DECODER|asn1|private key/i.test(text)) {
      return new FatalError('credentials', `The service-account key could not be used (${text}). Create a new JSON key for the service account and pass it with --credentials.`);
    }
    return new FatalError('token', `Could not get an access token for ${email}: ${text}`);
  }
}

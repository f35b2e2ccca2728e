// The token endpoint (JWT-bearer grant, chat-api.md §6, §9 rules 2–4) and bearer checks on API calls.
import { createSign, generateKeyPairSync } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator, type ServiceAccountKey } from '../../src/emulator/index.js';
import { BOT, chatAs, expectGoogleError, expectTokenError, IMPORT, importSpace, jwtFor, scope } from './helpers.js';

let emu: RunningEmulator;
let key: ServiceAccountKey;

beforeAll(async () => {
  emu = await startEmulator({ domains: ['example.com'], users: ['guest@partner.org'], refusedUsers: ['gone@example.com'] });
  key = emu.createServiceAccountKey();
});
afterAll(async () => {
  await emu.stop();
});

/** Signs a JWT-bearer assertion by hand, to send claims the auth library never would. */
function assertion(claims: Record<string, unknown>, privateKey: string = key.private_key): string {
  const part = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const unsigned = `${part({ alg: 'RS256' })}.${part(claims)}`;
  return `${unsigned}.${createSign('RSA-SHA256').update(unsigned).sign(privateKey).toString('base64url')}`;
}

async function postToken(form: Record<string, string>): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(`${emu.url}token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(form),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

const nowS = () => Math.floor(Date.now() / 1000);
const claims = (extra: Record<string, unknown> = {}) => ({
  iss: key.client_email, sub: 'alice@example.com', scope: IMPORT, aud: 'https://oauth2.googleapis.com/token',
  iat: nowS(), exp: nowS() + 3600, ...extra,
});
const grant = 'urn:ietf:params:oauth:grant-type:jwt-bearer';

describe('token endpoint', () => {
  it('issues a Bearer token for a directory user through google-auth-library', async () => {
    const tokens = await jwtFor(emu, key, 'alice@example.com').authorize();
    expect(tokens.access_token).toMatch(/^ya29\./);
    expect(tokens.token_type).toBe('Bearer');
    expect(emu.counters().tokensIssued).toBeGreaterThanOrEqual(1);
  });

  it('knows individually listed users outside the domains', async () => {
    const tokens = await jwtFor(emu, key, 'guest@partner.org').authorize();
    expect(tokens.access_token).toMatch(/^ya29\./);
  });

  it.each([
    ['a user outside every domain', 'stranger@elsewhere.net'],
    ['a refused user inside the domain', 'gone@example.com'],
    ['a subject that is not an email', 'alice'],
  ])('answers 400 invalid_grant for %s', async (_what, subject) => {
    await expectTokenError(jwtFor(emu, key, subject).authorize(), 400, 'invalid_grant');
  });

  it('answers 400 invalid_grant for a signature by an untrusted key', async () => {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const forged = { ...key, private_key: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString() };
    await expectTokenError(jwtFor(emu, forged, 'alice@example.com').authorize(), 400, 'invalid_grant');
  });

  it('answers 401 unauthorized_client for a scope not granted through domain-wide delegation', async () => {
    await expectTokenError(jwtFor(emu, key, 'alice@example.com', [IMPORT, scope('chat.messages')]).authorize(), 401, 'unauthorized_client');
  });

  it('issues app tokens (no subject) without a delegation check', async () => {
    const tokens = await jwtFor(emu, key, undefined, [BOT]).authorize();
    expect(tokens.access_token).toMatch(/^ya29\./);
  });

  it('trusts a key registered with trustServiceAccount', async () => {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    const other = { ...key, client_email: 'other@proj.iam.gserviceaccount.com', private_key: pem };
    await expectTokenError(jwtFor(emu, other, 'alice@example.com').authorize(), 400, 'invalid_grant');
    emu.trustServiceAccount({ client_email: other.client_email, private_key: pem });
    expect((await jwtFor(emu, other, 'alice@example.com').authorize()).access_token).toMatch(/^ya29\./);
  });

  it.each([
    ['aud is not Google\'s token URL', (now: number) => ({ aud: 'http://127.0.0.1/token', iat: now, exp: now + 3600 })],
    ['the lifetime exceeds one hour', (now: number) => ({ iat: now, exp: now + 3601 })],
    ['the assertion expired', (now: number) => ({ iat: now - 7200, exp: now - 3600 })],
    ['iat is in the future', (now: number) => ({ iat: now + 600, exp: now + 1200 })],
  ])('answers 400 invalid_grant when %s', async (_what, extra) => {
    const res = await postToken({ grant_type: grant, assertion: assertion(claims(extra(nowS()))) });
    expect([res.status, res.body['error']]).toEqual([400, 'invalid_grant']);
  });

  it('accepts a hand-signed assertion with the exact claims google-auth-library sends', async () => {
    const res = await postToken({ grant_type: grant, assertion: assertion(claims()) });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ expires_in: 3599, token_type: 'Bearer' });
  });

  it('answers 400 unsupported_grant_type for other grants', async () => {
    const res = await postToken({ grant_type: 'client_credentials', assertion: assertion(claims()) });
    expect([res.status, res.body['error']]).toEqual([400, 'unsupported_grant_type']);
  });
});

describe('bearer tokens on API calls', () => {
  it('answers 401 UNAUTHENTICATED without a token or with an unknown one', async () => {
    for (const headers of [{}, { authorization: 'Bearer ya29.not-issued' }] as Array<Record<string, string>>) {
      const res = await fetch(`${emu.url}v1/spaces`, { method: 'POST', headers, body: '{}' });
      const body = (await res.json()) as { error: { code: number; status: string } };
      expect([res.status, body.error.code, body.error.status]).toEqual([401, 401, 'UNAUTHENTICATED']);
    }
  });

  it('accepts the token the client library obtained', async () => {
    const space = await importSpace(chatAs(emu, key, 'alice@example.com'));
    expect(space.name).toMatch(/^spaces\/[A-Za-z0-9]+$/);
  });

  it('answers 404 NOT_FOUND with a Google error body for paths the API does not have', async () => {
    const res = await fetch(`${emu.url}v1/nothing`);
    const body = (await res.json()) as { error: { status: string } };
    expect([res.status, body.error.status]).toEqual([404, 'NOT_FOUND']);
  });
});

describe('scope checks', () => {
  it('answers 403 PERMISSION_DENIED to an app token without chat.bot', async () => {
    const alice = chatAs(emu, key, 'alice@example.com');
    const space = await importSpace(alice);
    const app = chatAs(emu, key, undefined, [scope('chat.app.spaces')]);
    await expectGoogleError(app.spaces.get({ name: space.name as string }), 403, 'PERMISSION_DENIED');
    const bot = chatAs(emu, key);
    expect((await bot.spaces.get({ name: space.name as string })).data.name).toBe(space.name);
  });
});

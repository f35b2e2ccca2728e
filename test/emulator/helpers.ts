// Shared test plumbing: the official clients wired to an emulator exactly as chat-import does it (chat-api.md §0,
// §6): the JWT's own gaxios transporter rewrites Google's hard-coded token URL to the emulator, the Chat client
// gets rootUrl, and media.upload gets rootUrl per call.
import { chat, type chat_v1 } from '@googleapis/chat';
import { gaxios, JWT } from 'google-auth-library';
import { expect } from 'vitest';
import type { RunningEmulator, ServiceAccountKey } from '../../src/emulator/index.js';

export const IMPORT = 'https://www.googleapis.com/auth/chat.import';
export const BOT = 'https://www.googleapis.com/auth/chat.bot';
const GOOGLE_TOKEN_URL = 'https://oauth2.googleapis.com/token';

export function jwtFor(emu: RunningEmulator, key: ServiceAccountKey, subject?: string, scopes: string[] = subject ? [IMPORT] : [BOT]): JWT {
  const transporter = new gaxios.Gaxios();
  transporter.interceptors.request.add({
    resolved: async (options) => {
      if (String(options.url) === GOOGLE_TOKEN_URL) options.url = new URL(`${emu.url}token`);
      return options;
    },
  });
  return new JWT({ email: key.client_email, key: key.private_key, scopes, subject, transporter });
}

/** A Chat client acting as `subject` (impersonation) or, without one, as the app. */
export function chatAs(emu: RunningEmulator, key: ServiceAccountKey, subject?: string, scopes?: string[]): chat_v1.Chat {
  return chat({ version: 'v1', auth: jwtFor(emu, key, subject, scopes), rootUrl: emu.url });
}

interface GoogleErrorShape {
  status?: number;
  response?: { status?: number; data?: { error?: { code?: number; status?: string; message?: string; details?: unknown[] } } };
}

/** Awaits a call expected to fail and checks the HTTP status and Google's status string; returns the error. */
export async function expectGoogleError(call: Promise<unknown>, httpStatus: number, googleStatus: string): Promise<GoogleErrorShape> {
  let error: GoogleErrorShape | undefined;
  try {
    await call;
  } catch (e) {
    error = e as GoogleErrorShape;
  }
  expect(error, 'the call should have failed').toBeDefined();
  expect({ http: error?.response?.status, status: error?.response?.data?.error?.status, code: error?.response?.data?.error?.code })
    .toEqual({ http: httpStatus, status: googleStatus, code: httpStatus });
  return error as GoogleErrorShape;
}

const keys = new Map<string, ServiceAccountKey>();

/**
 * A service-account key trusted by `emu`. RSA key generation is the slowest step of a test, so one key per email
 * is generated per test file and registered with every emulator that file starts.
 */
export function keyFor(emu: RunningEmulator, clientEmail = 'chat-import@chat-import-emulator.iam.gserviceaccount.com'): ServiceAccountKey {
  const known = keys.get(clientEmail);
  if (known) {
    emu.trustServiceAccount(known);
    return known;
  }
  const key = emu.createServiceAccountKey(clientEmail);
  keys.set(clientEmail, key);
  return key;
}

let counter = 0;
/** A unique space display name per call (names are unique in the organisation). */
export function uniqueName(prefix = 'Space'): string {
  return `${prefix} ${++counter}`;
}

/** An import-mode SPACE created by `as`, with a createTime well in the past. */
export async function importSpace(client: chat_v1.Chat, createTime = '2020-01-01T00:00:00Z', spaceType = 'SPACE'): Promise<chat_v1.Schema$Space> {
  const res = await client.spaces.create({
    requestBody: { spaceType, importMode: true, createTime, ...(spaceType === 'SPACE' ? { displayName: uniqueName() } : {}) },
  });
  return res.data;
}

/** Awaits a token request expected to fail; checks the HTTP status and the OAuth `error` code. */
export async function expectTokenError(call: Promise<unknown>, httpStatus: number, oauthError: string): Promise<void> {
  let error: { response?: { status?: number; data?: { error?: string } } } | undefined;
  try {
    await call;
  } catch (e) {
    error = e as typeof error;
  }
  expect(error, 'the token request should have failed').toBeDefined();
  expect({ http: error?.response?.status, error: error?.response?.data?.error }).toEqual({ http: httpStatus, error: oauthError });
}

export const scope = (name: string): string => `https://www.googleapis.com/auth/${name}`;

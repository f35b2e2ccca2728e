// A missing or unreadable user table (issue 18: Slack's users.json, Rocket.Chat's users.csv, Teams' usersList.json): without it every author would be posted by the admin, so validate
// reports a blocking problem and import stops before any write, naming the file, unless --users maps the authors
// or --allow-admin-fallback accepts the fallback.
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runInProcess, validateInProcess, type InProcessResult } from '../helpers/in-process.js';
import { ROOT } from '../mappers/helpers.js';

const temp = () => mkdtempSync(join(tmpdir(), 'user-table-'));
const USERS = JSON.stringify([{ id: 'U1', name: 'ada', real_name: 'Ada', profile: { email: 'ada@example.com' } }]);
const FIX = 'without it authors have no Workspace email, so their messages would be posted by the admin with an attribution line. Pass --users FILE mapping the authors to Workspace emails, or --allow-admin-fallback to import that way.';

/** A one-channel Slack export folder; `users` decides what stands where users.json should be. */
function slackExport(users: 'file' | 'absent' | 'folder' | 'link' | 'bad json'): string {
  const dir = temp();
  writeFileSync(join(dir, 'channels.json'), JSON.stringify([{ id: 'C1', name: 'general', created: 1500000000, members: ['U1'] }]));
  mkdirSync(join(dir, 'general'));
  writeFileSync(join(dir, 'general/2017-07-14.json'), JSON.stringify([{ type: 'message', user: 'U1', text: 'hello', ts: '1500000100.000100' }]));
  if (users === 'file') writeFileSync(join(dir, 'users.json'), USERS);
  if (users === 'folder') mkdirSync(join(dir, 'users.json'));
  if (users === 'bad json') writeFileSync(join(dir, 'users.json'), USERS.slice(0, 30));
  if (users === 'link') {
    writeFileSync(join(dir, '..', `${dir.split('/').pop()}-users.json`), USERS);
    symlinkSync(join(dir, '..', `${dir.split('/').pop()}-users.json`), join(dir, 'users.json'));
  }
  return dir;
}

const blocking = (r: InProcessResult) => (r.report?.problems ?? []).filter((p) => p.severity === 'blocking').map((p) => `${p.code}: ${p.message}`);

describe('validate on an export whose user table cannot be used', () => {
  it.each([
    ['absent', 'users.json is not in the export'],
    ['folder', 'users.json: a folder, where a file of that name is expected; not read'],
    ['link', 'users.json: a symbolic link or special file, not a regular file; not read'],
    ['bad json', expect.stringMatching(/^users\.json: not valid JSON \(.+\)$/)],
  ] as const)('users.json %s: a blocking problem naming the file, exit 1', async (kind, why) => {
    const r = await validateInProcess({ source: slackExport(kind) });
    const message = (problem: string) => `The export's user table cannot be used (${problem}): ${FIX}`;
    expect({ code: r.code, errors: r.errors, blocking: blocking(r) }).toEqual({
      code: 1,
      // The file is named as it is met (when it is there to name), then what that means for the run.
      errors: [...(kind === 'absent' ? [] : [typeof why === 'string' ? `${why} (not_a_file; see docs/reasons.md)` : expect.stringMatching(/^users\.json: not valid JSON \(.+\) \(bad_json; see docs\/reasons\.md\)$/)]), typeof why === 'string' ? message(why) : expect.stringMatching(/^The export's user table cannot be used \(users\.json: not valid JSON \(.+\)\): without it authors/)],
      blocking: [typeof why === 'string' ? `user_table_missing: ${message(why)}` : expect.stringContaining('user_table_missing: The export')],
    });
  });

  it('a readable users.json, even with --allow-admin-fallback: no problem, no warning', async () => {
    const r = await validateInProcess({ source: slackExport('file'), allowAdminFallback: true });
    expect({ code: r.code, errors: r.errors, blocking: blocking(r), fallbacks: r.report?.totals.fallbacks }).toEqual({ code: 0, errors: [], blocking: [], fallbacks: {} });
  });

  it('--allow-admin-fallback: exit 0, one warning, every message counted as an admin fallback', async () => {
    const r = await validateInProcess({ source: slackExport('absent'), allowAdminFallback: true });
    expect({ code: r.code, errors: r.errors, blocking: blocking(r), fallbacks: r.report?.totals.fallbacks }).toEqual({
      code: 0,
      errors: ["The export's user table cannot be used (users.json is not in the export); --allow-admin-fallback: authors without an email are posted by the admin with an attribution line."],
      blocking: [],
      fallbacks: { author_no_email: 1 },
    });
  });

  it('--users mapping the authors: no problem', async () => {
    const dir = slackExport('absent');
    writeFileSync(join(dir, '..', 'map.csv'), 'U1,ada@example.com\n');
    const r = await validateInProcess({ source: dir, usersFile: join(dir, '..', 'map.csv') });
    expect({ code: r.code, errors: r.errors, blocking: blocking(r), fallbacks: r.report?.totals.fallbacks }).toEqual({ code: 0, errors: [], blocking: [], fallbacks: {} });
  });

  it('a Rocket.Chat export with channels.csv but no users.csv', async () => {
    const dir = temp();
    writeFileSync(join(dir, 'channels.csv'), 'general,ada,public,ada\n');
    mkdirSync(join(dir, 'general'));
    writeFileSync(join(dir, 'general/messages.csv'), 'ada,1500000100000,hello\n');
    const r = await validateInProcess({ source: dir });
    expect({ code: r.code, errors: r.errors }).toEqual({ code: 1, errors: [`The export's user table cannot be used (users.csv is not in the export (channels.csv is)): ${FIX}`] });
  });
});

/** What the run concludes, without the problems summed up by code (test/e2e/console-problems.test.ts covers those). */
const conclusions = (r: InProcessResult): string[] => r.errors.filter((line) => !/^[a-z_]+ ×\d+ — /.test(line));

describe('a Teams export without a usable users/usersList.json', () => {
  /** The bundled Teams export with `usersList` in place of users/usersList.json. */
  function teamsExport(usersList: 'absent' | 'folder' | 'bad json'): string {
    const dir = join(temp(), 'TeamsExport');
    cpSync(join(ROOT, 'fixtures/teams/TeamsExport'), dir, { recursive: true });
    rmSync(join(dir, 'users/usersList.json'));
    if (usersList === 'folder') mkdirSync(join(dir, 'users/usersList.json'));
    if (usersList === 'bad json') writeFileSync(join(dir, 'users/usersList.json'), '[{"Id": "x",');
    return dir;
  }
  const ONLY = 'only the 2 team members listed in teamMembers files have an email';

  it.each([
    ['absent', `users/usersList.json is not in the export; ${ONLY}`],
    ['folder', `users/usersList.json: a folder, where a file of that name is expected; not read; ${ONLY}`],
    ['bad json', `users/usersList.json: not valid JSON (Parser cannot parse input: expected an object key); 0 records were read before it, the rest of the file was not; ${ONLY}`],
  ] as const)('usersList.json %s: validate exits 1 with a blocking problem naming it', async (kind, why) => {
    const r = await validateInProcess({ source: teamsExport(kind) });
    const message = `The export's user table cannot be used (${why}): ${FIX}`;
    // The file is named as it is met (when it is there to name), then what that means for the run.
    const named = kind === 'absent' ? [] : [`${why.slice(0, -`; ${ONLY}`.length)} (${kind === 'folder' ? 'not_a_file' : 'bad_json'}; see docs/reasons.md)`];
    expect({ code: r.code, errors: conclusions(r), blocking: blocking(r) }).toEqual({ code: 1, errors: [...named, message], blocking: [`user_table_missing: ${message}`] });
  });

  it('--allow-admin-fallback: exit 0 with the warning; the bundled export as it is: no problem', async () => {
    const [fallback, whole] = [await validateInProcess({ source: teamsExport('absent'), allowAdminFallback: true }), await validateInProcess({ source: join(ROOT, 'fixtures/teams/TeamsExport') })];
    expect({ fallback: [fallback.code, conclusions(fallback)], whole: [whole.code, conclusions(whole), blocking(whole)] }).toEqual({
      fallback: [0, [`The export's user table cannot be used (users/usersList.json is not in the export; ${ONLY}); --allow-admin-fallback: authors without an email are posted by the admin with an attribution line.`]],
      whole: [0, [], []],
    });
  });
});

describe('a Mattermost bulk export without user records', () => {
  it('validate exits 1 with a blocking problem naming the file; with them (the bundled export) no problem', async () => {
    const path = join(temp(), 'export.jsonl');
    writeFileSync(path, readFileSync(join(ROOT, 'fixtures/mattermost/export.jsonl'), 'utf8').split('\n').filter((line) => !line.includes('"type":"user"')).join('\n'));
    const [without, whole] = [await validateInProcess({ source: path }), await validateInProcess({ source: join(ROOT, 'fixtures/mattermost/export.jsonl') })];
    const message = `The export's user table cannot be used (export.jsonl has no user records ("type": "user" lines, which carry the emails)): ${FIX}`;
    expect({ without: [without.code, conclusions(without), blocking(without)], whole: [whole.code, blocking(whole)] }).toEqual({
      without: [1, [message], [`user_table_missing: ${message}`]],
      whole: [0, []],
    });
  });
});

describe('import on an export whose user table cannot be used', () => {
  it('stops before any write or state file, exit 1, naming the file', async () => {
    const dir = slackExport('folder');
    const state = join(dir, '..', 'state.json');
    // No credentials file: the run must stop before it would read one.
    const r = await runInProcess(['import', dir, '--credentials', join(dir, '..', 'no-key.json'), '--admin', 'admin@example.com', '--state', state, '--quiet']);
    expect({ code: r.code, stderr: r.stderr, state: existsSync(state) }).toEqual({
      code: 1,
      stderr: `chat-import: The export's user table cannot be used (users.json: a folder, where a file of that name is expected; not read): ${FIX}\n`,
      state: false,
    });
  });
});

describe('duplicate user ids', () => {
  const skips = (r: InProcessResult) => (r.report?.problems ?? []).filter((p) => p.code === 'duplicate_user').map((p) => `${p.where ?? '?'}: ${p.message}`);

  it('Slack users.json listing one id twice: counted, the first entry used', async () => {
    const dir = slackExport('file');
    const twice = [JSON.parse(USERS)[0], { id: 'U1', name: 'mallory', profile: { email: 'mallory@example.com' } }];
    writeFileSync(join(dir, 'users.json'), JSON.stringify(twice));
    const r = await validateInProcess({ source: dir });
    expect({ code: r.code, skips: skips(r), count: r.report?.totals.skipped.duplicate_user }).toEqual({
      code: 0,
      skips: ['users.json record 2: users.json record 2: user U1 is listed again; record 1 is the one used'],
      count: 1,
    });
  });

  it('Rocket.Chat users.csv and a JSON people section listing one id twice: counted', async () => {
    const rc = temp();
    writeFileSync(join(rc, 'users.csv'), 'ada,ada@example.com,Ada\nada,other@example.com,Ada 2\n');
    writeFileSync(join(rc, 'channels.csv'), 'general,ada,public,ada\n');
    mkdirSync(join(rc, 'general'));
    writeFileSync(join(rc, 'general/messages.csv'), 'ada,1500000100000,hello\n');
    const json = join(temp(), 'export.json');
    writeFileSync(json, JSON.stringify({
      people: [{ id: 'u1', email: 'a@example.com' }, { id: 'u1', email: 'b@example.com' }],
      conversations: [{ id: 'c', name: 'c', kind: 'channel', memberIds: ['u1'] }],
      messages: [{ conversationId: 'c', id: 'm', authorId: 'u1', time: '2024-01-02T09:00:00Z', text: 'hi' }],
    }));
    const [fromRc, fromJson] = [await validateInProcess({ source: rc }), await validateInProcess({ source: json })];
    expect({ rc: [fromRc.code, skips(fromRc)], json: [fromJson.code, skips(fromJson)] }).toEqual({
      rc: [0, ['users.csv record 2: user ada is listed again; the first row is the one used']],
      json: [0, ['export.json#people record 2: person u1 is declared again; the first declaration is the one used']],
    });
  });
});

import { mkdir, mkdtemp, readFile, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Checkpoint } from '../../src/checkpoint/state.js';
import { exitCodeFor } from '../../src/cli.js';

const identity = { source: { kind: 'slack', fingerprint: 'abc', path: 'export.zip' }, target: { apiRoot: 'http://127.0.0.1:1/', admin: 'admin@example.com' } };

describe('Checkpoint', () => {
  it('records acknowledged progress per space and reads it back after a restart', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ci-state-'));
    const path = join(dir, 'state.json');
    const first = await Checkpoint.open(path, identity);
    const space = first.space('C1', 'general', 'k1', () => 'rid-1');
    first.update(space, { space: 'spaces/AAA', state: 'importing' });
    first.advance(space, 3, 'd3');
    first.advance(space, 2, 'd2'); // never goes backwards
    await first.close();
    const again = await Checkpoint.open(path, identity);
    expect(again.data.spaces.C1).toMatchObject({ space: 'spaces/AAA', requestId: 'rid-1', done: 3, digest: 'd3', state: 'importing', planKey: 'k1' });
    expect(again.data.runNonce).toBeUndefined();
    await again.close();
    expect((await stat(path)).mode & 0o777).toBe(0o600);
  });

  it('refuses a state file of another export or another target, and a second run at once', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ci-state-'));
    const path = join(dir, 'state.json');
    const held = await Checkpoint.open(path, identity);
    await expect(Checkpoint.open(path, identity)).rejects.toThrow(/Another chat-import run \(pid \d+\) is using/);
    await held.close();
    await expect(Checkpoint.open(path, { ...identity, source: { ...identity.source, kind: 'csv' } })).rejects.toThrow(/belongs to another export \(slack export.zip\): it was a slack export, this is csv/);
    await expect(Checkpoint.open(path, { ...identity, migrationId: 'second' })).rejects.toThrow(`The state file ${path} belongs to the migration without --migration-id, not --migration-id second.`);
    await expect(Checkpoint.open(path, { ...identity, target: { ...identity.target, admin: 'x@example.com' } })).rejects.toThrow(/was made for http:\/\/127.0.0.1:1\/ as admin@example.com/);
  });

  it('refuses a damaged state file without touching it and points at the last good copy', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ci-state-'));
    const path = join(dir, 'state.json');
    await (await Checkpoint.open(path, identity)).close();
    await (await Checkpoint.open(path, identity)).close(); // second open keeps a .bak of the good state
    await writeFile(path, '{"version":1,"tool":"chat-imp');
    await expect(Checkpoint.open(path, identity)).rejects.toThrow(`The state file ${path} cannot be used: it is not valid JSON (truncated or edited?). It was left untouched. If ${path}.bak exists it holds the last good state`);
    expect(await readFile(path, 'utf8')).toBe('{"version":1,"tool":"chat-imp');
    expect(JSON.parse(await readFile(`${path}.bak`, 'utf8')).tool).toBe('chat-import');
  });

  it('follows a newer export of the same workspace, and refuses one of another workspace or with nothing in common', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ci-state-'));
    const path = join(dir, 'state.json');
    const slack = { ...identity, source: { ...identity.source, workspace: 'T1' } };
    const first = await Checkpoint.open(path, slack);
    first.space('C1', 'general', 'k', () => 'rid');
    await first.close();
    await (await Checkpoint.open(path, { ...slack, source: { ...slack.source, fingerprint: 'newer', path: 'newer.zip' } })).close();
    expect((await Checkpoint.read(path))?.source).toEqual({ kind: 'slack', fingerprint: 'newer', path: 'newer.zip', workspace: 'T1' });
    await expect(Checkpoint.open(path, { ...slack, source: { ...slack.source, fingerprint: 'x', workspace: 'T2' } })).rejects.toThrow(/belongs to another export \(slack newer.zip\): its workspace is T1, this export's is T2/);
    // Without a workspace id: a conversation in common means the same source.
    const csvPath = join(dir, 'csv.json');
    const csv = { ...identity, source: { kind: 'csv', fingerprint: 'a', path: 'a.csv' } };
    const c = await Checkpoint.open(csvPath, csv);
    c.space('general', 'general', 'k', () => 'rid');
    await c.close();
    await (await Checkpoint.open(csvPath, { ...csv, source: { ...csv.source, fingerprint: 'b' }, conversationIds: new Set(['general', 'new']) })).close();
    await expect(Checkpoint.open(csvPath, { ...csv, source: { ...csv.source, fingerprint: 'c' }, conversationIds: new Set(['other']) })).rejects.toThrow(/none of its 1 conversations is in this export/);
  });

  it('refuses a state file whose fields are wrong, naming the file and the field', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ci-state-'));
    const path = join(dir, 'state.json');
    const good = { version: 1, tool: 'chat-import', source: identity.source, target: identity.target, createdAt: '', updatedAt: '', senders: {}, spaces: {} };
    const space = { conversationName: 'general', planKey: 'k', done: 3, total: 5, failed: 0, failures: [], state: 'importing' };
    const cases: Array<[unknown, string]> = [
      [{ ...good, spaces: null }, '"spaces" must be an object (got null)'],
      [{ ...good, spaces: { C1: { ...space, done: -1 } } }, '"spaces.C1.done" must be a whole number of at least 0 (got -1)'],
      [{ ...good, spaces: { C1: { ...space, done: 'x' } } }, '"spaces.C1.done" must be a whole number of at least 0 (got "x")'],
      [{ ...good, spaces: { C1: { ...space, done: 9 } } }, '"spaces.C1.done" must not be past the plan\'s total of 5 (got 9)'],
      [{ ...good, spaces: { C1: { ...space, state: 'odd' } } }, '"spaces.C1.state" must be one of pending, importing, imported, failed, completed (got "odd")'],
      [{ ...good, spaces: { C1: null } }, '"spaces.C1" must be an object (got null)'],
      [{ ...good, target: { apiRoot: 1, admin: 'a' } }, '"target.apiRoot" must be a string (got 1)'],
      [[], 'the file holds an array, not a state object'],
    ];
    for (const [value, why] of cases) {
      await writeFile(path, JSON.stringify(value));
      await expect(Checkpoint.open(path, identity), why).rejects.toThrow(`The state file ${path} cannot be used: ${why}. It was left untouched.`);
    }
    await writeFile(path, JSON.stringify({ ...good, spaces: { C1: space } }));
    await (await Checkpoint.open(path, identity)).close();
  });

  it('file-system errors name the path and the fix (exit 1 through the CLI), and leave the state as it was', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ci-state-'));
    await writeFile(join(dir, 'file'), 'not a folder');
    const error = await Checkpoint.open(join(dir, 'file', 'state.json'), identity).catch((e: unknown) => e);
    const printed: string[] = [];
    expect(exitCodeFor(error, (line) => printed.push(line))).toBe(1);
    expect(printed).toEqual([
      `chat-import: Cannot create the state folder ${join(dir, 'file')} (EEXIST): a folder is in the way (or a file where a folder should be); pass --state with a file path. The state file was left as it was: run the same command again once this is fixed.`,
    ]);
    await mkdir(join(dir, 'folder.json'));
    await expect(Checkpoint.open(join(dir, 'folder.json'), identity)).rejects.toThrow(`Cannot read the state file ${join(dir, 'folder.json')} (EISDIR)`);
  });

  it('reconciles a space the filters changed instead of walking it by old indexes', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ci-state-'));
    const checkpoint = await Checkpoint.open(join(dir, 'state.json'), identity);
    const space = checkpoint.space('C1', 'general', 'since-2021', () => 'rid');
    checkpoint.advance(space, 10, 'd10');
    checkpoint.update(space, { total: 10, state: 'imported' });
    const widened = checkpoint.space('C1', 'general', 'all', () => 'rid');
    // No digest: the next walk reconciles the space against Google instead of trusting the old watermark.
    expect(widened).toMatchObject({ done: 10, state: 'importing', planKey: 'all' });
    expect(widened.digest).toBeUndefined();
    expect(widened.total).toBeUndefined();
    await checkpoint.close();
  });
});

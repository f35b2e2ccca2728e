import { mkdtemp, readFile, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Checkpoint } from '../../src/checkpoint/state.js';

const identity = { source: { kind: 'slack', fingerprint: 'abc', path: 'export.zip' }, target: { apiRoot: 'http://127.0.0.1:1/', admin: 'admin@example.com' } };

describe('Checkpoint', () => {
  it('records acknowledged progress per space and reads it back after a restart', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ci-state-'));
    const path = join(dir, 'state.json');
    const first = await Checkpoint.open(path, identity);
    const space = first.space('C1', 'general', 'k1');
    first.update(space, { space: 'spaces/AAA', state: 'importing' });
    first.advance(space, 3);
    first.advance(space, 2); // never goes backwards
    await first.close();
    const again = await Checkpoint.open(path, identity);
    expect(again.data.spaces.C1).toMatchObject({ space: 'spaces/AAA', done: 3, state: 'importing', planKey: 'k1' });
    expect(again.data.runNonce).toBe(first.data.runNonce);
    await again.close();
    expect((await stat(path)).mode & 0o777).toBe(0o600);
  });

  it('refuses a state file of another export or another target, and a second run at once', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ci-state-'));
    const path = join(dir, 'state.json');
    const held = await Checkpoint.open(path, identity);
    await expect(Checkpoint.open(path, identity)).rejects.toThrow(/Another chat-import run \(pid \d+\) is using/);
    await held.close();
    await expect(Checkpoint.open(path, { ...identity, source: { ...identity.source, fingerprint: 'other' } })).rejects.toThrow(/belongs to another export \(slack export.zip\)/);
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

  it('walks a space again from the start when the filters change', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ci-state-'));
    const checkpoint = await Checkpoint.open(join(dir, 'state.json'), identity);
    const space = checkpoint.space('C1', 'general', 'since-2021');
    checkpoint.advance(space, 10);
    checkpoint.update(space, { total: 10, state: 'imported' });
    const widened = checkpoint.space('C1', 'general', 'all');
    expect(widened).toMatchObject({ done: 0, state: 'importing', planKey: 'all' });
    expect(widened.total).toBeUndefined();
    await checkpoint.close();
  });
});

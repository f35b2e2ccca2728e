// The installed command (package.json "bin") runs the built CLI under node with the heap-growth cap, which only
// works as a node command-line flag (bin/chat-import.js says why).
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from './helpers/cli.js';

describe('bin/chat-import.js', () => {
  it('is the package\'s command, and runs the CLI with --heap-growing-percent=25 on node\'s command line', async () => {
    const pkg = JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8')) as { version: string; bin: Record<string, string> };
    expect(pkg.bin).toEqual({ 'chat-import': 'bin/chat-import.js' });
    // A preloaded probe reports the flags node was started with, as the process exits.
    const dir = await mkdtemp(join(tmpdir(), 'chat-import-launcher-'));
    const probe = join(dir, 'probe.mjs');
    await writeFile(probe, 'process.on("exit", () => process.stderr.write(JSON.stringify(process.execArgv)));\n');
    // Started the way npm's bin link starts it: executed, so the kernel reads its #! line.
    const child = spawn(join(ROOT, 'bin/chat-import.js'), ['--version'], { cwd: dir, env: { ...process.env, NODE_OPTIONS: `--import=${probe}` } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const code = await new Promise((resolve) => child.on('exit', resolve));
    expect({ code, stdout, stderr }).toEqual({ code: 0, stdout: `${pkg.version}\n`, stderr: JSON.stringify(['--heap-growing-percent=25']) });
  });
});

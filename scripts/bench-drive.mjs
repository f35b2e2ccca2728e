// `node scripts/bench-drive.mjs [BYTES]` (after `npm run build`): one linked Slack file too large for Google Chat
// (default 1 GB, an .mp4), served by the emulator's Slack file host, imported with --drive: downloaded and streamed
// into the emulated Drive in one multipart upload. Prints the import's wall time, and its peak RSS and CPU from
// the child's own getrusage (read by a probe at exit, as scripts/bench.mjs does): flat memory means streamed.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startEmulator } from '../dist/src/emulator/index.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const size = Number(process.argv[2] ?? 1_000_000_000);
const token = 'xoxe-1-BENCHDRIVE0123456789';
const path = '/files-pri/T1-F1/download/recording.mp4';
const t0 = Date.UTC(2023, 4, 1, 9) / 1000;
const dir = mkdtempSync(join(tmpdir(), 'chat-import-bench-drive-'));

const emulator = await startEmulator({ timeScale: 600 });
writeFileSync(join(dir, 'key.json'), JSON.stringify(emulator.createServiceAccountKey()));
emulator.slackFiles.register({ files: [{ path, size, token, contentType: 'video/mp4' }] });
const source = join(dir, 'export');
mkdirSync(join(source, 'general'), { recursive: true });
writeFileSync(join(source, 'users.json'), JSON.stringify([{ id: 'U1', name: 'ada', deleted: false, is_bot: false, profile: { real_name: 'Ada', email: 'ada@example.com' } }]));
writeFileSync(join(source, 'channels.json'), JSON.stringify([{ id: 'C1', name: 'general', created: t0 - 100, members: ['U1'] }]));
const file = { id: 'F1', name: 'recording.mp4', size, mimetype: 'video/mp4', url_private_download: `https://files.slack.com${path}?t=${token}` };
writeFileSync(join(source, 'general', '2023-05-01.json'), JSON.stringify([{ type: 'message', user: 'U1', text: 'the recording', ts: (t0 + 1).toFixed(6), files: [file] }]));

const probe = 'data:text/javascript,' + encodeURIComponent(
  'import{writeFileSync}from"node:fs";process.on("exit",()=>{writeFileSync(process.env.CHAT_IMPORT_BENCH_PROBE,JSON.stringify(process.resourceUsage()))});',
);
const args = ['--import', probe, join(root, 'dist/src/cli.js'), 'import', source, '--credentials', join(dir, 'key.json'), '--admin', 'admin@example.com',
  '--api-root', emulator.url, '--state', join(dir, 'state.json'), '--drive', '--slack-files-root', `${emulator.url}__slack/`, '--time-scale', '600', '--quiet'];
const started = performance.now();
// The emulator answers from this process, so the import runs as an asynchronous child.
const child = spawn(process.execPath, args, { stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, CHAT_IMPORT_BENCH_PROBE: join(dir, 'usage.json') } });
const code = await new Promise((resolve) => child.on('exit', (status) => resolve(status ?? 1)));
const seconds = (performance.now() - started) / 1000;
const usage = JSON.parse(readFileSync(join(dir, 'usage.json'), 'utf8'));
const [drive] = emulator.dump().driveFiles;
console.log(`file ${(size / 1e6).toFixed(0)} MB → Drive: exit ${code}, ${seconds.toFixed(1)} s, peak RSS ${(usage.maxRSS / 1024).toFixed(0)} MB, ` +
  `CPU ${((usage.userCPUTime + usage.systemCPUTime) / 1e6).toFixed(1)} s; on Drive: ${drive ? `${drive.name}, ${drive.sizeBytes} bytes, owner ${drive.owner}` : 'nothing'}`);
await emulator.stop();
rmSync(dir, { recursive: true, force: true });
process.exitCode = code === 0 && drive?.sizeBytes === size ? 0 : 1;

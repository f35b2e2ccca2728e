// `npm run demo`: the whole job on a bundled real Slack export, into the built-in emulator, no Google account.
// Starts the emulator in this process, writes the emulator's service-account key, runs the real CLI as a child
// process (import --complete), prints the CLI's report summary and what the emulator now holds.
import { spawn } from 'node:child_process';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { startEmulator } from '../dist/src/emulator/index.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const work = join(root, '.chat-import', 'demo');
await rm(work, { recursive: true, force: true });
await mkdir(work, { recursive: true });

// Quotas run 60× faster than Google's (a "minute" lasts one second) so the demo takes seconds, not minutes.
const emulator = await startEmulator({ timeScale: 60 });
const keyPath = join(work, 'emulator-key.json');
await writeFile(keyPath, JSON.stringify(emulator.createServiceAccountKey('demo-importer@demo-project.iam.gserviceaccount.com')), { mode: 0o600 });
console.log(`Emulator listening on ${emulator.url}`);

// The export only links its three files (scripts on files.slack.com, a type Google Chat blocks): the emulator's
// Slack file host serves them, and --drive puts each on its author's Drive with a link in the message.
const DEMO_SLACK_TOKEN = 'xoxp-demo-slack-token';
emulator.slackFiles.register({
  tokens: [DEMO_SLACK_TOKEN],
  files: [
    { path: '/files-pri/T0BMHLSRH-F0VNAKDE2/download/100_cities.js', size: 4163, contentType: 'text/javascript' },
    { path: '/files-pri/T0BMHLSRH-F0VQ4C4BT/download/10_cities.js', size: 478, contentType: 'text/javascript' },
    { path: '/files-pri/T0BMHLSRH-F0VRWTJ6S/download/cities1000.js', size: 40474, contentType: 'text/javascript' },
  ],
});

const args = [
  join(root, 'dist/src/cli.js'), 'import', join(root, 'fixtures/slack/testarchive.zip'),
  '--credentials', keyPath, '--admin', 'admin@example.com', '--api-root', emulator.url,
  '--users', join(root, 'fixtures/slack/demo-users.csv'), '--state', join(work, 'state.json'),
  '--time-scale', '60', '--complete',
  '--drive', '--slack-token', DEMO_SLACK_TOKEN, '--slack-files-root', `${emulator.url}__slack/`,
];
console.log(`$ chat-import ${args.slice(1).map((a) => a.replace(root + '/', '').replace(emulator.url, 'http://127.0.0.1:<port>/')).join(' ')}`);
const code = await new Promise((resolve) => {
  const child = spawn(process.execPath, args, { stdio: 'inherit' });
  child.on('exit', (status) => resolve(status ?? 1));
});

const dump = emulator.dump();
console.log('\nWhat the emulator holds now:');
for (const space of dump.spaces) {
  const messages = dump.messages.filter((m) => m.space === space.name);
  const senders = new Set(messages.map((m) => m.senderEmail));
  const threads = new Set(messages.map((m) => m.threadName));
  console.log(`  ${space.displayName ?? space.name} (${space.spaceType}, importMode=${space.importMode}): ${messages.length} messages in ${threads.size} threads from ${[...senders].sort().join(', ')}`);
}
for (const file of dump.driveFiles) console.log(`  Drive of ${file.owner}: ${file.name} (${file.sizeBytes} bytes, shared ${file.sharedWith.join(', ')})`);
await emulator.stop();
process.exitCode = code;

#!/usr/bin/env node
// `npm run bench`: how fast chat-import plans, in how much memory, and how close to Google's quotas it imports.
//
//   1. validate on generated Slack exports of 100 k and 1 M records (10 k and 100 k with --quick): wall time,
//      records per second, the child's peak RSS and CPU time.
//   2. import of an export of many equal conversations into the built-in emulator with time-scaled quotas: the
//      message rate against the quota that binds, the share of requests answered 429, CPU per message.
//   3. recovering a lost state file on the 100 k and 1 M exports (10 k with --quick): an import into the emulator is
//      killed half-way (on the emulator's count of messages, not on time), its state file thrown away, and the same
//      import run again with a new one; then the state is thrown away once more and the import run a third time,
//      with everything already in the emulator. Each run shows its list reads, its writes against what was missing,
//      and its wall time against the time it takes to plan the export (validate).
//
// Every figure is measured on the real CLI run as a child process (`node <the flags of bin/chat-import.js's #! line>
// dist/src/cli.js …`). Its peak RSS and
// CPU come from the kernel's own accounting (process.resourceUsage(), i.e. getrusage) read by a two-line probe
// preloaded with --import as the child exits, so no sampling can miss the peak. The emulator runs in this
// process, so its CPU is measured apart from the client's. Exports are generated once into bench-data/
// (git-ignored) and reused while their generator parameters match.
//
//   node scripts/bench.mjs [--quick] [--write | --no-write] [--only validate,import,recover,stream] [--dist DIR] [--concurrency N]
//                          [--profile DIR] [--node-flags="FLAGS"] [--runs N] [--sets slack-100k,slack-1m]
//
// A full run writes BENCHMARKS.md; --quick only prints unless --write is given; with --only (one part or a comma
// list), only the sections measured are replaced in BENCHMARKS.md (the others are kept as they were); the goals,
// which need both, are replaced when validate and import are among them. --dist measures another build
// (a copy of dist/ with a candidate fix, say) instead of ./dist; --concurrency imports that many spaces at once
// instead of all 60; --profile writes a V8 CPU profile of each measured chat-import run into DIR (open it in
// Chrome's DevTools) to see where the time goes; --node-flags runs each measured chat-import with these extra
// flags for node (V8 heap or GC settings under trial, say); --runs validates each export N times (default 3, 1 with
// --quick).
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem, type as osType, release } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath, URLSearchParams } from 'node:url';
import { parseArgs } from 'node:util';
import { zipFolder } from './zip-folder.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const GENERATOR = join(ROOT, 'scripts/generate-slack-export.mjs');
const DATA = join(ROOT, 'bench-data');
const SEED = 42;

const { values: flags } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    write: { type: 'boolean' },
    'no-write': { type: 'boolean', default: false },
    only: { type: 'string' },
    dist: { type: 'string' },
    concurrency: { type: 'string' },
    profile: { type: 'string' },
    'node-flags': { type: 'string' },
    runs: { type: 'string' },
    sets: { type: 'string' },
  },
});
const PARTS = ['validate', 'import', 'recover', 'stream'];
const ONLY = flags.only ? new Set(flags.only.split(',')) : undefined;
for (const part of ONLY ?? []) {
  if (PARTS.includes(part)) continue;
  console.error(`--only ${part}: expected one or more of ${PARTS.join(', ')}, comma-separated`);
  process.exit(2);
}
/** Whether this run measures a part (every part without --only). */
const measures = (part) => !ONLY || ONLY.has(part);
const DIST = flags.dist ? resolve(flags.dist) : join(ROOT, 'dist');
const CLI = join(DIST, 'src/cli.js');
// The flags the installed command (bin/chat-import.js) gives node on its #! line: the CLI is measured as admins run it.
const LAUNCHER_FLAGS = readFileSync(join(ROOT, 'bin/chat-import.js'), 'utf8').split('\n')[0].replace(/^#!.*?\bnode\b/, '').split(/\s+/).filter(Boolean);
const quick = flags.quick;
const writeMarkdown = flags['no-write'] ? false : (flags.write ?? !quick);

// The validate exports share their tables (same seed, same 200 conversations and users): only the number of
// records differs, so any growth in peak RSS between them comes from the records.
// Three runs, because one run's peak RSS says little: the C heap that V8's background compiler threads leave behind
// varies by ±10 MB from run to run of the same export (with --no-concurrent-recompilation it stays within 1 MB, but
// compiling on the main thread makes short runs 40 % slower). The growth goal compares medians.
const REPEAT = flags.runs ? Math.max(1, Number(flags.runs)) : quick ? 1 : 3;
const MAIN_THREAD_COMPILER = '--no-concurrent-recompilation';
const VALIDATE_SETS = quick
  ? [{ name: 'slack-10k', messages: 10_000, conversations: 200 }, { name: 'slack-100k', messages: 100_000, conversations: 200 }]
  : [
      { name: 'slack-100k', messages: 100_000, conversations: 200 },
      { name: 'slack-1m', messages: 1_000_000, conversations: 200 },
      // The same export as the deflated zip Slack's "Export data" gives, which is how most admins hold it. Once:
      // it is shown beside the folder, and the goals are checked on the folders.
      { name: 'slack-1m', messages: 1_000_000, conversations: 200, zip: true, runs: 1 },
      // Once each with V8's optimizing compiler on the main thread: its background threads' C heap is most of the
      // run-to-run spread in peak RSS, so these show the growth that comes from the data alone.
      { name: 'slack-100k', messages: 100_000, conversations: 200, runs: 1, nodeFlags: [MAIN_THREAD_COMPILER] },
      { name: 'slack-1m', messages: 1_000_000, conversations: 200, runs: 1, nodeFlags: [MAIN_THREAD_COMPILER] },
    ];

// Equal conversations (--skew 0) imported all at once, so every space stays busy until near the end. At time
// scale 10 a quota minute lasts 6 s: 3000 message writes per minute are 500 per second.
const IMPORT = quick
  ? { name: 'import-60x100', messages: 6_000, conversations: 60, skew: 0, timeScale: 10, concurrency: 60 }
  : { name: 'import-60x500', messages: 30_000, conversations: 60, skew: 0, timeScale: 10, concurrency: 60 };
// Google's per-minute quotas (chat-api.md §7), which the emulator enforces by default.
if (flags.concurrency !== undefined) IMPORT.concurrency = Number(flags.concurrency);
// The lost-state recovery: the validate exports, imported with every conversation at once. The time scale makes
// the set-up import (a million messages) take minutes, not hours; the rows also say how long the list reads of the
// recovery would take at Google's own read quota.
const RECOVER_SETS = quick
  ? [{ name: 'slack-10k', messages: 10_000, conversations: 200 }, { name: 'slack-10k', messages: 10_000, conversations: 200, preload: true }]
  : [{ name: 'slack-100k', messages: 100_000, conversations: 200 }, { name: 'slack-1m', messages: 1_000_000, conversations: 200, preload: true }];
const RECOVER = { timeScale: 1000, concurrency: 200, killAt: 0.5 };
const QUOTAS = { messageWrites: 3000, reactionWrites: 600, membershipWrites: 300, uploadWrites: 600, perSpaceWrites: 60, reads: 3000, spaceCreates: 35 };

const GOALS = { validateSeconds: 60, rssMb: 300, rssGrowth: 0.1, rateShare: 0.95, rateLimitedShare: 0.01, cpuShareAtQuota: 0.1 };

// ---------------------------------------------------------------------------------------------------------------

const PROBE = 'data:text/javascript,' + encodeURIComponent(
  'import{writeFileSync}from"node:fs";process.on("exit",()=>{writeFileSync(process.env.CHAT_IMPORT_BENCH_PROBE,JSON.stringify(process.resourceUsage()))});',
);

/**
 * Runs `node <args>` as a child and measures it: wall time, and from the probe the peak RSS and CPU time.
 * `onTick` is called every `tickMs` while it runs.
 */
async function measure(args, { tickMs = 250, onTick, stopWhen, timeoutMs = 15 * 60_000, nodeFlags = [] } = {}) {
  const scratch = mkdtempSync(join(tmpdir(), 'chat-import-probe-'));
  const probeFile = join(scratch, 'usage.json');
  const started = performance.now();
  const profiling = flags.profile ? ['--cpu-prof', '--cpu-prof-dir', resolve(flags.profile)] : [];
  const extra = [...nodeFlags, ...(flags['node-flags'] ? flags['node-flags'].split(/\s+/).filter(Boolean) : [])];
  const child = spawn(process.execPath, [...extra, ...profiling, '--import', PROBE, ...args], {
    cwd: ROOT,
    env: { ...process.env, CHAT_IMPORT_BENCH_PROBE: probeFile },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  // stopWhen: checked every tick; when it says so the child is killed (SIGKILL, a crash), on observed progress.
  let killed = false;
  const ticker = onTick || stopWhen ? setInterval(() => {
    onTick?.(performance.now() - started);
    if (!killed && stopWhen?.()) {
      killed = true;
      child.kill('SIGKILL');
    }
  }, tickMs) : undefined;
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  const code = await new Promise((resolve) => child.on('exit', (c, signal) => resolve(c ?? signal)));
  const wallMs = performance.now() - started;
  clearTimeout(timer);
  if (ticker) clearInterval(ticker);
  let usage;
  try {
    usage = JSON.parse(readFileSync(probeFile, 'utf8'));
  } catch {
    usage = undefined;
  }
  rmSync(scratch, { recursive: true, force: true });
  return {
    code,
    killed,
    stdout,
    stderr,
    wallMs,
    peakRssMb: usage ? usage.maxRSS / 1024 : NaN,
    cpuMs: usage ? (usage.userCPUTime + usage.systemCPUTime) / 1000 : NaN,
    userCpuMs: usage ? usage.userCPUTime / 1000 : NaN,
    systemCpuMs: usage ? usage.systemCPUTime / 1000 : NaN,
  };
}

/** Generates an export once; reuses it while the sidecar file says it was made with the same parameters. */
async function ensureExport(set) {
  const dir = join(DATA, set.name);
  const sidecar = `${dir}.json`;
  const params = { messages: set.messages, conversations: set.conversations, seed: SEED, skew: set.skew ?? 1, generator: generatorVersion() };
  if (existsSync(dir) && existsSync(sidecar)) {
    const saved = JSON.parse(readFileSync(sidecar, 'utf8'));
    if (JSON.stringify(saved.params) === JSON.stringify(params)) return { dir, ...saved, reused: true };
  }
  rmSync(dir, { recursive: true, force: true });
  const args = [GENERATOR, '--out', dir, '--messages', String(set.messages), '--conversations', String(set.conversations), '--seed', String(SEED), '--skew', String(params.skew), '--json'];
  process.stdout.write(`generating ${relative(ROOT, dir)} (${set.messages} records)… `);
  const run = await measure(args);
  if (run.code !== 0) throw new Error(`generator failed (${run.code}): ${run.stderr}`);
  const stats = JSON.parse(run.stdout.trim().split('\n').pop());
  const saved = { params, command: `node scripts/generate-slack-export.mjs ${args.slice(1, -1).map((a) => (a === dir ? relative(ROOT, dir) : a)).join(' ')}`, stats, wallMs: run.wallMs, cpuMs: run.cpuMs, peakRssMb: run.peakRssMb };
  writeFileSync(sidecar, `${JSON.stringify(saved, null, 2)}\n`);
  process.stdout.write(`${(run.wallMs / 1000).toFixed(1)} s\n`);
  return { dir, ...saved, reused: false };
}

/** The export zipped once (deflated); made again when the folder was. */
async function ensureZip(data) {
  const path = `${data.dir}.zip`;
  const sidecar = `${path}.json`;
  if (existsSync(path) && existsSync(sidecar)) {
    const saved = JSON.parse(readFileSync(sidecar, 'utf8'));
    if (JSON.stringify(saved.params) === JSON.stringify(data.params)) return { path, ...saved, reused: true };
  }
  process.stdout.write(`zipping ${relative(ROOT, data.dir)}… `);
  const started = performance.now();
  await zipFolder(data.dir, path);
  const saved = { params: data.params, wallMs: performance.now() - started, megabytes: statSync(path).size / 1e6 };
  writeFileSync(sidecar, `${JSON.stringify(saved, null, 2)}\n`);
  process.stdout.write(`${(saved.wallMs / 1000).toFixed(1)} s\n`);
  return { path, ...saved, reused: false };
}

/** A hash of the generator's source: exports made by an older generator are made again. */
function generatorVersion() {
  let h = 0;
  for (const byte of readFileSync(GENERATOR)) h = (Math.imul(h, 31) + byte) | 0;
  return (h >>> 0).toString(16);
}

// ---------------------------------------------------------------------------------------------------------------

/**
 * Validates an export REPEAT times. Other work on a shared machine only ever slows a run down, so the fastest run
 * is the one reported (every wall time is listed too). Peak RSS is kept per run: the median is compared between
 * exports, the highest is held against the ceiling.
 */
async function benchValidate(set) {
  const data = await ensureExport(set);
  const zipped = set.zip ? await ensureZip(data) : undefined;
  const source = zipped?.path ?? data.dir;
  const name = `${zipped ? `${set.name}.zip` : set.name}${set.nodeFlags ? ` (${set.nodeFlags.join(' ')})` : ''}`;
  const args = (dir) => [CLI, 'validate', source, '--quiet', '--report', dir];
  const load = loadavg()[0];
  process.stdout.write(`validate ${name}… `);
  const runs = [];
  let report;
  for (let i = 0; i < (set.runs ?? REPEAT); i++) {
    const reportDir = mkdtempSync(join(tmpdir(), 'chat-import-bench-report-'));
    const run = await measure(args(reportDir), { nodeFlags: [...LAUNCHER_FLAGS, ...(set.nodeFlags ?? [])] });
    try {
      report = JSON.parse(readFileSync(join(reportDir, 'report.json'), 'utf8'));
    } catch {
      report = undefined;
    }
    rmSync(reportDir, { recursive: true, force: true });
    if (run.code !== 0 && run.code !== 1) throw new Error(`validate ${name} failed (${run.code}): ${run.stderr}`);
    process.stdout.write(`${i > 0 ? ', ' : ''}${(run.wallMs / 1000).toFixed(1)} s ${run.peakRssMb.toFixed(0)} MB`);
    runs.push(run);
  }
  process.stdout.write('\n');
  const best = runs.reduce((a, b) => (b.wallMs < a.wallMs ? b : a));
  return {
    name,
    zipped,
    nodeFlags: set.nodeFlags,
    command: `node ${[...LAUNCHER_FLAGS, ...(set.nodeFlags ?? [])].join(' ')} ${relative(ROOT, CLI)} validate ${relative(ROOT, source)} --quiet --report <tmp>`,
    generateCommand: zipped ? `node scripts/zip-folder.mjs ${relative(ROOT, data.dir)} ${relative(ROOT, zipped.path)}` : data.command,
    generated: data,
    records: set.messages,
    dayFiles: data.stats.dayFiles,
    megabytes: data.stats.bytes / 1e6,
    plannedMessages: report?.totals.planned.messages,
    plannedReactions: report?.totals.planned.reactions,
    exitCode: best.code,
    wallMs: best.wallMs,
    allWallMs: runs.map((r) => r.wallMs),
    perSecond: set.messages / (best.wallMs / 1000),
    peakRssMb: Math.max(...runs.map((r) => r.peakRssMb)),
    medianRssMb: median(runs.map((r) => r.peakRssMb)),
    allRssMb: runs.map((r) => r.peakRssMb),
    cpuMs: best.cpuMs,
    loadBefore: load,
    loadAfter: loadavg()[0],
  };
}

/**
 * Runs `body` against a fresh emulator with a scratch folder and a service-account key for it, then stops the
 * emulator and removes the folder. `target` is the CLI's flags that point an import at that emulator; `shown`
 * prints an argv the way BENCHMARKS.md records it (temp paths and the emulator's URL replaced).
 */
async function withImportTarget(label, timeScale, body) {
  const { startEmulator } = await import(join(DIST, 'src/emulator/index.js'));
  const scratch = mkdtempSync(join(tmpdir(), `chat-import-bench-${label}-`));
  const emulator = await startEmulator({ timeScale });
  try {
    const keyPath = join(scratch, 'key.json');
    writeFileSync(keyPath, JSON.stringify(emulator.createServiceAccountKey()), { mode: 0o600 });
    const target = ['--credentials', keyPath, '--admin', 'admin@example.com', '--api-root', emulator.url];
    const shown = (argv, dataDir) =>
      argv.map((a) => (a === dataDir ? relative(ROOT, a) : a.startsWith(scratch) ? a.replace(scratch, '<tmp>') : a.startsWith(emulator.url) ? a.replace(emulator.url, '<emulator url>') : a)).join(' ');
    return await body({ emulator, scratch, target, shown });
  } finally {
    await emulator.stop();
    rmSync(scratch, { recursive: true, force: true });
  }
}

async function benchImport() {
  const data = await ensureExport(IMPORT);
  return withImportTarget('import', IMPORT.timeScale, async ({ emulator, scratch, target, shown }) => {
    const args = [
      CLI, 'import', data.dir, ...target,
      '--state', join(scratch, 'state.json'), '--report', scratch, '--time-scale', String(IMPORT.timeScale),
      '--concurrency', String(IMPORT.concurrency), '--quiet', '--no-file-fetch', // the generated links lead nowhere
    ];
    // Every quarter second: the emulator's counters (writes so far) and, from the CLI's state file, how many spaces
    // are being written (created and not finished), which sets the per-space part of the binding quota.
    const samples = [];
    const statePath = join(scratch, 'state.json');
    let active = 0;
    let samplingCpu = 0;
    const sample = (t) => {
      const cpu = process.cpuUsage();
      const m = emulator.counters().byMethod;
      try {
        active = Object.values(JSON.parse(readFileSync(statePath, 'utf8')).spaces).filter((space) => space.state === 'importing').length;
      } catch {
        // Not written yet, or caught between two writes: keep the last count.
      }
      samples.push({
        t,
        messages: m['spaces.messages.create'] ?? 0,
        reactions: m['spaces.messages.reactions.create'] ?? 0,
        memberships: m['spaces.members.create'] ?? 0,
        uploads: m['media.upload'] ?? 0,
        active,
      });
      const used = process.cpuUsage(cpu);
      samplingCpu += (used.user + used.system) / 1000;
    };
    const load = loadavg()[0];
    process.stdout.write(`import ${IMPORT.name} into the emulator (time scale ${IMPORT.timeScale})… `);
    const cpuBefore = process.cpuUsage();
    const run = await measure(args, { onTick: sample, nodeFlags: LAUNCHER_FLAGS });
    const emulatorCpu = process.cpuUsage(cpuBefore);
    sample(run.wallMs);
    const counters = emulator.counters();
    const dump = emulator.dump();
    let report;
    try {
      report = JSON.parse(readFileSync(join(scratch, 'report.json'), 'utf8'));
    } catch {
      report = undefined;
    }
    if (run.code !== 0) process.stdout.write(`(exit ${run.code}: ${run.stderr.trim().split('\n').slice(-3).join(' | ')}) `);
    const result = analyseImport({ run, samples, counters, dump, report, emulatorCpuMs: (emulatorCpu.user + emulatorCpu.system) / 1000 - samplingCpu });
    process.stdout.write(`${(run.wallMs / 1000).toFixed(1)} s, ${result.posted.messages} messages, ${(100 * result.middle.share).toFixed(1)} % of the binding quota\n`);
    return {
      ...result,
      command: `node ${LAUNCHER_FLAGS.join(' ')} ${relative(ROOT, CLI)} ${shown(args.slice(1), data.dir)}`,
      generateCommand: data.command,
      generated: data,
      exitCode: run.code,
      loadBefore: load,
      loadAfter: loadavg()[0],
    };
  });
}

// ---------------------------------------------------------------------------------------------------------------

const WRITE_METHODS = {
  messages: 'spaces.messages.create',
  reactions: 'spaces.messages.reactions.create',
  memberships: 'spaces.members.create',
  uploads: 'media.upload',
  spaces: 'spaces.create',
};

/**
 * Between two counter snapshots: list reads, and per kind of write the requests the emulator carried out (200), those
 * it refused as already there (409) and every request including the 429s.
 */
function requestsBetween(before, after) {
  const answered = (method, status) => (after.byMethodStatus[method]?.[status] ?? 0) - (before.byMethodStatus[method]?.[status] ?? 0);
  const per = (pick) => Object.fromEntries(Object.entries(WRITE_METHODS).map(([kind, method]) => [kind, pick(method)]));
  return {
    lists: answered('spaces.messages.list', '200'),
    writes: per((method) => answered(method, '200')),
    duplicates: per((method) => answered(method, '409')),
    requests: per((method) => (after.byMethod[method] ?? 0) - (before.byMethod[method] ?? 0)),
    rateLimited: after.rateLimited - before.rateLimited,
  };
}

/** The time the plan takes: validate's fastest run from this bench, or one run now. */
async function planTime(set, validated) {
  const known = validated.find((v) => v.name === set.name);
  if (known) return { wallMs: known.wallMs, messages: known.plannedMessages, reactions: known.plannedReactions, measuredNow: false };
  const reportDir = mkdtempSync(join(tmpdir(), 'chat-import-bench-report-'));
  try {
    const run = await measure([CLI, 'validate', join(DATA, set.name), '--quiet', '--report', reportDir]);
    const report = JSON.parse(readFileSync(join(reportDir, 'report.json'), 'utf8'));
    return { wallMs: run.wallMs, messages: report.totals.planned.messages, reactions: report.totals.planned.reactions, measuredNow: true };
  } finally {
    rmSync(reportDir, { recursive: true, force: true });
  }
}

/**
 * A Chat client (the ChatApi the writer uses) that hands each call straight to the emulator's handlers
 * (emulator.dispatch): the same paths, query and bodies src/post/chat-client.ts sends, minus HTTP and tokens.
 */
function directChat(emulator, ApiError) {
  const send = async (method, url, body, auth) => {
    try {
      return emulator.dispatch(method, url, body, auth.user);
    } catch (error) {
      if (typeof error?.body !== 'function') throw error;
      const { code, status, message } = error.body().error;
      throw new ApiError(code, status, message);
    }
  };
  const unused = (name) => async () => {
    throw new Error(`${name} is not used by an import of a generated export`);
  };
  return {
    createSpace: (auth, space, requestId) => send('POST', `/v1/spaces?requestId=${encodeURIComponent(requestId)}`, space, auth),
    createMessage: (auth, spaceName, message, messageId) =>
      send('POST', `/v1/${spaceName}/messages?${new URLSearchParams({ messageId, requestId: messageId, messageReplyOption: 'REPLY_MESSAGE_FALLBACK_TO_NEW_THREAD' })}`, message, auth),
    createReaction: (auth, messageName, unicode) => send('POST', `/v1/${messageName}/reactions`, { emoji: { unicode } }, auth),
    createMembership: (auth, spaceName, email, times) => send('POST', `/v1/${spaceName}/members`, { member: { name: `users/${email}`, type: 'HUMAN' }, ...(times ?? {}) }, auth),
    listMessages: (auth, spaceName, pageToken) => send('GET', `/v1/${spaceName}/messages?pageSize=1000${pageToken ? `&pageToken=${encodeURIComponent(pageToken)}` : ''}`, undefined, auth),
    uploadAttachment: unused('uploadAttachment'),
    completeImport: unused('completeImport'),
    listReactions: unused('listReactions'),
    listMembers: unused('listMembers'),
  };
}

/**
 * Loads the emulator with the whole import of `dir`, in this process: the CLI's own source reader, planner, space
 * importer, writer and state, with directChat in place of the HTTP client and no quotas. A million messages
 * written this way take minutes instead of the hour the CLI needs over HTTP on two shared cores; the runs measured
 * afterwards are the real CLI over HTTP. Returns the report's totals.
 */
async function preloadEmulator(emulator, dir, statePath) {
  const load = (path) => import(join(DIST, 'src', path));
  const [{ openSource }, { LinkedFiles }, { ReportBuilder }, { Checkpoint }, { planAndPost }, { Writer }, { GOOGLE_QUOTAS, QuotaBook }, { DEFAULT_RETRY_POLICY }, { systemClock }, { ApiError }] = await Promise.all(
    ['source.js', 'linked-files.js', 'report/run-report.js', 'checkpoint/state.js', 'pipeline.js', 'post/writer.js', 'post/rate-limit.js', 'post/retry-policy.js', 'post/clock.js', 'errors.js'].map(load),
  );
  const selection = { source: dir, fileFetch: { off: true } }; // what `import DIR --no-file-fetch` selects
  const source = await openSource(selection, () => Date.now(), new LinkedFiles(selection.fileFetch).openLinked);
  const report = new ReportBuilder('bench preload', { kind: source.kind, path: dir }, false, Date.now(), 'import');
  const controller = new AbortController();
  const admin = 'admin@example.com';
  const writer = new Writer({
    client: directChat(emulator, ApiError),
    tokens: { clientFor: async (user) => ({ user }) },
    admin,
    quotas: new QuotaBook(Object.fromEntries(Object.keys(GOOGLE_QUOTAS).map((k) => [k, Infinity])), systemClock),
    clock: systemClock,
    retryPolicy: DEFAULT_RETRY_POLICY,
    random: Math.random,
    report,
    signal: controller.signal,
  });
  const checkpoint = await Checkpoint.open(statePath, {
    source: { kind: source.kind, fingerprint: source.fingerprint, path: dir, ...(source.workspaceId ? { workspace: source.workspaceId } : {}) },
    target: { apiRoot: emulator.url, admin },
    conversationIds: new Set(source.conversations.map((c) => c.id)),
  });
  try {
    await planAndPost(source, { selection }, report, Date.now(), {
      writer,
      checkpoint,
      concurrency: RECOVER.concurrency,
      identity: { sourceKind: source.kind, ...(source.workspaceId ? { workspaceId: source.workspaceId } : {}) },
      abort: (reason) => controller.abort(reason),
    });
  } finally {
    await checkpoint.close();
    await source.close();
  }
  return report.report.totals;
}

/**
 * Lost state, twice: the set-up import is killed half-way, then the import runs with a new state file (half the
 * messages are in the emulator), then once more with another new state file (all of them are). Each measured run
 * must write exactly what the emulator was missing: the rows compare the emulator's counts before and after with
 * the write requests it received.
 */
async function benchRecover(set, validated) {
  const data = await ensureExport(set);
  const plan = await planTime(set, validated);
  return withImportTarget('recover', RECOVER.timeScale, async ({ emulator, scratch, target, shown }) => {
    const args = (state) => [
      CLI, 'import', data.dir, ...target,
      '--state', join(scratch, state), '--report', join(scratch, `report-${state.replace('.json', '')}`), '--time-scale', String(RECOVER.timeScale),
      '--concurrency', String(RECOVER.concurrency), '--quiet', '--no-file-fetch',
    ];
    let setup;
    if (set.preload) {
      process.stdout.write(`recover ${set.name}: loading the emulator in process… `);
      const started = performance.now();
      const totals = await preloadEmulator(emulator, data.dir, join(scratch, 'preload.json'));
      setup = { wallMs: performance.now() - started, preloaded: true, failures: totals.failures };
      process.stdout.write(`${fmt.s(setup.wallMs)}, ${fmt.int(emulator.stored().messages)} messages, ${plural(totals.failures, 'failure')}\n`);
    } else {
      const killAtMessages = Math.round(plan.messages * RECOVER.killAt);
      process.stdout.write(`recover ${set.name}: set-up import, killed at ${fmt.int(killAtMessages)} messages… `);
      const run = await measure(args('setup.json'), {
        timeoutMs: 3 * 60 * 60_000,
        stopWhen: () => (emulator.counters().byMethod['spaces.messages.create'] ?? 0) >= killAtMessages,
      });
      setup = { wallMs: run.wallMs, killed: run.killed, code: run.code };
      process.stdout.write(`${fmt.s(run.wallMs)}${run.killed ? ' (killed)' : ` (exit ${run.code}, not killed)`}\n`);
    }
    const runs = [];
    for (const [label, state] of set.preload ? [['all written', 'lost.json']] : [['half written', 'lost-1.json'], ['all written', 'lost-2.json']]) {
      const stored = emulator.stored();
      const counters = emulator.counters();
      process.stdout.write(`recover ${set.name}: state lost, ${fmt.int(stored.messages)} of ${fmt.int(plan.messages)} messages in the emulator… `);
      const load = loadavg()[0];
      const run = await measure(args(state), { timeoutMs: 3 * 60 * 60_000 });
      const after = emulator.stored();
      let report;
      try {
        report = JSON.parse(readFileSync(join(scratch, `report-${state.replace('.json', '')}`, 'report.json'), 'utf8'));
      } catch {
        report = undefined;
      }
      const requests = requestsBetween(counters, emulator.counters());
      const missing = { messages: plan.messages - stored.messages, reactions: plan.reactions - stored.reactions };
      const result = {
        label,
        exitCode: run.code,
        wallMs: run.wallMs,
        cpuMs: run.cpuMs,
        peakRssMb: run.peakRssMb,
        before: stored,
        after,
        missing,
        requests,
        alreadyPresent: report?.totals.alreadyPresent,
        // Nothing written twice, nothing left out. A message is never even re-sent (its id is listed); a reaction
        // is re-sent when its message holds fewer of that emoji than planned (a run killed among that message's
        // reactions: the summary counts per emoji, not per user) and Google refuses the ones present (409).
        exact: requests.writes.messages === missing.messages && requests.writes.reactions === missing.reactions
          && requests.duplicates.messages === 0 && after.messages === plan.messages && after.reactions === plan.reactions,
        loadBefore: load,
        loadAfter: loadavg()[0],
      };
      if (run.code !== 0) process.stdout.write(`(exit ${run.code}: ${run.stderr.trim().split('\n').slice(-3).join(' | ')}) `);
      process.stdout.write(`${fmt.s(run.wallMs)}, ${fmt.int(requests.lists)} list reads, ${fmt.int(requests.writes.messages)} message writes for ${fmt.int(missing.messages)} missing${result.exact ? '' : ' — NOT EXACT'}\n`);
      if (!result.exact) process.stdout.write(`  not exact: ${JSON.stringify({ missing, before: stored, after, requests })}\n`);
      runs.push(result);
    }
    return {
      name: set.name,
      plan,
      setup,
      runs,
      emulatorRssMb: process.memoryUsage().rss / 2 ** 20,
      generateCommand: data.command,
      command: `node ${relative(ROOT, CLI)} ${shown(args('state.json').slice(1), data.dir)}`,
    };
  });
}

/** Seconds Google's own quotas need at the least for `count` requests at `perMinute` (the first minute is free). */
const quotaFloorS = (count, perMinute) => Math.max(0, (count - perMinute) / perMinute) * 60;

function recoverRows(r) {
  return r.runs.map((run) => {
    const w = run.requests.writes;
    const floor = Math.max(quotaFloorS(run.requests.lists, QUOTAS.reads), quotaFloorS(w.spaces, QUOTAS.spaceCreates));
    return [
      `${r.name}, ${run.label}`,
      `${fmt.int(run.before.messages)} / ${fmt.int(run.before.reactions)}`,
      `${fmt.int(run.missing.messages)} / ${fmt.int(run.missing.reactions)}`,
      fmt.int(run.requests.lists),
      `${fmt.int(w.messages)} / ${fmt.int(w.reactions)}`,
      `${fmt.int(run.requests.duplicates.messages)} / ${fmt.int(run.requests.duplicates.reactions)}`,
      `${fmt.int(w.spaces)} / ${fmt.int(w.memberships + run.requests.duplicates.memberships)}`,
      fmt.int(run.requests.rateLimited),
      run.exact ? 'yes' : 'NO',
      fmt.s(run.wallMs),
      `${fmt.s(r.plan.wallMs)} (× ${(run.wallMs / r.plan.wallMs).toFixed(1)})`,
      `${floor.toFixed(0)} s`,
      fmt.mb(run.peakRssMb),
      String(run.exitCode),
      `${run.loadBefore.toFixed(1)} → ${run.loadAfter.toFixed(1)}`,
    ];
  });
}
const RECOVER_HEADER = ['export, state lost when', 'in the emulator (messages / reactions)', 'missing', 'list reads', 'writes (messages / reactions)', 'sent again, answered 409 already exists (messages / reactions)', 'space creates replayed / membership requests', 'answered 429 (retried)', 'writes = missing, all there', 'wall', 'plan time (validate)', 'list and create floor at Google\'s quotas', 'peak RSS', 'exit', 'load avg'];

// ---------------------------------------------------------------------------------------------------------------

/**
 * Large linked files streamed from Slack's file host into media.upload. Google takes at most 200 MB per upload
 * (bigger files go to Drive or become a line), so a 1 GB stream is several files just under the limit: several at
 * once, in different spaces. The baseline is the same export with 100 kB files; if the client held a file in memory,
 * its peak RSS would grow by at least one file (190 MB) per upload at once.
 */
const STREAM = quick
  ? { channels: 2, filesPerChannel: 1, sizes: [100_000, 20_000_000, 50_000_000] }
  : { channels: 3, filesPerChannel: 2, sizes: [100_000, 50_000_000, 190_000_000] };
const STREAM_TOKEN = 'xoxe-1-bench';

/** A small Slack export (folder) whose messages each link one file of `bytes` on files.slack.com. */
function linkedFilesExport(dir, bytes) {
  const T = Date.UTC(2024, 0, 8, 9) / 1000;
  const channels = Array.from({ length: STREAM.channels }, (_, c) => ({ id: `C${c}`, name: `files-${c}`, created: T - 100, members: ['U1'], topic: { value: '' }, purpose: { value: '' } }));
  writeFileSync(join(dir, 'users.json'), JSON.stringify([{ id: 'U1', name: 'ada', real_name: 'Ada', deleted: false, is_bot: false, profile: { real_name: 'Ada', display_name: 'ada', email: 'ada@example.com' } }]));
  writeFileSync(join(dir, 'channels.json'), JSON.stringify(channels));
  const files = [];
  for (const channel of channels) {
    mkdirSync(join(dir, channel.name));
    const records = Array.from({ length: STREAM.filesPerChannel }, (_, i) => {
      const id = `F${channel.id}${i}`;
      const name = `${channel.name}-${i}.bin`;
      const path = `/files-pri/T1-${id}/download/${name}`;
      files.push({ path, size: bytes, token: STREAM_TOKEN, contentType: 'application/octet-stream' });
      return { type: 'message', user: 'U1', text: `file ${i}`, ts: (T + 60 * i).toFixed(6), files: [{ id, name, size: bytes, mimetype: 'application/octet-stream', url_private_download: `https://files.slack.com${path}?t=${STREAM_TOKEN}` }] };
    });
    writeFileSync(join(dir, channel.name, '2024-01-08.json'), JSON.stringify(records));
  }
  return files;
}

async function streamRun(bytes) {
  const { slackFileBytes } = await import(join(DIST, 'src/emulator/slack-files.js'));
  return withImportTarget('stream', 10, async ({ emulator, scratch, target, shown }) => {
    const source = join(scratch, 'export');
    mkdirSync(source);
    const files = linkedFilesExport(source, bytes);
    emulator.slackFiles.register({ files });
    const args = [
      CLI, 'import', source, ...target,
      '--state', join(scratch, 'state.json'), '--report', scratch, '--time-scale', '10', '--quiet',
      '--slack-files-root', `${emulator.url}__slack/`,
    ];
    // The emulator (Slack's host and Chat) runs in this process: its RSS is sampled while the client runs.
    const emulatorRss = [process.memoryUsage().rss];
    const run = await measure(args, { onTick: () => emulatorRss.push(process.memoryUsage().rss) });
    const dump = emulator.dump();
    const expected = new Map();
    for (const f of files) {
      const hash = createHash('sha256');
      for await (const chunk of slackFileBytes(f.path, f.size)) hash.update(chunk);
      expected.set(f.path.slice(f.path.lastIndexOf('/') + 1), hash.digest('hex'));
    }
    const attachments = dump.messages.flatMap((m) => m.attachments);
    const intact = attachments.length === files.length && attachments.every((a) => a.sizeBytes === bytes && expected.get(a.contentName) === a.sha256);
    if (run.code !== 0) process.stdout.write(`(exit ${run.code}: ${run.stderr.trim().split('\n').slice(-3).join(' | ')}) `);
    return {
      bytes,
      files: files.length,
      exitCode: run.code,
      wallMs: run.wallMs,
      cpuMs: run.cpuMs,
      peakRssMb: run.peakRssMb,
      attachments: attachments.length,
      intact,
      served: emulator.slackFiles.counters.served,
      emulatorRssMb: { before: emulatorRss[0] / 2 ** 20, peak: Math.max(...emulatorRss) / 2 ** 20 },
      command: `node ${relative(ROOT, CLI)} ${shown(args.slice(1))}`,
    };
  });
}

/** The same export with files of each size in turn: the first is the baseline, the last the largest. */
async function benchStream() {
  const runs = [];
  for (const bytes of STREAM.sizes) {
    process.stdout.write(`stream ${STREAM.channels * STREAM.filesPerChannel} linked files of ${fmt.int(bytes)} bytes… `);
    const run = await streamRun(bytes);
    process.stdout.write(`${fmt.s(run.wallMs)}, peak RSS ${fmt.mb(run.peakRssMb)}${run.intact ? '' : ' — ATTACHMENTS NOT INTACT'}\n`);
    runs.push(run);
  }
  return runs;
}

function streamRows(runs) {
  return runs.map((s) => [
    `${s.files} × ${sizeText(s.bytes)} = ${sizeText(s.files * s.bytes)}`,
    `${s.attachments} (${s.intact ? 'sizes and SHA-256 match' : 'NOT INTACT'})`,
    fmt.s(s.wallMs),
    `${(s.files * s.bytes / 1e6 / (s.wallMs / 1000)).toFixed(s.bytes < 1e6 ? 2 : 0)} MB/s`,
    fmt.mb(s.peakRssMb),
    `${fmt.mb(s.emulatorRssMb.before)} → ${fmt.mb(s.emulatorRssMb.peak)}`,
    fmt.s(s.cpuMs),
    String(s.exitCode),
  ]);
}
/** 100 kB, 50 MB, 1.14 GB. */
const sizeText = (bytes) => (bytes >= 1e9 ? `${(bytes / 1e9).toFixed(2)} GB` : bytes >= 1e6 ? `${(bytes / 1e6).toFixed(0)} MB` : `${(bytes / 1e3).toFixed(0)} kB`);
const STREAM_HEADER = ['linked files streamed (Slack host → client → media.upload)', 'attachments in the emulator', 'wall', 'throughput', 'client peak RSS', 'emulator process RSS (before → peak)', 'client CPU', 'exit'];

/**
 * The quota that binds a run making `perMessage` writes of each kind per message, in messages per quota minute:
 * every project quota, and the per-space write quota times the spaces being written at once.
 */
function bindingQuota(perMessage, activeSpaces) {
  const bounds = [
    ['message writes per project', QUOTAS.messageWrites],
    ['reaction writes per project', perMessage.reactions > 0 ? QUOTAS.reactionWrites / perMessage.reactions : Infinity],
    ['membership writes per project', perMessage.memberships > 0 ? QUOTAS.membershipWrites / perMessage.memberships : Infinity],
    ['uploads per project', perMessage.uploads > 0 ? QUOTAS.uploadWrites / perMessage.uploads : Infinity],
    // The emulator, like Google, counts messages, reactions and uploads against a space's write quota.
    [`writes per space × ${activeSpaces} spaces`, (QUOTAS.perSpaceWrites * activeSpaces) / (1 + perMessage.reactions + perMessage.uploads)],
  ];
  bounds.sort((a, b) => a[1] - b[1]);
  return { name: bounds[0][0], perMinute: bounds[0][1] };
}

function analyseImport({ run, samples, counters, dump, report, emulatorCpuMs }) {
  const scale = IMPORT.timeScale;
  const spaces = dump.spaces.length;
  const posted = { messages: dump.messages.length, reactions: dump.reactions.length, memberships: dump.memberships.length };
  const last = samples[samples.length - 1];
  const total = last.messages;
  // Writes per message over the run: each message brings this many reactions, memberships and uploads along.
  const perMessage = {
    reactions: last.reactions / Math.max(total, 1),
    memberships: last.memberships / Math.max(total, 1),
    uploads: last.uploads / Math.max(total, 1),
  };
  // The rate between two samples against the binding quota averaged over the same time: while spaces are still
  // being created (at most 35 a minute) or the last ones finish, fewer spaces are written and the per-space quota
  // binds lower.
  const window = (from, to) => {
    to = Math.min(Math.max(to, from + 1), samples.length - 1);
    let weighted = 0;
    const names = new Map();
    for (let i = from + 1; i <= to; i++) {
      const dt = samples[i].t - samples[i - 1].t;
      const binding = bindingQuota(perMessage, samples[i].active);
      weighted += binding.perMinute * dt;
      names.set(binding.name.replace(/\d+ spaces/, 'the spaces being written'), (names.get(binding.name.replace(/\d+ spaces/, 'the spaces being written')) ?? 0) + dt);
    }
    const seconds = (samples[to].t - samples[from].t) / 1000;
    const messages = samples[to].messages - samples[from].messages;
    const perSecond = messages / seconds;
    const bindingPerMinute = weighted / (samples[to].t - samples[from].t);
    const bindingPerSecond = (bindingPerMinute * scale) / 60;
    const binding = [...names].sort((a, b) => b[1] - a[1])[0]?.[0] ?? '–';
    return { fromS: samples[from].t / 1000, toS: samples[to].t / 1000, seconds, messages, perSecond, perMinuteScaled: (perSecond * 60) / scale, binding, bindingPerMinute, bindingPerSecond, share: perSecond / bindingPerSecond };
  };
  const index = (test) => Math.max(0, samples.findIndex(test));
  const firstMessage = Math.max(0, index((s) => s.messages > 0) - 1);
  const lastMessage = index((s) => s.messages >= total);
  const middle = window(index((s) => s.messages >= total * 0.1), index((s) => s.messages >= total * 0.9));
  const whole = window(firstMessage, lastMessage);
  const apiRequests = counters.requests - (counters.byMethod.token ?? 0);
  return {
    spaces,
    concurrency: IMPORT.concurrency,
    timeScale: IMPORT.timeScale,
    wallMs: run.wallMs,
    posted,
    perMessage,
    failures: report?.totals.failures,
    clientRetries: report?.totals.retries,
    middle,
    whole,
    peakActive: Math.max(...samples.map((s) => s.active)),
    apiRequests,
    rateLimited: counters.rateLimited,
    rateLimitedShare: counters.rateLimited / Math.max(apiRequests, 1),
    tokens: counters.tokensIssued,
    clientCpuMs: run.cpuMs,
    clientUserCpuMs: run.userCpuMs,
    clientSystemCpuMs: run.systemCpuMs,
    clientCpuMsPerMessage: run.cpuMs / Math.max(posted.messages, 1),
    clientPeakRssMb: run.peakRssMb,
    emulatorCpuMs,
    emulatorCpuMsPerMessage: emulatorCpuMs / Math.max(posted.messages, 1),
  };
}

// ---------------------------------------------------------------------------------------------------------------

const fmt = {
  s: (ms) => `${(ms / 1000).toFixed(1)} s`,
  int: (n) => (n === undefined || Number.isNaN(n) ? '–' : Math.round(n).toLocaleString('en-US')),
  mb: (n) => `${n.toFixed(0)} MB`,
  pct: (x) => `${(100 * x).toFixed(x < 0.1 ? 2 : 1)} %`,
  ms: (x) => `${x.toFixed(2)} ms`,
  /** A relative change, signed: +2.1 %, -1.8 %. */
  change: (x) => `${x >= 0 ? '+' : ''}${(x * 100).toFixed(1)} %`,
};

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};
const plural = (n, word) => `${fmt.int(n)} ${word}${n === 1 ? '' : 's'}`;

function table(header, rows) {
  const lines = [`| ${header.join(' | ')} |`, `|${header.map(() => '---').join('|')}|`];
  for (const row of rows) lines.push(`| ${row.join(' | ')} |`);
  return lines;
}

function machine() {
  const cpu = cpus();
  return {
    cpu: cpu[0]?.model ?? 'unknown',
    cores: cpu.length,
    memoryGb: totalmem() / 2 ** 30,
    node: process.version,
    os: `${osType()} ${release()}`,
  };
}

function goalRows(validate, imported) {
  const rows = [];
  const folders = validate.filter((v) => !v.zipped && !v.nodeFlags);
  const mainThread = validate.filter((v) => v.nodeFlags);
  const big = folders[folders.length - 1];
  const small = folders[0];
  if (big) {
    rows.push([`generate ${big.name}`, '≤ 60 s', fmt.s(big.generated.wallMs), big.generated.wallMs <= 60_000 ? 'met' : 'not met']);
    rows.push([`validate ${big.name} wall time`, `< ${GOALS.validateSeconds} s`, fmt.s(big.wallMs), big.wallMs < GOALS.validateSeconds * 1000 ? 'met' : 'not met']);
    const peak = Math.max(...validate.map((v) => v.peakRssMb));
    rows.push(['validate peak RSS', `< ${GOALS.rssMb} MB`, fmt.mb(peak), peak < GOALS.rssMb ? 'met' : 'not met']);
    const growth = big.medianRssMb / small.medianRssMb - 1;
    const measured = `${fmt.change(growth)} (median of ${plural(small.allRssMb.length, 'run')}: ${fmt.mb(small.medianRssMb)} → ${fmt.mb(big.medianRssMb)})`;
    rows.push([`peak RSS ${small.name} → ${big.name}`, `within ${GOALS.rssGrowth * 100} %`, measured, Math.abs(growth) <= GOALS.rssGrowth ? 'met' : 'not met']);
    if (mainThread.length === 2) {
      const [a, b] = mainThread;
      const g = b.peakRssMb / a.peakRssMb - 1;
      rows.push([`(for comparison, not a goal) the same with ${MAIN_THREAD_COMPILER}`, '', `${fmt.change(g)} (${fmt.mb(a.peakRssMb)} → ${fmt.mb(b.peakRssMb)})`, '']);
    }
  }
  if (imported) {
    rows.push(['import message rate ÷ binding quota (10–90 % of messages)', `≥ ${GOALS.rateShare}`, imported.middle.share.toFixed(3), imported.middle.share >= GOALS.rateShare ? 'met' : 'not met']);
    rows.push(['requests answered 429', `< ${GOALS.rateLimitedShare * 100} %`, fmt.pct(imported.rateLimitedShare), imported.rateLimitedShare < GOALS.rateLimitedShare ? 'met' : 'not met']);
    // The import is bound by Google's quota, not the client: what matters is the share of a core the client needs to
    // keep up with the binding quota in real time (its per-minute figure, unscaled).
    const perSecond = imported.middle.bindingPerMinute / 60;
    const share = (imported.clientCpuMsPerMessage * perSecond) / 1000;
    rows.push(['client CPU at the binding quota', `< ${GOALS.cpuShareAtQuota * 100} % of one core`, `${fmt.pct(share)} (${fmt.ms(imported.clientCpuMsPerMessage)} per message × ${perSecond.toFixed(1)} messages/s)`, share < GOALS.cpuShareAtQuota ? 'met' : 'not met']);
  }
  return rows;
}

function validateRows(validate) {
  return validate.map((v) => [v.name, fmt.int(v.records), fmt.int(v.dayFiles), `${v.megabytes.toFixed(0)} MB`, fmt.s(v.wallMs), fmt.int(v.perSecond), fmt.mb(v.medianRssMb), fmt.mb(v.peakRssMb), fmt.s(v.cpuMs), String(v.exitCode), `${v.loadBefore.toFixed(1)} → ${v.loadAfter.toFixed(1)}`]);
}
const VALIDATE_HEADER = ['export', 'messages', 'day files', 'JSON', 'wall', 'messages/s', 'peak RSS (median)', 'peak RSS (highest)', 'CPU', 'exit', 'load avg'];

function importRows(i) {
  const m = i.middle;
  const w = i.whole;
  return [
    ['spaces × records, concurrency, time scale', `${i.spaces} × ${fmt.int(i.generated.stats.records / i.spaces)}, ${i.concurrency} (at most ${i.peakActive} written at once), ${i.timeScale} (a quota minute lasts ${(60 / i.timeScale).toFixed(0)} s)`],
    ['posted (emulator)', `${plural(i.posted.messages, 'message')}, ${plural(i.posted.reactions, 'reaction')}, ${plural(i.posted.memberships, 'membership')}; ${plural(i.failures, 'failure')}; ${i.perMessage.reactions.toFixed(3)} reactions per message`],
    ['wall time (client)', fmt.s(i.wallMs)],
    ['binding quota (10–90 % of messages)', `mostly ${m.binding}: on average ${fmt.int(m.bindingPerMinute)} messages per quota minute = ${m.bindingPerSecond.toFixed(0)} /s`],
    ['message rate (10–90 % of messages)', `${m.perSecond.toFixed(0)} /s = ${fmt.int(m.perMinuteScaled)} per quota minute, ${m.fromS.toFixed(1)}–${m.toS.toFixed(1)} s (${fmt.int(m.messages)} messages)`],
    ['rate ÷ binding quota (10–90 %)', m.share.toFixed(3)],
    ['rate ÷ binding quota (whole run)', `${w.share.toFixed(3)} (${w.perSecond.toFixed(0)} /s against ${w.bindingPerSecond.toFixed(0)} /s, ${w.fromS.toFixed(1)}–${w.toS.toFixed(1)} s)`],
    ['requests answered 429', `${fmt.int(i.rateLimited)} of ${fmt.int(i.apiRequests)} = ${fmt.pct(i.rateLimitedShare)}`],
    ['client CPU (user + sys)', `${fmt.s(i.clientCpuMs)} (${fmt.s(i.clientUserCpuMs)} + ${fmt.s(i.clientSystemCpuMs)}) = ${fmt.ms(i.clientCpuMsPerMessage)} per posted message; peak RSS ${fmt.mb(i.clientPeakRssMb)}`],
    ['emulator CPU (in the bench process)', `${fmt.s(i.emulatorCpuMs)} = ${fmt.ms(i.emulatorCpuMsPerMessage)} per posted message`],
    ['load average', `${i.loadBefore.toFixed(1)} → ${i.loadAfter.toFixed(1)}`],
  ];
}

function markdown(m, validate, imported, streamed, recovered, startedAt) {
  const commit = gitCommit();
  const lines = [
    '# Benchmarks',
    '',
    `Written by \`${ONLY ? `node scripts/bench.mjs --only ${flags.only}` : 'npm run bench'}\` (scripts/bench.mjs) on ${startedAt.toISOString().slice(0, 16).replace('T', ' ')} UTC${commit ? ` at commit ${commit}` : ''}. Run it again to refresh; \`node scripts/bench.mjs --quick\` is a shorter run that only prints.`,
    '',
    '## Machine',
    '',
    ...table(['CPU', 'cores', 'memory', 'Node', 'OS'], [[m.cpu, String(m.cores), `${m.memoryGb.toFixed(1)} GiB`, m.node, m.os]]),
    '',
    'The load average is shown beside each figure: on a shared machine other work competes for the two cores and lengthens wall times.',
    '',
    '## Goals',
    '',
    ...table(['goal', 'target', 'measured', ''], goalRows(validate, imported)),
    '',
  ];
  if (validate.length > 0) {
    lines.push(
      '## validate',
      '',
      `Read, map and plan a whole export with no network, as \`chat-import validate\` does. Messages are the records of the generated day files (posts, replies, bot posts, joins…: everything a Slack export calls a message). Each folder export is validated ${plural(REPEAT, 'time')}, the zip and the runs with the compiler on the main thread once: the table shows the fastest run (other work on the machine only slows a run down), and the median and highest peak RSS of the runs; peak RSS and CPU (user + sys) are the child process's own, from getrusage. A run's peak RSS varies by about ±10 MB for the same export, with the C heap V8's background compiler threads leave behind, so the growth goal compares medians and the ceiling is held against the highest.`,
      '',
      ...table(VALIDATE_HEADER, validateRows(validate)),
      '',
      ...validate.map((v) => `- ${v.name}: ${fmt.int(v.plannedMessages)} messages and ${fmt.int(v.plannedReactions)} reactions planned; wall time${v.allWallMs.length === 1 ? '' : 's'} ${v.allWallMs.map(fmt.s).join(', ')}, peak RSS ${v.allRssMb.map(fmt.mb).join(', ')}; ${v.zipped ? `zipped (deflated) to ${v.zipped.megabytes.toFixed(0)} MB in ${fmt.s(v.zipped.wallMs)}${v.zipped.reused ? ', reused from bench-data/' : ''}` : `generated in ${fmt.s(v.generated.wallMs)} (${fmt.s(v.generated.cpuMs)} CPU, peak RSS ${fmt.mb(v.generated.peakRssMb)})${v.generated.reused ? ', reused from bench-data/' : ''}`}.`),
      '',
      '```',
      ...new Set(validate.flatMap((v) => [v.generateCommand, v.command])),
      '```',
      '',
    );
  }
  if (imported) {
    lines.push(
      '## import into the emulator',
      '',
      'The real CLI imports into the built-in emulator (started in the bench process) with Google\'s default quotas, time-scaled on both sides. Every 250 ms the bench reads the emulator\'s request counters and, from the CLI\'s state file, how many spaces are being written (created, not finished). The binding quota at each moment is the smallest of the project quotas and the per-space write quota times the spaces being written, given how many reactions each message brings (reactions count against their project quota and their space\'s write quota); it is averaged over the window measured. The goal is checked between 10 % and 90 % of the messages, past the ramp-up while spaces are created at most 35 a minute; the whole run is shown too.',
      '',
      ...table(['', ''], importRows(imported)),
      '',
      '```',
      imported.generateCommand,
      imported.command,
      '```',
      '',
    );
  }
  if (streamed) {
    const baseline = streamed[0];
    const large = streamed[streamed.length - 1];
    lines.push(
      '## streaming large linked files',
      '',
      `Measured on ${startedAt.toISOString().slice(0, 16).replace('T', ' ')} UTC${commit ? ` at commit ${commit}` : ''} (\`node scripts/bench.mjs --only stream\` measures this section alone).`,
      '',
      `Files a Slack export only links to are downloaded during the import and streamed into media.upload, never held whole in memory. Google takes at most 200 MB per upload, so the claim "memory stays flat while a 1 GB file is streamed" is measured on what chat-import can really upload: ${large.files} files of ${(large.bytes / 1e6).toFixed(0)} MB (${(large.files * large.bytes / 1e9).toFixed(2)} GB in one run), ${STREAM.filesPerChannel} in each of ${STREAM.channels} spaces, so ${STREAM.channels} downloads and uploads run at once; no upload limit is raised for the bench. The same export is also run with files of ${streamed.slice(0, -1).map((r) => sizeText(r.bytes)).join(' and ')}: the first is the baseline. The emulator's Slack host (in the bench process) generates each file's deterministic bytes as they are read and its media.upload keeps only the size and SHA-256, so neither side holds a file either; the attachments' sizes and SHA-256 are checked against the bytes served. Client peak RSS is the child's own (getrusage); had it held one file per upload in memory, it would have grown by at least ${((STREAM.channels * large.bytes) / 2 ** 20).toFixed(0)} MB.`,
      '',
      ...table(STREAM_HEADER, streamRows(streamed)),
      '',
      `Client peak RSS ${streamed.map((r) => `${fmt.mb(r.peakRssMb)} with ${sizeText(r.bytes)} files`).join(', ')}: ${fmt.mb(large.peakRssMb - baseline.peakRssMb)} above the baseline at the most, against the ${((STREAM.channels * large.bytes) / 2 ** 20).toFixed(0)} MB that one file held per upload at once would take. What grows is buffers and garbage not yet collected, per transfer at once, not per byte: ${streamed.length > 2 ? `${(streamed[streamed.length - 1].bytes / streamed[streamed.length - 2].bytes).toFixed(1)} times the bytes of the ${sizeText(streamed[streamed.length - 2].bytes)} run cost ${fmt.mb(large.peakRssMb - streamed[streamed.length - 2].peakRssMb)} more.` : ''}`,
      '',
      '```',
      large.command,
      '```',
      '',
    );
  }
  if (recovered.length > 0) {
    lines.push(
      '## recovering a lost state',
      '',
      `Measured on ${startedAt.toISOString().slice(0, 16).replace('T', ' ')} UTC${commit ? ` at commit ${commit}` : ''} (\`node scripts/bench.mjs --only recover\` measures this section alone).`,
      '',
      `Google is the ledger, the state file only a cache: an import that lost its state file (deleted, another folder, a new machine) lists each space's messages and writes only what is missing. Each export is imported into the built-in emulator (in the bench process, time scale ${RECOVER.timeScale}, ${RECOVER.concurrency} spaces at once); the set-up import is killed (SIGKILL) once the emulator holds ${RECOVER.killAt * 100} % of the messages, its state file is thrown away and the same import runs with a new one ("half written"); then that state file is thrown away too and the import runs once more ("all written"). ${recovered.some((r) => r.setup.preload || r.setup.preloaded) ? `For ${recovered.filter((r) => r.setup.preloaded).map((r) => r.name).join(', ')}, writing every message through the CLI over HTTP would take the better part of an hour on two shared cores, so the emulator is loaded in the bench process instead: the CLI's own source reader, planner, space importer and writer, with a client that hands each call to the emulator's handlers (no HTTP, no quotas); its state file is thrown away and only the "all written" run is made, by the real CLI over HTTP.` : ''} Writes are the write requests the emulator carried out; "missing" is what the plan has and the emulator did not hold before the run, so writes = missing (and the emulator holding every planned message and reaction afterwards) means nothing was written twice and nothing left out. No message is ever sent again (its client id is in the list); a reaction can be: the list gives a count per emoji for each message, so when a kill fell among one message's reactions, that message's reactions of the short emoji are all sent again and Google refuses the ones it holds (409 ALREADY_EXISTS, counted as present). 429s are retried and not counted as writes. Space creates are replays with the deterministic requestId: each answers the space made before. The plan time is validate's on the same export; the floor is how long the list reads and space creates alone would take at Google's quotas (${QUOTAS.reads} reads and ${QUOTAS.spaceCreates} space creates a minute), which the time scale hides.`,
      '',
      ...table(RECOVER_HEADER, recovered.flatMap(recoverRows)),
      '',
      ...recovered.map((r) => `- ${r.name}: ${fmt.int(r.plan.messages)} messages and ${fmt.int(r.plan.reactions)} reactions planned; ${r.setup.preloaded ? `the emulator was loaded in process in ${fmt.s(r.setup.wallMs)} (${plural(r.setup.failures, 'failure')})` : `the set-up import ran ${fmt.s(r.setup.wallMs)}${r.setup.killed ? ' before it was killed' : ` and ended by itself (exit ${r.setup.code}): it was not killed`}`}; emulator process RSS at the end ${fmt.mb(r.emulatorRssMb)}${r.plan.measuredNow ? '; plan time from one validate run' : ''}.`),
      '',
      '```',
      ...new Set(recovered.flatMap((r) => [r.generateCommand, r.command])),
      '```',
      '',
    );
  }
  return lines.join('\n');
}

/**
 * With --only, the sections not measured stay as BENCHMARKS.md had them: each `## ` section of the new text
 * replaces the one of the same title, the others are kept in their place.
 */
function mergeSections(previous, fresh, measuredTitles, freshHead) {
  const split = (text) => {
    const parts = text.split(/^(?=## )/m);
    return { head: parts[0], sections: parts.slice(1).map((p) => ({ title: p.slice(0, p.indexOf('\n')), text: p })) };
  };
  const old = split(previous);
  const now = split(fresh);
  const replaced = new Map(now.sections.filter((s) => measuredTitles.some((t) => s.title === `## ${t}`)).map((s) => [s.title, s.text]));
  const sections = old.sections.map((s) => replaced.get(s.title) ?? s.text);
  for (const [title, text] of replaced) if (!old.sections.some((s) => s.title === title)) sections.push(text);
  return [freshHead ? now.head : old.head, ...sections].join('').replace(/\n*$/, '\n');
}

/** The commit measured, marked when the working tree holds changes not yet committed. */
function gitCommit() {
  const git = spawnSync('git', ['describe', '--always', '--dirty=+uncommitted changes'], { cwd: ROOT, encoding: 'utf8' });
  return git.status === 0 ? git.stdout.trim().replace('+', ' (with ') + (git.stdout.includes('+') ? ')' : '') : undefined;
}

// ---------------------------------------------------------------------------------------------------------------

/** Writes BENCHMARKS.md; with --only, replaces only the sections measured. */
function writeBenchmarks(m, validate, imported, streamed, recovered, startedAt) {
  const fresh = `${markdown(m, validate, imported, streamed, recovered, startedAt)}\n`;
  const path = join(ROOT, 'BENCHMARKS.md');
  const sectionTitles = { validate: ['validate'], import: ['import into the emulator'], recover: ['recovering a lost state'], stream: ['streaming large linked files'] };
  const whole = !ONLY || (ONLY.has('validate') && ONLY.has('import'));
  const titles = ONLY && [...ONLY].flatMap((part) => sectionTitles[part]).concat(whole ? ['Machine', 'Goals'] : []);
  writeFileSync(path, titles && existsSync(path) ? mergeSections(readFileSync(path, 'utf8'), fresh, titles, whole) : fresh);
  console.log(`\nWrote BENCHMARKS.md${titles ? ` (the ${titles.join(', ')} section only)` : ''}`);
}

async function main() {
  if (!existsSync(CLI)) throw new Error('dist/ is missing: run `npm run build` first (npm run bench does).');
  const startedAt = new Date();
  const m = machine();
  console.log(`${m.cpu}, ${m.cores} cores, ${m.memoryGb.toFixed(1)} GiB, Node ${m.node}${quick ? ' — quick run' : ''}`);
  const validate = [];
  if (measures('validate')) for (const set of VALIDATE_SETS) validate.push(await benchValidate(set));
  const imported = measures('import') ? await benchImport() : undefined;
  const streamed = measures('stream') ? await benchStream() : undefined;
  const recovered = [];
  if (measures('recover')) {
    // --sets slack-1m: only these exports' recovery (the 1 M one is long; measure it on its own).
    const only = flags.sets ? new Set(flags.sets.split(',')) : undefined;
    for (const set of RECOVER_SETS.filter((s) => !only || only.has(s.name))) {
      recovered.push(await benchRecover(set, validate));
      // The 1 M set runs for the better part of an hour: what is measured so far is written at once.
      if (writeMarkdown) writeBenchmarks(m, validate, imported, streamed, recovered, startedAt);
    }
  }

  console.log('');
  if (validate.length > 0) {
    for (const line of table(VALIDATE_HEADER, validateRows(validate))) console.log(line);
    console.log('');
  }
  if (imported) {
    for (const line of table(['import', ''], importRows(imported))) console.log(line);
    console.log('');
  }
  if (streamed) {
    for (const line of table(STREAM_HEADER, streamRows(streamed))) console.log(line);
    console.log('');
  }
  if (recovered.length > 0) {
    for (const line of table(RECOVER_HEADER, recovered.flatMap(recoverRows))) console.log(line);
    console.log('');
  }
  for (const line of table(['goal', 'target', 'measured', ''], goalRows(validate, imported))) console.log(line);
  if (writeMarkdown) writeBenchmarks(m, validate, imported, streamed, recovered, startedAt);
}

main().catch((error) => {
  console.error(error instanceof Error ? error.stack : error);
  process.exitCode = 1;
});

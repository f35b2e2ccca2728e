#!/usr/bin/env node
// `npm run bench`: how fast chat-import plans, in how much memory, and how close to Google's quotas it imports.
//
//   1. validate on generated Slack exports of 100 k and 1 M records (10 k and 100 k with --quick): wall time,
//      records per second, the child's peak RSS and CPU time.
//   2. import of an export of many equal conversations into the built-in emulator with time-scaled quotas: the
//      steady message rate against the quota that binds, the share of requests answered 429, CPU per message.
//
// Every figure is measured on the real CLI run as a child process (`node dist/src/cli.js …`). Its peak RSS and
// CPU come from the kernel's own accounting (process.resourceUsage(), i.e. getrusage) read by a two-line probe
// preloaded with --import as the child exits, so no sampling can miss the peak. The emulator runs in this
// process, so its CPU is measured apart from the client's. Exports are generated once into bench-data/
// (git-ignored) and reused while their generator parameters match.
//
//   node scripts/bench.mjs [--quick] [--write | --no-write] [--only validate|import] [--dist DIR]
//
// A full run writes BENCHMARKS.md; --quick only prints unless --write is given. --dist measures another build
// (a copy of dist/ with a candidate fix, say) instead of ./dist.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem, type as osType, release } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

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
  },
});
const DIST = flags.dist ? resolve(flags.dist) : join(ROOT, 'dist');
const CLI = join(DIST, 'src/cli.js');
const quick = flags.quick;
const writeMarkdown = flags['no-write'] ? false : (flags.write ?? !quick);

// The validate exports share their tables (same seed, same 200 conversations and users): only the number of
// records differs, so any growth in peak RSS between them comes from the records.
const VALIDATE_SETS = quick
  ? [{ name: 'slack-10k', messages: 10_000, conversations: 200 }, { name: 'slack-100k', messages: 100_000, conversations: 200 }]
  : [{ name: 'slack-100k', messages: 100_000, conversations: 200 }, { name: 'slack-1m', messages: 1_000_000, conversations: 200 }];

// Equal conversations (--skew 0) imported all at once, so every space stays busy until near the end. At time
// scale 10 a quota minute lasts 6 s: 3000 message writes per minute are 500 per second.
const IMPORT = quick
  ? { name: 'import-60x100', messages: 6_000, conversations: 60, skew: 0, timeScale: 10, concurrency: 60 }
  : { name: 'import-60x500', messages: 30_000, conversations: 60, skew: 0, timeScale: 10, concurrency: 60 };
// Google's per-minute quotas (chat-api.md §7), which the emulator enforces by default.
const QUOTAS = { messageWrites: 3000, reactionWrites: 600, membershipWrites: 300, uploadWrites: 600, perSpaceWrites: 60 };

const GOALS = { validateSeconds: 60, rssMb: 300, rssGrowth: 0.1, rateShare: 0.95, rateLimitedShare: 0.01, cpuMsPerMessage: 1 };

// ---------------------------------------------------------------------------------------------------------------

const PROBE = 'data:text/javascript,' + encodeURIComponent(
  'import{writeFileSync}from"node:fs";process.on("exit",()=>{writeFileSync(process.env.CHAT_IMPORT_BENCH_PROBE,JSON.stringify(process.resourceUsage()))});',
);

/**
 * Runs `node <args>` as a child and measures it: wall time, and from the probe the peak RSS and CPU time.
 * `onTick` is called every `tickMs` while it runs.
 */
async function measure(args, { tickMs = 250, onTick, timeoutMs = 15 * 60_000 } = {}) {
  const scratch = mkdtempSync(join(tmpdir(), 'chat-import-probe-'));
  const probeFile = join(scratch, 'usage.json');
  const started = performance.now();
  const child = spawn(process.execPath, ['--import', PROBE, ...args], {
    cwd: ROOT,
    env: { ...process.env, CHAT_IMPORT_BENCH_PROBE: probeFile },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  const ticker = onTick ? setInterval(() => onTick(performance.now() - started), tickMs) : undefined;
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
    stdout,
    stderr,
    wallMs,
    peakRssMb: usage ? usage.maxRSS / 1024 : NaN,
    cpuMs: usage ? (usage.userCPUTime + usage.systemCPUTime) / 1000 : NaN,
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

/** A hash of the generator's source: exports made by an older generator are made again. */
function generatorVersion() {
  let h = 0;
  for (const byte of readFileSync(GENERATOR)) h = (Math.imul(h, 31) + byte) | 0;
  return (h >>> 0).toString(16);
}

// ---------------------------------------------------------------------------------------------------------------

async function benchValidate(set) {
  const data = await ensureExport(set);
  const reportDir = mkdtempSync(join(tmpdir(), 'chat-import-bench-report-'));
  const args = [CLI, 'validate', data.dir, '--quiet', '--report', reportDir];
  const load = loadavg()[0];
  process.stdout.write(`validate ${set.name}… `);
  const run = await measure(args);
  let report;
  try {
    report = JSON.parse(readFileSync(join(reportDir, 'report.json'), 'utf8'));
  } catch {
    report = undefined;
  }
  rmSync(reportDir, { recursive: true, force: true });
  if (run.code !== 0 && run.code !== 1) throw new Error(`validate ${set.name} failed (${run.code}): ${run.stderr}`);
  process.stdout.write(`${(run.wallMs / 1000).toFixed(1)} s, ${run.peakRssMb.toFixed(0)} MB\n`);
  return {
    name: set.name,
    command: `node ${relative(ROOT, CLI)} validate ${relative(ROOT, data.dir)} --quiet --report <tmp>`,
    generateCommand: data.command,
    generated: data,
    records: set.messages,
    dayFiles: data.stats.dayFiles,
    megabytes: data.stats.bytes / 1e6,
    plannedMessages: report?.totals.planned.messages,
    plannedReactions: report?.totals.planned.reactions,
    exitCode: run.code,
    wallMs: run.wallMs,
    perSecond: set.messages / (run.wallMs / 1000),
    peakRssMb: run.peakRssMb,
    cpuMs: run.cpuMs,
    loadBefore: load,
    loadAfter: loadavg()[0],
  };
}

async function benchImport() {
  const data = await ensureExport(IMPORT);
  const { startEmulator } = await import(join(DIST, 'src/emulator/index.js'));
  const scratch = mkdtempSync(join(tmpdir(), 'chat-import-bench-import-'));
  const emulator = await startEmulator({ timeScale: IMPORT.timeScale });
  try {
    const keyPath = join(scratch, 'key.json');
    writeFileSync(keyPath, JSON.stringify(emulator.createServiceAccountKey()), { mode: 0o600 });
    const args = [
      CLI, 'import', data.dir, '--credentials', keyPath, '--admin', 'admin@example.com', '--api-root', emulator.url,
      '--state', join(scratch, 'state.json'), '--report', scratch, '--time-scale', String(IMPORT.timeScale),
      '--concurrency', String(IMPORT.concurrency), '--quiet',
    ];
    // The emulator's counters every quarter second: the rate over time, and when every space had been created.
    const samples = [];
    const sample = (t) => {
      const c = emulator.counters();
      const m = c.byMethod;
      samples.push({
        t,
        messages: m['spaces.messages.create'] ?? 0,
        reactions: m['spaces.messages.reactions.create'] ?? 0,
        memberships: m['spaces.members.create'] ?? 0,
        uploads: m['media.upload'] ?? 0,
        spaces: m['spaces.create'] ?? 0,
      });
    };
    const load = loadavg()[0];
    process.stdout.write(`import ${IMPORT.name} into the emulator (time scale ${IMPORT.timeScale})… `);
    const cpuBefore = process.cpuUsage();
    const run = await measure(args, { onTick: sample });
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
    const result = analyseImport({ run, samples, counters, dump, report, emulatorCpuMs: (emulatorCpu.user + emulatorCpu.system) / 1000 });
    process.stdout.write(`${(run.wallMs / 1000).toFixed(1)} s, ${result.posted.messages} messages, ${(100 * result.steady.share).toFixed(1)} % of the binding quota\n`);
    return {
      ...result,
      command: `node ${relative(ROOT, CLI)} ${args.slice(1).map((a) => (a === data.dir ? relative(ROOT, a) : a.startsWith(scratch) ? a.replace(scratch, '<tmp>') : a === emulator.url ? '<emulator url>' : a)).join(' ')}`,
      generateCommand: data.command,
      generated: data,
      exitCode: run.code,
      loadBefore: load,
      loadAfter: loadavg()[0],
    };
  } finally {
    await emulator.stop();
    rmSync(scratch, { recursive: true, force: true });
  }
}

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
  const last = samples[samples.length - 1];
  const spaces = dump.spaces.length;
  const posted = { messages: dump.messages.length, reactions: dump.reactions.length, memberships: dump.memberships.length };
  const rate = (a, b) => {
    const seconds = (b.t - a.t) / 1000;
    const messages = b.messages - a.messages;
    const perMessage = {
      reactions: (b.reactions - a.reactions) / Math.max(messages, 1),
      memberships: (b.memberships - a.memberships) / Math.max(messages, 1),
      uploads: (b.uploads - a.uploads) / Math.max(messages, 1),
    };
    const binding = bindingQuota(perMessage, Math.min(IMPORT.concurrency, spaces));
    const perSecond = messages / seconds;
    const bindingPerSecond = (binding.perMinute * scale) / 60;
    return { seconds, messages, perSecond, perMinuteScaled: (perSecond * 60) / scale, binding, bindingPerSecond, share: perSecond / bindingPerSecond, perMessage };
  };
  // Steady state: from when every space exists (spaces are created at most 35 a minute, so the first minutes
  // ramp up) and 10 % of the messages are posted, to when 90 % are (the last spaces finish one by one).
  const total = last.messages;
  const from = samples.find((s) => s.spaces >= spaces && s.messages >= total * 0.1) ?? samples[0];
  const to = samples.find((s) => s.messages >= total * 0.9) ?? last;
  const first = samples.find((s) => s.messages > 0) ?? samples[0];
  const steady = to.t > from.t ? rate(from, to) : rate(first, last);
  const whole = rate(first, last);
  const apiRequests = counters.requests - (counters.byMethod.token ?? 0);
  return {
    spaces,
    concurrency: IMPORT.concurrency,
    timeScale: IMPORT.timeScale,
    wallMs: run.wallMs,
    posted,
    failures: report?.totals.failures,
    clientRetries: report?.totals.retries,
    steady: { ...steady, fromS: from.t / 1000, toS: to.t / 1000 },
    whole,
    apiRequests,
    rateLimited: counters.rateLimited,
    rateLimitedShare: counters.rateLimited / Math.max(apiRequests, 1),
    tokens: counters.tokensIssued,
    clientCpuMs: run.cpuMs,
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
};

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
  const big = validate[validate.length - 1];
  const small = validate[0];
  if (big) {
    rows.push([`validate ${big.name} wall time`, `< ${GOALS.validateSeconds} s`, fmt.s(big.wallMs), big.wallMs < GOALS.validateSeconds * 1000 ? 'met' : 'not met']);
    const peak = Math.max(...validate.map((v) => v.peakRssMb));
    rows.push(['validate peak RSS', `< ${GOALS.rssMb} MB`, fmt.mb(peak), peak < GOALS.rssMb ? 'met' : 'not met']);
    const growth = big.peakRssMb / small.peakRssMb - 1;
    rows.push([`peak RSS ${small.name} → ${big.name}`, `within ${GOALS.rssGrowth * 100} %`, `${growth >= 0 ? '+' : ''}${(growth * 100).toFixed(1)} %`, Math.abs(growth) <= GOALS.rssGrowth ? 'met' : 'not met']);
  }
  if (imported) {
    rows.push(['import steady message rate ÷ binding quota', `≥ ${GOALS.rateShare}`, imported.steady.share.toFixed(3), imported.steady.share >= GOALS.rateShare ? 'met' : 'not met']);
    rows.push(['requests answered 429', `< ${GOALS.rateLimitedShare * 100} %`, fmt.pct(imported.rateLimitedShare), imported.rateLimitedShare < GOALS.rateLimitedShare ? 'met' : 'not met']);
    rows.push(['client CPU per posted message', `< ${GOALS.cpuMsPerMessage} ms`, fmt.ms(imported.clientCpuMsPerMessage), imported.clientCpuMsPerMessage < GOALS.cpuMsPerMessage ? 'met' : 'not met']);
  }
  return rows;
}

function validateRows(validate) {
  return validate.map((v) => [v.name, fmt.int(v.records), fmt.int(v.dayFiles), `${v.megabytes.toFixed(0)} MB`, fmt.s(v.wallMs), fmt.int(v.perSecond), fmt.mb(v.peakRssMb), fmt.s(v.cpuMs), String(v.exitCode), `${v.loadBefore.toFixed(1)} → ${v.loadAfter.toFixed(1)}`]);
}
const VALIDATE_HEADER = ['export', 'records', 'day files', 'JSON', 'wall', 'records/s', 'peak RSS', 'CPU', 'exit', 'load avg'];

function importRows(i) {
  const s = i.steady;
  return [
    ['spaces × records, concurrency, time scale', `${i.spaces} × ${fmt.int(i.generated.stats.records / i.spaces)}, ${i.concurrency}, ${i.timeScale} (a quota minute lasts ${(60 / i.timeScale).toFixed(0)} s)`],
    ['posted (emulator)', `${fmt.int(i.posted.messages)} messages, ${fmt.int(i.posted.reactions)} reactions, ${fmt.int(i.posted.memberships)} memberships; ${fmt.int(i.failures)} failures`],
    ['wall time (client)', fmt.s(i.wallMs)],
    ['binding quota', `${i.steady.binding.name}: ${fmt.int(s.binding.perMinute)} messages per quota minute = ${s.bindingPerSecond.toFixed(0)} /s (${s.perMessage.reactions.toFixed(3)} reactions, ${s.perMessage.memberships.toFixed(4)} memberships per message)`],
    ['steady message rate', `${s.perSecond.toFixed(0)} /s = ${fmt.int(s.perMinuteScaled)} per quota minute, from ${s.fromS.toFixed(1)} s to ${s.toS.toFixed(1)} s (${fmt.int(s.messages)} messages)`],
    ['steady rate ÷ binding quota', s.share.toFixed(3)],
    ['whole-run rate ÷ binding quota', `${i.whole.share.toFixed(3)} (${i.whole.perSecond.toFixed(0)} /s, including the ramp-up while spaces are created at ≤ 35 a minute)`],
    ['requests answered 429', `${fmt.int(i.rateLimited)} of ${fmt.int(i.apiRequests)} = ${fmt.pct(i.rateLimitedShare)}`],
    ['client CPU (user + sys)', `${fmt.s(i.clientCpuMs)} = ${fmt.ms(i.clientCpuMsPerMessage)} per posted message; peak RSS ${fmt.mb(i.clientPeakRssMb)}`],
    ['emulator CPU (in the bench process)', `${fmt.s(i.emulatorCpuMs)} = ${fmt.ms(i.emulatorCpuMsPerMessage)} per posted message`],
    ['load average', `${i.loadBefore.toFixed(1)} → ${i.loadAfter.toFixed(1)}`],
  ];
}

function markdown(m, validate, imported, startedAt) {
  const commit = gitCommit();
  const lines = [
    '# Benchmarks',
    '',
    `Written by \`npm run bench\` (scripts/bench.mjs) on ${startedAt.toISOString().slice(0, 16).replace('T', ' ')} UTC${commit ? ` at commit ${commit}` : ''}. Run it again to refresh; \`node scripts/bench.mjs --quick\` is a shorter run that only prints.`,
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
      'Read, map and plan a whole export with no network, as `chat-import validate` does. Records are the day-file records of the generated export (messages, replies, bot posts, joins…); peak RSS and CPU (user + sys) are the child process\'s own, from getrusage.',
      '',
      ...table(VALIDATE_HEADER, validateRows(validate)),
      '',
      ...validate.map((v) => `- ${v.name}: ${fmt.int(v.plannedMessages)} messages and ${fmt.int(v.plannedReactions)} reactions planned; generated in ${fmt.s(v.generated.wallMs)} (${fmt.s(v.generated.cpuMs)} CPU, peak RSS ${fmt.mb(v.generated.peakRssMb)})${v.generated.reused ? ', reused from bench-data/' : ''}.`),
      '',
      '```',
      ...validate.flatMap((v) => [v.generateCommand, v.command]),
      '```',
      '',
    );
  }
  if (imported) {
    lines.push(
      '## import into the emulator',
      '',
      'The real CLI imports into the built-in emulator (started in the bench process) with Google\'s default quotas, time-scaled on both sides. The binding quota is the smallest of the project quotas and the per-space write quota times the spaces written at once, given how many reactions and memberships each message brings. Rates come from the emulator\'s request counters, sampled every 250 ms; the steady window starts once every space exists and 10 % of the messages are in, and ends at 90 %.',
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
  return lines.join('\n');
}

function gitCommit() {
  try {
    const head = readFileSync(join(ROOT, '.git/HEAD'), 'utf8').trim();
    const ref = head.startsWith('ref: ') ? readFileSync(join(ROOT, '.git', head.slice(5)), 'utf8').trim() : head;
    return ref.slice(0, 7);
  } catch {
    return undefined;
  }
}

// ---------------------------------------------------------------------------------------------------------------

async function main() {
  if (!existsSync(CLI)) throw new Error('dist/ is missing: run `npm run build` first (npm run bench does).');
  const startedAt = new Date();
  const m = machine();
  console.log(`${m.cpu}, ${m.cores} cores, ${m.memoryGb.toFixed(1)} GiB, Node ${m.node}${quick ? ' — quick run' : ''}`);
  const validate = [];
  if (!flags.only || flags.only === 'validate') for (const set of VALIDATE_SETS) validate.push(await benchValidate(set));
  const imported = !flags.only || flags.only === 'import' ? await benchImport() : undefined;

  console.log('');
  if (validate.length > 0) {
    for (const line of table(VALIDATE_HEADER, validateRows(validate))) console.log(line);
    console.log('');
  }
  if (imported) {
    for (const line of table(['import', ''], importRows(imported))) console.log(line);
    console.log('');
  }
  for (const line of table(['goal', 'target', 'measured', ''], goalRows(validate, imported))) console.log(line);
  if (writeMarkdown) {
    writeFileSync(join(ROOT, 'BENCHMARKS.md'), `${markdown(m, validate, imported, startedAt)}\n`);
    console.log('\nWrote BENCHMARKS.md');
  }
}

main().catch((error) => {
  console.error(error instanceof Error ? error.stack : error);
  process.exitCode = 1;
});

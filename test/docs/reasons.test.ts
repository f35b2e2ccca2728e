// The reasons catalogue (src/reasons.ts) covers every code the tool emits, and docs/reasons.md is the one generated
// from it (scripts/reasons-doc.mjs), as the flag reference is generated from the commander definitions.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { explain, GOOGLE_STATUS, REASONS, reasonFor, type ReasonKind } from '../../src/reasons.js';
import { ReportBuilder } from '../../src/report/run-report.js';
import { ROOT } from '../helpers/cli.js';

const run = promisify(execFile);
const SCRIPT = join(ROOT, 'scripts/reasons-doc.mjs');

async function sourceFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries.filter((e) => e.isFile() && e.name.endsWith('.ts')).map((e) => join(e.parentPath, e.name));
}

/**
 * The codes written in the sources, wherever a code is given: `code: '…'`, `code = '…'`, the first string argument
 * of the skip/fallback/warning/failure helpers and of `new FatalError(…)`, and sets typed as codes. Codes built
 * from templates (`author_${…}`) are checked by the compiler instead: the report API takes only catalogue codes.
 */
function codesIn(text: string): string[] {
  const found: string[] = [];
  const patterns = [
    /\bcode(?:\s*:\s*\w+\s*=|\s*[:=])\s*'([A-Za-z0-9_]+)'/g,
    /\b(?:skip|tableSkip|skipOrTable|fallback|warning|failure|FatalError|FileBytesError|fallbacks\.add)\(\s*(?:[^,']+?,\s*){0,2}'([A-Za-z][A-Za-z0-9_]*)'/g,
  ];
  for (const pattern of patterns) for (const match of text.matchAll(pattern)) found.push(match[1] as string);
  for (const set of text.matchAll(/(?:Set<(?:Skip|Fallback|Problem|Warning|Error)Code>\(|fallbacks:\s*)\[([^\]]*)\]/g)) {
    for (const literal of (set[1] as string).matchAll(/'([a-z0-9_]+)'/g)) found.push(literal[1] as string);
  }
  return found;
}

/** Each code used → the files that use it. */
async function codesUsed(): Promise<Map<string, string[]>> {
  const used = new Map<string, string[]>();
  const files = [...(await sourceFiles(join(ROOT, 'src'))), ...(await sourceFiles(join(ROOT, 'mappers')))]
    // The emulator plays Google (its codes are Google's), and the catalogue itself is not a use.
    .filter((f) => !f.includes(`${join('src', 'emulator')}`) && !f.endsWith(join('src', 'reasons.ts')));
  for (const file of files) for (const code of new Set(codesIn(await readFile(file, 'utf8')))) used.set(code, [...(used.get(code) ?? []), relative(ROOT, file)]);
  return used;
}

describe('the reasons catalogue', () => {
  it('has every code used in src/ and mappers/ (upper-case ones are Google statuses, one family entry)', async () => {
    const used = await codesUsed();
    const missing = [...used].filter(([code]) => reasonFor(code) === undefined).map(([code, files]) => `${code} (${files.join(', ')})`);
    expect(missing, 'codes used but not in src/reasons.ts').toEqual([]);
    // The scan sees the codes it should: one of each shape.
    for (const [code, file] of [['bad_json', 'mappers/slack/read.ts'], ['unmapped_mention', 'mappers/shared/markdown.ts'], ['space_renamed', 'src/post/space-importer.ts'], ['dwd_not_granted', 'src/post/auth.ts'], ['channel_topic', 'mappers/slack/subtypes.ts'], ['usage', 'src/errors.ts'], ['deleted_thread_root', 'mappers/slack/map.ts'], ['zip_unsafe_name', 'mappers/shared/zip-tree.ts'], ['damaged_zip', 'src/errors.ts']]) {
      expect(used.get(code as string), code).toContain(file);
    }
  });

  it('finds codes in each shape the sources give them', () => {
    const sample = "{ code: 'a_code' } readonly code: ErrorCode = 'b_code'; await skip('c_code', 'r'); skip(ctx, origin, 'd_code', 'r');\n" +
      "skip(printableName(x), 'e_code', why); report.fallback(id, 'f_code'); fallbacks.add('g_code'); throw new FatalError(\n  'h_code',\n  'm');\n" +
      "new Set<SkipCode>(['i_code', 'j_code']); fallbacks: ['k_code'], other('not_a_code')";
    expect(codesIn(sample).sort()).toEqual(['a_code', 'b_code', 'c_code', 'd_code', 'e_code', 'f_code', 'g_code', 'h_code', 'i_code', 'j_code', 'k_code']);
  });

  it('lists no code that nothing uses', async () => {
    const used = await codesUsed();
    // Built from a template in the planner (`author_${sender.fallbackReason}`), so the scan cannot see them.
    const templated = new Set(['author_no_email', 'author_bot']);
    expect(Object.keys(REASONS).filter((code) => !used.has(code) && !templated.has(code))).toEqual([]);
  });

  it('gives every code a kind, a one-line meaning and an action', () => {
    const kinds: ReasonKind[] = ['skip', 'fallback', 'problem', 'warning', 'failure', 'error'];
    for (const [code, reason] of [...Object.entries(REASONS), [GOOGLE_STATUS.code, GOOGLE_STATUS] as const]) {
      expect(code, code).toMatch(/^([a-z][a-z0-9]*(_[a-z0-9]+)*|UPPER_CASE)$/);
      expect(reason.kinds.length > 0 && reason.kinds.every((k) => kinds.includes(k)), `${code} kinds ${reason.kinds.join(',')}`).toBe(true);
      for (const line of [reason.meaning, reason.action]) expect(line, code).toMatch(/^[^\n]{10,240}$/);
    }
  });

  it('explains a Google status by its family and says so when a code is unknown', () => {
    expect(reasonFor('PERMISSION_DENIED')).toBe(GOOGLE_STATUS);
    expect(reasonFor('HTTP_500')).toBe(GOOGLE_STATUS);
    expect(reasonFor('no_such_code')).toBeUndefined();
    expect(reasonFor('toString')).toBeUndefined();
    expect(explain('bad_json')).toBe('A file of the export is not valid JSON (truncated, damaged bytes); a streamed file keeps the records before the damage, the rest of it is skipped. Fix the named file and record (or export it again), then run the same command again.');
    expect(explain('no_such_code')).toBe('Not in this version’s catalogue: see docs/reasons.md.');
  });

  it('is the only source of codes the report accepts (a free string fails type-checking)', () => {
    const report = new ReportBuilder('validate', { kind: 'slack', path: 'x' }, true, 0);
    // @ts-expect-error: not a catalogue code
    report.skip({ conversationId: 'C', code: 'made_up', reason: 'r' });
    // @ts-expect-error: not a fallback code
    report.fallback('C', 'bad_json');
    // @ts-expect-error: a lower-case failure code must be in the catalogue
    report.failure('C', 'made_up', 'm');
    // @ts-expect-error: not a warning code
    report.warning('made_up', 'm');
    report.failure('C', 'PERMISSION_DENIED', 'm');
    expect(Object.keys(report.report.totals.skipped)).toEqual(['made_up']);
  });

  it('is in docs/reasons.md, as generated', async () => {
    if (!existsSync(join(ROOT, 'dist/src/reasons.js'))) throw new Error('dist/src/reasons.js is missing: run `npm run build` first (npm test does).');
    const generated = (await run(process.execPath, [SCRIPT])).stdout;
    const doc = await readFile(join(ROOT, 'docs/reasons.md'), 'utf8');
    expect(doc, 'docs/reasons.md is stale: run `npm run docs` (or `npm run build && node scripts/reasons-doc.mjs --write`)').toBe(generated);
    for (const code of Object.keys(REASONS)) expect(doc, code).toContain(`| \`${code}\` | ${REASONS[code as keyof typeof REASONS].meaning.replaceAll('|', '\\|')}`);
    expect(doc).toContain(`| \`UPPER_CASE\` | ${GOOGLE_STATUS.meaning}`);
  });
});

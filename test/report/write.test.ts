// Each command keeps its own report file, report.json stays the import's once an import wrote it, and every HTML
// report links the others of its folder.
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ReportBuilder, type CommandName, type RunReport } from '../../src/report/run-report.js';
import { writeReport } from '../../src/report/write.js';
import { all, byId, parseHtml, text } from './dom.js';

const START = Date.parse('2024-06-01T10:00:00Z');

function reportOf(commandName: CommandName, command = `chat-import ${commandName} x`): RunReport {
  const builder = new ReportBuilder(command, { kind: 'slack', path: 'x.zip' }, commandName === 'validate', START, commandName);
  return builder.finish(START + 1_000, 0);
}

/** The links of a report's navigation: label → href, the current report without one. */
async function nav(dir: string, base: string): Promise<string[]> {
  const doc = parseHtml(await readFile(join(dir, `${base}.html`), 'utf8'));
  return all(byId(doc, 'reports'), 'li').map((li) => {
    const a = all(li, 'a')[0];
    return a ? `${text(li)} → ${a.attribs.href}` : `${text(li)} (this one)`;
  });
}

const commandIn = async (dir: string, base: string): Promise<string> => (JSON.parse(await readFile(join(dir, `${base}.json`), 'utf8')) as RunReport).command;

describe('writeReport', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'chat-import-reports-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('validate in an empty folder writes report-validate.* and, as the contract says, report.json too', async () => {
    const files = await writeReport(reportOf('validate'), dir);
    expect(files).toEqual({ json: join(dir, 'report-validate.json'), html: join(dir, 'report-validate.html') });
    expect((await readdir(dir)).sort()).toEqual(['report-validate.html', 'report-validate.json', 'report.html', 'report.json']);
    expect(await commandIn(dir, 'report')).toBe('chat-import validate x');
    const doc = parseHtml(await readFile(join(dir, 'report-validate.html'), 'utf8'));
    expect(text(all(doc, 'h1')[0] as never)).toBe('chat-import dry-run report');
    expect(() => byId(doc, 'reports')).toThrow('no element #reports'); // nothing else to link yet
  });

  it('import, verify, complete and a later validate each keep their file; report.json stays the import', async () => {
    await writeReport(reportOf('validate'), dir);
    expect((await writeReport(reportOf('import'), dir)).json).toBe(join(dir, 'report.json'));
    expect((await writeReport(reportOf('verify'), dir)).json).toBe(join(dir, 'report-verify.json'));
    expect((await writeReport(reportOf('complete'), dir)).json).toBe(join(dir, 'report-complete.json'));
    await writeReport(reportOf('validate', 'chat-import validate again'), dir);
    expect((await readdir(dir)).sort()).toEqual([
      'report-complete.html', 'report-complete.json', 'report-validate.html', 'report-validate.json',
      'report-verify.html', 'report-verify.json', 'report.html', 'report.json',
    ]);
    expect(await commandIn(dir, 'report')).toBe('chat-import import x');
    expect(await commandIn(dir, 'report-validate')).toBe('chat-import validate again');
    expect(await commandIn(dir, 'report-verify')).toBe('chat-import verify x');
    // Every report links all four, whichever was written first.
    expect(await nav(dir, 'report')).toEqual(['migration (import) (this one)', 'validate → report-validate.html', 'verify → report-verify.html', 'complete → report-complete.html']);
    expect(await nav(dir, 'report-verify')).toEqual(['migration (import) → report.html', 'validate → report-validate.html', 'verify (this one)', 'complete → report-complete.html']);
    const verifyDoc = parseHtml(await readFile(join(dir, 'report-verify.html'), 'utf8'));
    expect(text(all(verifyDoc, 'h1')[0] as never)).toBe('chat-import verify report');
  });

  it('a verify before any import also leaves report.json, replaced by the first import', async () => {
    await writeReport(reportOf('verify'), dir);
    expect(await commandIn(dir, 'report')).toBe('chat-import verify x');
    await writeReport(reportOf('import'), dir);
    expect(await commandIn(dir, 'report')).toBe('chat-import import x');
    expect(await nav(dir, 'report-verify')).toEqual(['migration (import) → report.html', 'verify (this one)']);
  });
});

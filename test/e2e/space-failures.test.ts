// A space Google will not give us — every name taken, or deleted since the last run — is that space's failure:
// counted and explained in the report and on stderr, the other spaces imported, exit 1; the same command imports
// what is missing once it is fixed. Against the emulator, in-process.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RunReport } from '../../src/report/run-report.js';
import { useRehearsal, type Rehearsal } from '../helpers/cli.js';
import { runInProcess } from '../helpers/in-process.js';
import { writeSlackExport } from '../helpers/slack-export.js';

const ADMIN = 'admin@example.com';
const DAY = '2024-03-01';
const message = (ts: number, user: string, text: string) => ({ type: 'message', ts: `${1709280000 + ts}.000100`, user, text });

/** general: 3 messages; random: 2. `edited`: an edited export (the first message of each edited, so each space's
 * plan below its watermark changes and it is reconciled) with one more message in each. */
function exportSpec(edited = false) {
  return {
    users: [{ id: 'U1', name: 'ann', email: 'ann@example.com' }, { id: 'U2', name: 'ben', email: 'ben@example.com' }],
    channels: [{ id: 'C1', name: 'general', created: 1709200000, members: ['U1', 'U2'] }, { id: 'C2', name: 'random', created: 1709200000, members: ['U1', 'U2'] }],
    days: {
      general: { [DAY]: [message(10, 'U1', 'g1'), message(20, 'U2', edited ? 'g2 edited' : 'g2'), message(30, 'U1', 'g3'), ...(edited ? [message(40, 'U2', 'g4')] : [])] },
      random: { [DAY]: [message(15, 'U2', edited ? 'r1 edited' : 'r1'), message(25, 'U1', 'r2'), ...(edited ? [message(35, 'U1', 'r3')] : [])] },
    },
  };
}

let runs = 0;
/** Runs the command in-process with a --log file: the lines it logged at error level (stderr's end summary). */
async function importLogged(r: Rehearsal, args: string[]): Promise<{ code: number | null; stdout: string; errors: string[] }> {
  const log = join(r.dir, `run-${++runs}.log`);
  const result = await runInProcess([...args, '--log', log]);
  const lines = (await readFile(log, 'utf8')).split('\n').filter(Boolean).map((l) => JSON.parse(l) as { level: number; msg: string });
  return { code: result.code, stdout: result.stdout, errors: [...lines.filter((l) => l.level >= 50).map((l) => l.msg), ...result.stderr.split('\n').filter(Boolean)] };
}

const readReport = async (r: Rehearsal): Promise<RunReport> => JSON.parse(await readFile(join(r.dir, 'report.json'), 'utf8')) as RunReport;
const texts = (r: Rehearsal, space: string | undefined): string[] => r.emulator.dump().messages.filter((m) => m.space === space).map((m) => m.text).sort();
const spaceNamed = (r: Rehearsal, displayName: string): string | undefined => r.emulator.dump().spaces.find((s) => s.displayName === displayName && !s.deleted)?.name;

describe('a space that cannot be created or read fails alone', () => {
  const rehearse = useRehearsal();

  it('every name taken: that conversation fails with its reason, the other is imported, exit 1; freeing a name finishes it', async () => {
    const r = await rehearse();
    const taken = ['general', 'general (imported)', 'general (imported 2)', 'general (imported 3)', 'general (imported 4)'];
    for (const displayName of taken) r.emulator.dispatch('POST', '/v1/spaces', { spaceType: 'SPACE', displayName, importMode: true }, ADMIN);
    const source = await writeSlackExport(exportSpec());
    const args = ['import', source, ...r.target, '--time-scale', '600', '--quiet'];

    const first = await importLogged(r, args);
    expect(first.code, first.errors.join('\n')).toBe(1);
    const reason = 'the space could not be created: "general", "general (imported)" … "general (imported 4)" are all taken in the organization (Google answered 409 ALREADY_EXISTS to each); 3 planned writes not made';
    expect(first.errors).toEqual([`general: not imported — ${reason} (space_name_taken) — Rename or delete one of those spaces in Google Chat (or rename the conversation in the export), then run the same command again: it creates the space and writes its messages.`]);
    expect(first.stdout).toContain('Retries: 0 (0 answered 429); failures: 3');
    const report = await readReport(r);
    expect(report.exitCode).toBe(1);
    expect(report.problems.filter((p) => p.severity === 'failure')).toEqual([{ conversationId: 'C1', code: 'space_name_taken', message: reason, severity: 'failure' }]);
    const general = report.spaces.find((s) => s.conversationId === 'C1');
    const random = report.spaces.find((s) => s.conversationId === 'C2');
    expect([general?.planned.messages, general?.written.messages, general?.failures, general?.space], JSON.stringify(general)).toEqual([3, 0, 3, undefined]);
    expect([random?.planned.messages, random?.written.messages, random?.failures], JSON.stringify(random)).toEqual([2, 2, 0]);
    expect(texts(r, spaceNamed(r, 'random'))).toEqual(['r1', 'r2']);
    const state = JSON.parse(await readFile(r.statePath, 'utf8')) as { spaces: Record<string, { state: string; done: number; space?: string }> };
    expect([state.spaces.C1?.state, state.spaces.C1?.done, state.spaces.C1?.space]).toEqual(['failed', 0, undefined]);

    // The operator deletes one of the taken spaces: the same command creates general's space and writes only its 3.
    r.emulator.dispatch('DELETE', `/v1/${spaceNamed(r, 'general (imported 2)') as string}`, undefined, ADMIN);
    const second = await importLogged(r, args);
    expect(second.code, second.errors.join('\n')).toBe(0);
    expect(second.stdout).toContain('This run: 3 new messages, 0 new reactions, 0 new attachments, 0 new history memberships; 2 resumed from the state file');
    expect(second.errors).toEqual([]);
    expect(texts(r, spaceNamed(r, 'general (imported 2)'))).toEqual(['g1', 'g2', 'g3']);
    expect(r.emulator.dump().messages).toHaveLength(5);
  });

  it('a delta pass whose space was deleted: that space fails naming what to do, the other is reconciled and written, exit 1', async () => {
    const r = await rehearse();
    const first = await importLogged(r, ['import', await writeSlackExport(exportSpec()), ...r.target, '--time-scale', '600', '--quiet']);
    expect(first.code, first.errors.join('\n')).toBe(0);
    const general = spaceNamed(r, 'general') as string;
    r.emulator.dispatch('DELETE', `/v1/${general}`, undefined, ADMIN);

    const args = ['import', await writeSlackExport(exportSpec(true)), ...r.target, '--time-scale', '600', '--quiet'];
    const delta = await importLogged(r, args);
    expect(delta.code, delta.errors.join('\n')).toBe(1);
    const reason = `${general} is gone from Google Chat (deleted, past its import-mode deadline, or the state file belongs to another target); nothing was written to it (Google answered 403 PERMISSION_DENIED: The caller does not have permission to access ${general} (it was deleted or its import window expired).); 4 planned writes not made`;
    expect(delta.errors).toEqual([`general: not imported — ${reason} (space_gone) — Wrong target: pass the right state file with --state. To import the conversation into a new space: the same command with --channels NAME --migration-id NEW_ID --state NEW_FILE.`]);
    const report = await readReport(r);
    expect(report.problems.filter((p) => p.severity === 'failure')).toEqual([{ conversationId: 'C1', code: 'space_gone', message: reason, severity: 'failure' }]);
    const random = report.spaces.find((s) => s.conversationId === 'C2');
    expect([random?.planned.messages, random?.alreadyPresent, random?.writtenThisRun.messages, random?.failures], JSON.stringify(random)).toEqual([3, 2, 1, 0]);
    expect(report.totals.failures).toBe(4);
    expect(texts(r, spaceNamed(r, 'random'))).toEqual(['r1', 'r2', 'r3']);

    // The state stays valid: the same command says the same, and writes nothing again.
    const again = await importLogged(r, args);
    expect(again.code, again.errors.join('\n')).toBe(1);
    expect(again.errors.join('\n')).toContain(`general: not imported — ${reason} (space_gone)`);
    expect(r.emulator.dump().messages.filter((m) => !m.space.startsWith(general))).toHaveLength(3);

    // complete leaves it alone and says why, with no import-mode deadline for a space that may be gone.
    const complete = await runInProcess(['complete', ...r.target, '--time-scale', '600']);
    expect(complete.stdout, complete.stderr).toContain('Report:');
    const completeReport = JSON.parse(await readFile(join(r.dir, 'report-complete.json'), 'utf8')) as RunReport;
    expect({ code: complete.code, warnings: completeReport.problems.filter((p) => p.code === 'space_not_ready').map((p) => `${p.conversationId}: ${p.message}`) }).toEqual({
      code: 1,
      warnings: ["C1: the last import could not read its space (deleted, expired, or no answer: see that run's report)"],
    });

    // What the message says to do: a separate migration of that conversation makes a new space with all of it.
    const fresh = await importLogged(r, [...args.map((a) => (a === r.statePath ? join(r.dir, 'new.json') : a)), '--channels', 'general', '--migration-id', 'again']);
    expect(fresh.code, fresh.errors.join('\n')).toBe(0);
    const renewed = r.emulator.dump().spaces.filter((s) => !s.deleted && s.displayName === 'general');
    expect(renewed).toHaveLength(1);
    expect(texts(r, renewed[0]?.name)).toEqual(['g1', 'g2 edited', 'g3', 'g4']);
  });
});

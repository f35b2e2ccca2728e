// Fuzz test, one per source kind: the bundled fixtures damaged the ways real files get damaged (truncated, bytes
// flipped, quotes inserted, byte-order marks, slices spliced in). Whatever the damage, validate never reports a
// bug: it exits 0, 1 or 2, and any problem names the file. Runs in-process with a fixed seed and bounded runs.
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { validateInProcess } from '../helpers/in-process.js';
import { applyAll, mutations, type Mutation } from '../helpers/mutations.js';
import { ROOT } from '../mappers/helpers.js';

interface Target {
  readonly kind: string;
  /** Copied into a temp folder; `source` and `file` are relative to the copy. */
  readonly fixture: string;
  readonly source: string;
  /** The file of the copy the mutations damage. */
  readonly file: string;
}

const TARGETS: Target[] = [
  { kind: 'csv', fixture: 'fixtures/csv', source: 'messages.csv', file: 'messages.csv' },
  { kind: 'csv', fixture: 'fixtures/csv', source: 'no-header-semicolon.csv', file: 'no-header-semicolon.csv' },
  { kind: 'json', fixture: 'fixtures/json', source: 'export.json', file: 'export.json' },
  { kind: 'json', fixture: 'fixtures/json', source: 'export.jsonl', file: 'export.jsonl' },
  { kind: 'telegram', fixture: 'fixtures/telegram/ChatExport', source: '.', file: 'result.json' },
  { kind: 'rocketchat', fixture: 'fixtures/rocketchat/export', source: '.', file: 'users.csv' },
  { kind: 'rocketchat', fixture: 'fixtures/rocketchat/export', source: '.', file: 'imported-csv-channel/messages.csv' },
  { kind: 'rocketchat', fixture: 'fixtures/rocketchat/export', source: '.', file: 'directMessages/messages.csv' },
  { kind: 'teams', fixture: 'fixtures/teams/TeamsExport', source: '.', file: 'users/usersList.json' },
  { kind: 'teams', fixture: 'fixtures/teams/TeamsExport', source: '.', file: 'teams/aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa/messages_aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa.json' },
  { kind: 'slack', fixture: 'fixtures/slack/zulip/slack_fixtures', source: '.', file: 'channels.json' },
  { kind: 'slack', fixture: 'fixtures/slack/zulip/slack_fixtures', source: '.', file: 'test_slack_importer/users.json' },
  { kind: 'slack', fixture: 'fixtures/slack/zulip/slack_fixtures', source: '.', file: 'test_slack_importer/random/2017-06-25.json' },
  { kind: 'slack', fixture: 'fixtures/slack', source: 'testarchive.zip', file: 'testarchive.zip' },
  { kind: 'mattermost', fixture: 'fixtures/mattermost', source: 'export.jsonl', file: 'export.jsonl' },
];

const RUNS_PER_TARGET = 12;
const figures = { cases: 0, crashes: 0, byCode: { 0: 0, 1: 0, 2: 0 } as Record<number, number> };

afterAll(() => {
  // The figures the issue asks for (cases run, crashes), printed once per run of this file.
  console.log(`input fuzz: ${figures.cases} cases, ${figures.crashes} crashes, exit codes ${JSON.stringify(figures.byCode)}`);
});

describe('damaged exports never crash validate', () => {
  for (const target of TARGETS) {
    it(`${target.kind}: ${target.file}`, async () => {
      const dir = mkdtempSync(join(tmpdir(), `fuzz-${target.kind}-`));
      cpSync(join(ROOT, target.fixture), dir, { recursive: true });
      const file = join(dir, target.file);
      const original = readFileSync(file);
      await fc.assert(
        fc.asyncProperty(mutations, fc.boolean(), async (list: Mutation[], named: boolean) => {
          writeFileSync(file, applyAll(original, list));
          const source = join(dir, target.source);
          const result = await validateInProcess({ source, ...(named ? { from: target.kind } : {}) }, join(dir, 'report'));
          figures.cases += 1;
          const said = [...result.errors, ...(result.report?.problems ?? []).map((p) => `${p.code} ${p.where ?? ''} ${p.message}`)].join('\n');
          const crashed = said.includes('this is a bug');
          if (crashed) figures.crashes += 1;
          expect({ crashed, said: crashed ? said : '' }).toEqual({ crashed: false, said: '' });
          expect([0, 1, 2]).toContain(result.code);
          // An input that cannot be read at all names what it could not read.
          if (result.code === 2) expect(result.errors.join('\n')).toMatch(new RegExp(`${escape(basename(source))}|${escape(basename(file))}`));
          figures.byCode[result.code] = (figures.byCode[result.code] ?? 0) + 1;
        }),
        { seed: 18, numRuns: RUNS_PER_TARGET, endOnFailure: true },
      );
    });
  }
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

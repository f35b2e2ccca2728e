// Name collisions (issue 18): two conversations mapped to one folder, names equal once Unicode-normalized, names
// over Google Chat's 128 characters. Each is reported before any write (on the console too), and nothing is
// imported twice.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { spaceDisplayName } from '../../src/plan/space-names.js';
import { validateInProcess, type InProcessResult } from '../helpers/in-process.js';

const temp = () => mkdtempSync(join(tmpdir(), 'names-'));
const notes = (r: InProcessResult, codes: string[]) => (r.report?.problems ?? []).filter((p) => codes.includes(p.code)).map((p) => `${p.code} ${p.conversationId ?? '?'}: ${p.message}`);
const HEADER = 'conversation,author_name,author_email,timestamp,text\n';

describe('space names', () => {
  it('two channels.json entries naming one folder: its messages are imported once, the second entry is told so', async () => {
    const dir = temp();
    writeFileSync(join(dir, 'channels.json'), JSON.stringify([{ id: 'C1', name: 'general', members: ['U1'] }, { id: 'C2', name: 'general', members: ['U1'] }]));
    writeFileSync(join(dir, 'users.json'), JSON.stringify([{ id: 'U1', name: 'ada', profile: { email: 'ada@example.com' } }]));
    mkdirSync(join(dir, 'general'));
    writeFileSync(join(dir, 'general/2017-07-14.json'), JSON.stringify([{ type: 'message', user: 'U1', text: 'once', ts: '1500000100.000100' }]));
    const r = await validateInProcess({ source: dir });
    expect({ code: r.code, planned: r.report?.totals.planned.messages, messagesBySpace: r.report?.spaces.map((s) => [s.conversationId, s.planned.messages]), notes: notes(r, ['duplicate_folder', 'space_name_clash']) }).toEqual({
      code: 0,
      planned: 1,
      messagesBySpace: [['(export)', 0], ['C1', 1], ['C2', 0]],
      notes: [
        'duplicate_folder (export): conversation general (C2) names the folder general/, which general (C1) already reads; its messages are imported once, into C1',
        'space_name_clash C2: C2 and C1 would both be named "general": Google Chat keeps space names unique, so this one gets a suffix',
      ],
    });
  });

  it('NFC and NFD spellings of one name are one name: said before any write, the space named in NFC', async () => {
    const nfc = 'caf\u00e9';
    const nfd = 'cafe\u0301';
    const path = join(temp(), 'chat.csv');
    writeFileSync(path, `${HEADER}${nfc},Ada,ada@example.com,2024-03-01T09:00:00Z,one\n${nfd},Ada,ada@example.com,2024-03-01T09:01:00Z,two\n`);
    const r = await validateInProcess({ source: path });
    const note = `${nfd} and ${nfc} would both be named "${nfc}" (the same name once Unicode-normalized or cut): Google Chat keeps space names unique, so this one gets a suffix`;
    expect({ code: r.code, named: [spaceDisplayName({ id: 'a', name: nfd }), spaceDisplayName({ id: 'b', name: nfc })], notes: notes(r, ['space_name_clash']), console: r.errors }).toEqual({
      code: 0,
      named: [nfc, nfc],
      notes: [`space_name_clash ${nfd}: ${note}`],
      console: [`${note} (space_name_clash; see docs/reasons.md)`],
    });
  });

  it('a name over 128 characters: a warning that shows the name the space gets', async () => {
    const long = `${'x'.repeat(120)}-project-archive`;
    const path = join(temp(), 'chat.csv');
    writeFileSync(path, `${HEADER}${long},Ada,ada@example.com,2024-03-01T09:00:00Z,one\n`);
    const r = await validateInProcess({ source: path });
    const note = `the name of ${long} has 136 characters, over Google Chat's 128: the space is named "${long.slice(0, 128)}"`;
    expect({ code: r.code, notes: notes(r, ['space_name_shortened']), console: r.errors }).toEqual({
      code: 0,
      notes: [`space_name_shortened ${long}: ${note}`],
      console: [`${note} (space_name_shortened; see docs/reasons.md)`],
    });
  });
});

// Reactions, files, memberships and completion, end to end through the CLI against the emulator: each reaction,
// attachment and membership present exactly once (killed-and-resumed runs: kills.e2e.test.ts).
import { describe, expect, it } from 'vitest';
import { runCli, useRehearsal } from '../helpers/cli.js';
import { assertResources, buildExport } from './scenarios.js';

describe('reactions, files, memberships and completion through the CLI', () => {
  const rehearse = useRehearsal();

  it('imports each resource once, completes the spaces and adds current members', async () => {
    const r = await rehearse();
    const source = await buildExport();
    const result = await runCli(['import', source, ...r.target, '--time-scale', '600', '--complete', '--quiet']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const dump = r.emulator.dump();
    assertResources(dump);
    expect(dump.spaces.map((s) => s.importMode)).toEqual([false, false, false]);
    const current = dump.memberships.filter((m) => !m.historical && m.role === 'ROLE_MEMBER').map((m) => `${dump.spaces.find((s) => s.name === m.space)?.displayName ?? 'dm'}:${m.memberEmail}`).sort();
    expect(current).toEqual(['dm:ada@example.com', 'dm:bob@example.com', 'project:ada@example.com', 'project:bob@example.com', 'secret:ada@example.com', 'secret:cy@example.com']);
    expect(JSON.stringify(dump)).not.toContain('xoxe-secret');
    // One history membership (someone who left, written in import mode); the 6 current members above, added by --complete.
    expect(result.stdout).toContain('Summary: 3 spaces, 8 messages, 4 reactions, 2 attachments, 1 history memberships planned\n');
    expect(result.stdout).toContain('Written: 8 messages, 4 reactions, 2 attachments, 1 history memberships (every run of this state file); 0 already present\n');
    expect(result.stdout).toContain('\nCurrent members: 6 of 6 added\n');
  });

});

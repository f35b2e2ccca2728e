// Outages and hung connections through the CLI against the emulator's fault windows (src/emulator/outages.ts).
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

describe('emulator fault flags', () => {
  it('refuses a window without its length, naming the flag (exit 2)', async () => {
    const result = await runCli(['emulator', '--port', '0', '--hang-after', '3']);
    expect({ code: result.code, stderr: result.stderr }).toEqual({
      code: 2, stderr: 'chat-import: --hang-after needs --hang-for <ms> (how long the hang lasts).\n',
    });
  });
});

// The one catch: each kind of error maps to its exit code and a message that says what to do.
import { CommanderError } from 'commander';
import { describe, expect, it } from 'vitest';
import { exitCodeFor } from '../src/cli.js';
import { ApiError, FatalError, UsageError } from '../src/errors.js';

describe('exitCodeFor', () => {
  it.each<[string, unknown, number, string[]]>([
    ['usage', new UsageError('--since must be a date'), 2, ['chat-import: --since must be a date']],
    ['commander usage', new CommanderError(1, 'commander.unknownOption', "error: unknown option '--x'"), 2, []],
    ['help', new CommanderError(0, 'commander.helpDisplayed', '(outputHelp)'), 0, []],
    ['fatal', new FatalError('credentials', 'The key was rejected'), 1, ['chat-import: The key was rejected']],
    ['interrupted', new FatalError('interrupted', 'SIGINT'), 130, ['chat-import: SIGINT']],
    ['api', new ApiError(403, 'PERMISSION_DENIED', 'The caller does not have permission'), 1, ['chat-import: the Google Chat API answered 403 PERMISSION_DENIED: The caller does not have permission']],
  ])('%s', (_name, error, code, lines) => {
    const printed: string[] = [];
    expect(exitCodeFor(error, (line) => printed.push(line))).toBe(code);
    expect(printed).toEqual(lines);
  });

  it('calls an unexpected error a bug, says what to include, and never prints a secret', () => {
    const printed: string[] = [];
    const error = new TypeError('boom near https://files.slack.com/x?t=xoxe-123 and ya29.abcdef');
    expect(exitCodeFor(error, (line) => printed.push(line))).toBe(1);
    expect(printed[0]).toMatch(/^chat-import: unexpected error — this is a bug in chat-import \d+\.\d+\.\d+\. Please report it with the command you ran, the output above and this trace:$/);
    expect(printed[1]).toContain('TypeError: boom near https://files.slack.com/x?t=[redacted] and ya29.[redacted]');
  });
});

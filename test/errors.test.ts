// redact(): what must never reach a log, report, state file or posted text, in every form it arrives in.
import { describe, expect, it } from 'vitest';
import { addSecret, redact } from '../src/errors.js';

describe('redact', () => {
  it.each([
    ['an export token in a link', 'https://files.slack.com/files-pri/T1-F1/a.pdf?t=xoxe-1-abc123&x=1', 'https://files.slack.com/files-pri/T1-F1/a.pdf?t=[redacted]&x=1'],
    ['a token= parameter', 'https://acme.slack.com/files/U1/F1/a.pdf?token=abc', 'https://acme.slack.com/files/U1/F1/a.pdf?token=[redacted]'],
    ['a bare export token', 'failed with xoxe-1-2-3-abcdef', 'failed with xoxe-[redacted]'],
    ['a rotating user token', 'token xoxe.xoxp-1-Mi0yLTEy and more', 'token xoxe.xoxp-[redacted] and more'],
    ['a bot token', 'xoxb-123-456-abc', 'xoxb-[redacted]'],
    ['a Bearer header', 'authorization: Bearer abc.def-ghi', 'authorization: Bearer [redacted]'],
    ['the --slack-token flag', 'chat-import import x --slack-token s3cr3t-value --quiet', 'chat-import import x --slack-token [redacted] --quiet'],
    ['the --slack-token= flag', 'chat-import import x --slack-token=s3cr3t-value', 'chat-import import x --slack-token=[redacted]'],
  ])('removes %s', (_what, input, expected) => {
    expect(redact(input)).toBe(expected);
  });

  it('removes a registered secret wherever it appears, whatever its shape', () => {
    addSecret('plain-looking-token-1234');
    addSecret('short'); // too short to redact safely: ignored
    expect(redact('sent plain-looking-token-1234 twice: plain-looking-token-1234; short stays')).toBe('sent [redacted] twice: [redacted]; short stays');
  });
});

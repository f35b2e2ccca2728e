// Properties of the mrkdwn converter over generated text: whatever a user typed, Slack's escaping followed by
// our conversion gives it back exactly (entities decoded once, never twice), with nothing counted.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { convertMessageText } from '../../../mappers/slack/text.js';

const directory = { people: new Map(), channelNames: new Map() };

/** What Slack stores for typed text: `&`, `<` and `>` escaped. */
function slackEscape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

// Characters that are the same in Slack and Chat once unescaped; `:` (emoji), backticks (code), newlines and
// list glyphs have their own rows in conversions.json.
const typed = fc.string({ unit: fc.constantFrom(...'ab &<>;#!@|*_~amplgtquo'.split('')), maxLength: 40 });

describe('mrkdwn conversion properties', () => {
  it('restores typed text exactly from its Slack-escaped form', () => {
    fc.assert(
      fc.property(typed, (text) => {
        const result = convertMessageText({ type: 'message', text: `x${slackEscape(text)}` }, directory);
        expect(result).toEqual({ text: `x${text}`.trimEnd(), fallbacks: [] });
      }),
    );
  });

  it('never throws on arbitrary text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 80 }), (text) => {
        expect(typeof convertMessageText({ type: 'message', text }, directory).text).toBe('string');
      }),
    );
  });
});

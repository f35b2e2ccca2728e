import { describe, expect, it } from 'vitest';
import { attributionLine, withAttribution } from '../../src/plan/attribution.js';

describe('attributionLine', () => {
  it.each([
    ['Bob', '_Originally posted by Bob_'],
    // Chat syntax has no escape: formatting characters become look-alikes that Chat does not read as syntax.
    ['k._', '_Originally posted by k.\u02cd_'],
    ['*Deploy* bot', '_Originally posted by \u2217Deploy\u2217 bot_'],
    ['~old~ `name`', '_Originally posted by \u223cold\u223c \u02cbname\u02cb_'],
    ['<users/all>', '_Originally posted by \u2039users/all>_'],
    ['Zoë Ñúñez 🦊', '_Originally posted by Zoë Ñúñez 🦊_'],
  ])('%s → %s', (name, line) => {
    expect(attributionLine(name)).toBe(line);
    // Exactly two italic markers: the ones around the line.
    expect(line.split('_')).toHaveLength(3);
  });

  it('keeps the first 100 characters of a long name, then escapes them', () => {
    expect(attributionLine(`${'_'.repeat(150)}`)).toBe(`_Originally posted by ${'\u02cd'.repeat(100)}_`);
  });

  it('goes above the text, or is the whole text of an empty message', () => {
    expect(withAttribution('hi *there*', 'k._')).toBe('_Originally posted by k.\u02cd_\nhi *there*');
    expect(withAttribution('', 'k._')).toBe('_Originally posted by k.\u02cd_');
  });
});

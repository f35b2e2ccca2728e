// Day files are indexed as (folder, day number) and their names rebuilt when read (archive.ts): the rebuilt name
// must be the very name in the export, or the day would be read from a file that does not exist.
import { describe, expect, it } from 'vitest';
import { dayFile, dayFileName, dayNumber } from '../../../mappers/slack/archive.js';

describe('day files', () => {
  it.each([
    ['general/2017-06-25.json', 'general', 20170625],
    ['random/1999-01-01.json', 'random', 19990101],
    // Dates Slack never writes are still names in the export, kept as they are.
    ['dev/2020-13-45.json', 'dev', 20201345],
    ['old/0001-02-03.json', 'old', 10203],
    ['zero/0000-00-00.json', 'zero', 0],
    ['mpdm-ann--bob--cy-1/2021-03-04.json', 'mpdm-ann--bob--cy-1', 20210304],
    ['日本語/2022-12-31.json', '日本語', 20221231],
  ])('%s is day %i of folder %s, and its name is rebuilt exactly', (name, folder, day) => {
    const parsed = dayFile(name);
    expect(parsed && { folder: parsed.folder, day: dayNumber(parsed.day) }).toEqual({ folder, day });
    expect(dayFileName(folder, day)).toBe(name);
  });

  it.each(['general/2017-6-25.json', 'general/2017-06-25.JSON', 'a/b/2017-06-25.json', '2017-06-25.json', 'general/２０１７-06-25.json'])(
    '%s is not a day file',
    (name) => {
      expect(dayFile(name)).toBeUndefined();
    },
  );

  it('day numbers sort as the dates do', () => {
    const days = ['2020-01-10', '2019-12-31', '2020-01-02', '2020-10-01'];
    expect([...days].sort()).toEqual(days.map(dayNumber).sort((a, b) => a - b).map((day) => dayFileName('x', day).slice(2, 12)));
  });
});

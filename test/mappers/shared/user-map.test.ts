import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadUserMapFile } from '../../../mappers/shared/user-map.js';
import { FIXTURES } from '../helpers.js';

const SLACK_MEMBERS = `${FIXTURES}/rocketchat/slack_export_users.csv`;

describe('loadUserMapFile', () => {
  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'user-map-test-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });
  const file = async (name: string, text: string) => {
    const path = join(dir, name);
    await writeFile(path, text);
    return path;
  };

  it("reads Slack's admin member-list CSV as it is: ids as written, usernames and emails lowercased", async () => {
    const map = await loadUserMapFile(SLACK_MEMBERS);
    expect(Object.fromEntries(map)).toEqual({
      U03TVFGMHUY: 'user4@email.com.br',
      'user4.test': 'user4@email.com.br',
      'user4@email.com.br': 'user4@email.com.br',
      U0G9QF9C6: 'user5@email.com.br',
      'user5.test': 'user5@email.com.br',
      'user5@email.com.br': 'user5@email.com.br',
      U03TVFGMH: 'user6@email.com.br',
      'user6.test': 'user6@email.com.br',
      'user6@email.com.br': 'user6@email.com.br',
    });
  });

  it('reads a two-column CSV with a header row; names are matched lowercased, ids as written too', async () => {
    const path = await file('map.csv', 'source,google\nU123ABC,Ada@Example.com\nGrace Hopper,grace@example.com\nlinus@old.example,linus@example.com\n');
    expect(Object.fromEntries(await loadUserMapFile(path))).toEqual({
      U123ABC: 'ada@example.com',
      u123abc: 'ada@example.com',
      'Grace Hopper': 'grace@example.com',
      'grace hopper': 'grace@example.com',
      'linus@old.example': 'linus@example.com',
    });
  });

  it('reads a two-column CSV without a header, semicolon-separated', async () => {
    const path = await file('plain.csv', 'billy.bob;bob@example.com\r\nbilly.joe;joe@example.com\r\n');
    expect(Object.fromEntries(await loadUserMapFile(path))).toEqual({
      'billy.bob': 'bob@example.com',
      'billy.joe': 'joe@example.com',
    });
  });

  it('reads a JSON object', async () => {
    const path = await file('map.json', JSON.stringify({ 'user1002': 'leo@example.com', 'Mia Rossi': 'MIA@example.com' }));
    expect(Object.fromEntries(await loadUserMapFile(path))).toEqual({
      user1002: 'leo@example.com',
      'Mia Rossi': 'mia@example.com',
      'mia rossi': 'mia@example.com',
    });
  });

  it.each([
    ['bad.json', '["not", "an", "object"]', 'expected a JSON object {"source user": "google email"}'],
    ['bad2.json', '{"a": 3}', 'key "a": the value must be an email string'],
    ['bad3.json', '{"a": "nobody"}', 'key "a": "nobody" is not an email address'],
    // Read as a header before, so the mapping was silently empty.
    ['lone.csv', 'U1,ada.example.com\n', 'line 1: "ada.example.com" is not an email address, and no line follows it (a header row needs mapping rows under it)'],
    ['bad.csv', 'a,a@example.com\nb,not-an-email\n', 'line 2: "not-an-email" is not an email address'],
    ['bad2.csv', 'a,a@example.com\nonly-one-column\n', 'line 2: expected two columns (source user, google email)'],
  ])('rejects %s with a message naming the problem', async (name, text, message) => {
    await expect(loadUserMapFile(await file(name, text))).rejects.toThrow(message);
  });
});

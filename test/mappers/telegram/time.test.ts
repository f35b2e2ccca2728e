// Telegram message times: `date_unixtime` is exact; `date` alone is the exporting device's local time, read in
// --timezone when given, else as UTC and counted (telegram_local_time).
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { telegramMapper } from '../../../mappers/telegram/index.js';
import { telegramTime } from '../../../mappers/telegram/map.js';
import { messages, OPTIONS, readAll } from '../helpers.js';

const iso = (ms: number | undefined): string | undefined => (ms === undefined ? undefined : new Date(ms).toISOString());

describe('telegramTime', () => {
  it.each([
    ['date_unixtime wins over date', { date: '2024-07-15T10:00:00', date_unixtime: '1721030400' }, undefined, '2024-07-15T08:00:00.000Z', false],
    ['date_unixtime wins even with --timezone', { date: '2024-07-15T10:00:00', date_unixtime: '1721030400' }, 'America/New_York', '2024-07-15T08:00:00.000Z', false],
    ['local date alone, no zone given: read as UTC, flagged', { date: '2024-07-15T10:00:00' }, undefined, '2024-07-15T10:00:00.000Z', true],
    ['local date alone in Europe/Berlin (summer, +2)', { date: '2024-07-15T10:00:00' }, 'Europe/Berlin', '2024-07-15T08:00:00.000Z', false],
    ['local date alone in Europe/Berlin (winter, +1)', { date: '2024-01-15T10:00:00' }, 'Europe/Berlin', '2024-01-15T09:00:00.000Z', false],
    ['a date that carries its zone is taken as written', { date: '2024-07-15T10:00:00+03:00' }, undefined, '2024-07-15T07:00:00.000Z', false],
  ])('%s', (_name, message, zone, expected, flagged) => {
    const time = telegramTime(message, zone);
    expect([iso(time.timeMs), time.readAsUtc === true]).toEqual([expected, flagged]);
  });

  it('gives no time for a missing or unreadable date', () => {
    expect(telegramTime({}, undefined)).toEqual({});
    expect(telegramTime({ date: 'yesterday' }, 'Europe/Berlin')).toEqual({});
  });
});

describe('a Telegram export whose messages have only a local date', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'chat-import-telegram-time-'));
    const message = (id: number, date: string, extra: object = {}) => ({ id, type: 'message', date, from: 'Mia Rossi', from_id: 'user1001', text: `m${id}`, ...extra });
    await writeFile(
      join(dir, 'result.json'),
      JSON.stringify({
        name: 'Old chat',
        type: 'personal_chat',
        id: 7,
        messages: [message(1, '2019-03-30T23:30:00'), message(2, '2019-03-31T12:00:00'), message(3, '2019-04-01T08:00:00', { date_unixtime: '1554098400' })],
      }),
    );
  });
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('reads them as UTC and counts each, when no zone is given', async () => {
    const read = await readAll(telegramMapper, dir);
    expect(messages(read, '7').map((m) => [m.id, iso(m.timeMs), m.fallbacks])).toEqual([
      ['1', '2019-03-30T23:30:00.000Z', ['telegram_local_time']],
      ['2', '2019-03-31T12:00:00.000Z', ['telegram_local_time']],
      ['3', '2019-04-01T06:00:00.000Z', undefined],
    ]);
  });

  it('reads them in --timezone (across the spring daylight-saving change), counting none', async () => {
    const read = await readAll(telegramMapper, dir, { ...OPTIONS, timeZone: 'Europe/Berlin' });
    expect(messages(read, '7').map((m) => [m.id, iso(m.timeMs), m.fallbacks])).toEqual([
      ['1', '2019-03-30T22:30:00.000Z', undefined],
      ['2', '2019-03-31T10:00:00.000Z', undefined],
      ['3', '2019-04-01T06:00:00.000Z', undefined],
    ]);
  });
});

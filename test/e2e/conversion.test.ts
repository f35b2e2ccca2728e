// Faithful conversion, read back from the emulator: the zulip Slack message fixtures (one export built from
// them) and the 2016 export's bot messages look in Google Chat like what people wrote in Slack.
import { mkdir, mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES as FIXTURE_ROOT, ROOT, TESTARCHIVE, useRehearsal } from '../helpers/cli.js';
import { runInProcess as runCli } from '../helpers/in-process.js';

const FIXTURES = join(FIXTURE_ROOT, 'slack/zulip/slack_fixtures/exported_messages_fixtures');

/** One channel whose single day file holds every fixture message, with the fixtures' users.json. */
async function exportFromFixtures(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'slack-fixtures-'));
  const messages: unknown[] = [];
  for (const name of (await readdir(FIXTURES)).sort()) {
    if (name === 'users.json') continue;
    const data = JSON.parse(await readFile(join(FIXTURES, name), 'utf8')) as unknown;
    messages.push(...(Array.isArray(data) ? data : [data]));
  }
  await writeFile(join(dir, 'users.json'), await readFile(join(FIXTURES, 'users.json')));
  await writeFile(join(dir, 'channels.json'), JSON.stringify([{ id: 'CFX', name: 'fixtures', created: 1400000000, members: [] }]));
  await mkdir(join(dir, 'fixtures'));
  await writeFile(join(dir, 'fixtures', '2026-01-01.json'), JSON.stringify(messages));
  return dir;
}

describe('converted text as Google Chat shows it', () => {
  const rehearse = useRehearsal();

  it('zulip fixtures: formatting, links, lists, code, quotes, mentions, files, broadcasts and fallbacks', async () => {
    const r = await rehearse();
    const result = await runCli(['import', await exportFromFixtures(), ...r.target, '--no-file-fetch', '--time-scale', '600', '--quiet']);
    expect(result.code).toBe(0);
    const texts = r.emulator.dump().messages.sort((a, b) => Date.parse(a.createTime) - Date.parse(b.createTime)).map((m) => `${m.senderEmail}: ${m.text}`);
    expect(texts.length).toBe(21);
    expect(texts).toEqual(expect.arrayContaining([
      'admin@example.com: _Originally posted by Peter_\nHello there, I am a basic rich text block!\nHello there, *I am a bold rich text block!*\nHello there, _I am an italic rich text block!_\nHello there, ~I am a strikethrough rich text block!~',
      'admin@example.com: _Originally posted by Peter_\nHello there! Here are some emojis 🏀 🏂 🏁',
      'admin@example.com: _Originally posted by Peter_\nordered list with subitems:\n1. main item 1\n    * nested item 1\n    * nested item 2\n    * nested item 3\n2. main item 2\n    a. nested item 1',
      "admin@example.com: _Originally posted by Peter_\n```# I'm a code block!\n\ndef convert_slack_formatting(text: str) -> str:\n    return text```",
      'admin@example.com: _Originally posted by Peter_\n> Hello there, I am a rich text section block!\n> *Hello there, I am a rich text section block!*\n> *_~`Hello there, I am a rich text section block!`~_*',
      'admin@example.com: _Originally posted by Peter_\n<users/all> *_<users/all>_* test mention',
      'jon@example.com: @Jane: hey!',
      'jon@example.com: everyone should see this',
      'jon@example.com: Replied to a thread: “thread message”\neveryone should see this',
    ]));
    const report = JSON.parse(await readFile(join(r.dir, 'report.json'), 'utf8'));
    expect(report.totals.fallbacks).toEqual({
      author_no_email: 15, canvas_or_post: 1, duplicate_id: 2, file_without_bytes: 1, missing_thread_root: 1, unknown_block: 1, unknown_entity: 3, unmapped_mention: 3,
    });
  });

  it('2016 export: bot messages whose text is empty read as their attachments, posted by the admin for "github"', async () => {
    const r = await rehearse();
    const result = await runCli(['import', TESTARCHIVE, ...r.target, '--no-file-fetch', '--users', join(ROOT, 'fixtures/slack/demo-users.csv'), '--time-scale', '600', '--quiet', '--channels', 'enrique']);
    expect(result.code).toBe(0);
    const bots = r.emulator.dump().messages.filter((m) => m.senderEmail === 'admin@example.com');
    expect(bots.length).toBe(68);
    expect(bots.every((m) => m.text.startsWith('_Originally posted by github_\n') && m.text.length > '_Originally posted by github_\n'.length + 10)).toBe(true);
    expect(bots.map((m) => m.text)).toContain(
      '_Originally posted by github_\n[enrique:master] 1 new commit by Anthony Bilinski:\n<https://github.com/mesos-magellan/enrique/commit/ed1acbe9837b5ddf91e93606b604df3c2b4e128f|ed1acbe>: executor with simulated annealing rough draft - Anthony Bilinski',
    );
  });
});

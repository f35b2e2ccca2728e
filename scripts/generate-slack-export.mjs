#!/usr/bin/env node
// A synthetic Slack export for benchmarks and tests: N day-file records over M conversations, shaped like a real
// workspace export (tables, threads whose replies run into later day files, reactions, mentions, links, file
// metadata without bytes, a few messages over Chat's 32 000-byte limit, bursts of records within one millisecond,
// bot posts, joins and leaves). Deterministic for a given seed: a tiny PRNG of our own, one stream for the tables
// and one per conversation. Streams: one conversation's current day is all that is held in memory, so a million
// records take a minute at most and little memory.
//
//   node scripts/generate-slack-export.mjs --out DIR --messages N --conversations M [--seed S] [--zip]
//        [--skew Z] [--users U] [--days D] [--json] [--force]
//
// --messages counts records in the day files (every record an export holds is a "message" there, including
// joins). --skew is the Zipf exponent of conversation sizes (default 1: a few busy channels; 0: equal sizes).
// --zip writes DIR as a .zip (no top folder) instead of a folder.
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, realpathSync, writeFileSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { crc32, deflateRawSync } from 'node:zlib';

// ---------------------------------------------------------------------------------------------------------------
// PRNG: sfc32 seeded through splitmix32, so (seed, stream) pairs give independent, repeatable sequences.

function splitmix32(state) {
  return () => {
    state = (state + 0x9e3779b9) | 0;
    let t = state ^ (state >>> 16);
    t = Math.imul(t, 0x21f0aaad);
    t ^= t >>> 15;
    t = Math.imul(t, 0x735a2d97);
    t ^= t >>> 15;
    return t >>> 0;
  };
}

export class Rng {
  constructor(seed, stream = 0) {
    const mix = splitmix32((seed ^ Math.imul(stream + 1, 0x85ebca6b)) | 0);
    this.a = mix();
    this.b = mix();
    this.c = mix();
    this.d = mix();
  }

  /** A float in [0, 1). */
  next() {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return (t >>> 0) / 4294967296;
  }

  int(n) {
    return Math.floor(this.next() * n);
  }

  between(lo, hi) {
    return lo + this.int(hi - lo + 1);
  }

  chance(p) {
    return this.next() < p;
  }

  pick(list) {
    return list[this.int(list.length)];
  }

  /** 1 + a geometric count with the given mean of extra items, capped. */
  geometric(mean, cap) {
    const p = 1 / (1 + mean);
    let n = 0;
    while (n < cap && this.next() > p) n++;
    return n;
  }

  chars(n, alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789') {
    let s = '';
    for (let i = 0; i < n; i++) s += alphabet[this.int(alphabet.length)];
    return s;
  }

  hex(n) {
    return this.chars(n, '0123456789abcdef');
  }

  uuid() {
    return `${this.hex(8)}-${this.hex(4)}-4${this.hex(3)}-${this.pick(['8', '9', 'a', 'b'])}${this.hex(3)}-${this.hex(12)}`;
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Vocabulary.

const FIRST = ['Ada', 'Ben', 'Chloé', 'Dmitri', 'Elena', 'Farid', 'Grace', 'Hiro', 'Ines', 'Jonas', 'Kofi', 'Lena', 'Marco', 'Nadia', 'Oscar', 'Priya', 'Quentin', 'Rosa', 'Sven', 'Tomás', 'Uma', 'Victor', 'Wen', 'Ximena', 'Yusuf', 'Zoë', 'Aiko', 'Bruno', 'Carmen', 'Dara', 'Emil', 'Fatima', 'Gustav', 'Hana', 'Ivan', 'Julia', 'Kwame', 'Lucía', 'Mateo', 'Noor'];
const LAST = ['Andersen', 'Bianchi', 'Chen', 'Dubois', 'Eriksen', 'Fischer', 'García', 'Haddad', 'Ito', 'Jensen', 'Kowalski', 'López', 'Müller', 'Nakamura', 'Okafor', 'Petrov', 'Quinn', 'Rossi', 'Silva', 'Tanaka', 'Ueda', 'Varga', 'Weber', 'Xu', 'Yilmaz', 'Zhang', 'Abebe', 'Brown', 'Costa', 'Dias', 'Evans', 'Ferreira', 'Gupta', 'Horvat', 'Iyer', 'Kim', 'Larsen', 'Moreau', 'Novak', 'Ortiz'];
const TITLES = ['Engineer', 'Senior Engineer', 'Designer', 'Product Manager', 'Support', 'Sales', 'Data Scientist', 'SRE', ''];
const WORDS = ('the a to and of we it is for on that this in with be can I you have will deploy release build test fix '
  + 'bug issue PR review merge branch main staging prod server client api endpoint latency cache queue worker job '
  + 'retry timeout error log metrics dashboard alert incident postmortem customer ticket meeting sync agenda notes '
  + 'doc spec design proposal roadmap sprint estimate blocker today tomorrow yesterday morning afternoon later '
  + 'thanks please sure sounds good agreed maybe looks great nice done working on checking looking into '
  + 'database migration schema index query slow fast memory cpu disk network config flag feature rollout rollback '
  + 'users account login password reset email notification mobile web android ios browser version update').split(' ');
const ACCENTED = ['café', 'naïve', 'résumé', 'Zürich', 'São Paulo', 'straße', '東京', 'données', 'smörgåsbord', 'Ελλάδα'];
const CHANNEL_WORDS = ['eng', 'backend', 'frontend', 'mobile', 'infra', 'ops', 'design', 'product', 'sales', 'support', 'marketing', 'data', 'security', 'release', 'incidents', 'hiring', 'social', 'books', 'music', 'food', 'travel', 'proj-apollo', 'proj-hermes', 'proj-atlas', 'team-berlin', 'team-lisbon', 'team-nyc', 'announcements', 'help-it', 'random'];
// Slack names and their code points, as Slack writes `unicode` in rich-text emoji elements.
const EMOJI = [['thumbsup', '1f44d'], ['+1', '1f44d'], ['heart', '2764-fe0f'], ['joy', '1f602'], ['tada', '1f389'], ['eyes', '1f440'], ['white_check_mark', '2705'], ['100', '1f4af'], ['fire', '1f525'], ['pray', '1f64f'], ['rocket', '1f680'], ['smile', '1f604'], ['raised_hands', '1f64c'], ['thinking_face', '1f914'], ['wave', '1f44b']];
const CUSTOM_EMOJI = ['partyparrot', 'shipit', 'this-is-fine', 'lgtm'];
const BOTS = [['github', 'GitHub'], ['jira', 'Jira Cloud'], ['pagerduty', 'PagerDuty'], ['circleci', 'CircleCI']];
const FILE_KINDS = [
  ['png', 'image/png', 'PNG', 'screenshot', 20_000, 900_000],
  ['jpg', 'image/jpeg', 'JPEG', 'photo', 50_000, 4_000_000],
  ['pdf', 'application/pdf', 'PDF', 'report', 40_000, 8_000_000],
  ['txt', 'text/plain', 'Plain Text', 'notes', 200, 30_000],
  ['csv', 'text/csv', 'CSV', 'export', 1_000, 2_000_000],
  ['zip', 'application/zip', 'Zip', 'logs', 100_000, 20_000_000],
  ['mp4', 'video/mp4', 'MPEG 4 Video', 'recording', 1_000_000, 60_000_000],
];
const DOMAINS = ['github.com/acme/api/pull/', 'docs.example.org/guide/', 'acme.atlassian.net/browse/OPS-', 'grafana.example.net/d/', 'en.wikipedia.org/wiki/Item_'];
const TZ_OFFSET_S = -5 * 3600; // the workspace's zone: day files split at its local midnight, not at UTC midnight
const TEAM = 'T0ACME0001';
const DAY_S = 86_400;

// ---------------------------------------------------------------------------------------------------------------
// Output: a folder, or a zip written as we go (deflate per entry, zip64 records when the counts need them).

class FolderSink {
  constructor(dir) {
    this.dir = dir;
    this.made = new Set();
    this.bytes = 0;
    this.files = 0;
  }

  write(name, text) {
    const full = join(this.dir, name);
    const folder = dirname(full);
    if (!this.made.has(folder)) {
      mkdirSync(folder, { recursive: true });
      this.made.add(folder);
    }
    const data = Buffer.from(text, 'utf8');
    writeFileSync(full, data);
    this.bytes += data.length;
    this.files++;
  }

  close() {}
}

// 2024-01-01 00:00 in DOS time: a fixed stamp keeps the zip byte-identical for one seed.
const DOS_TIME = 0;
const DOS_DATE = ((2024 - 1980) << 9) | (1 << 5) | 1;

class ZipSink {
  constructor(file) {
    mkdirSync(dirname(file), { recursive: true });
    this.fd = openSync(file, 'w');
    this.offset = 0;
    this.central = [];
    this.bytes = 0;
    this.files = 0;
  }

  put(buffer) {
    writeSync(this.fd, buffer);
    this.offset += buffer.length;
  }

  write(name, text) {
    const data = Buffer.from(text, 'utf8');
    const packed = deflateRawSync(data);
    const nameBytes = Buffer.from(name, 'utf8');
    const crc = crc32(data);
    const header = Buffer.alloc(30);
    header.writeUInt32LE(0x04034b50, 0);
    header.writeUInt16LE(20, 4);
    header.writeUInt16LE(0x0800, 6); // UTF-8 names
    header.writeUInt16LE(8, 8); // deflate
    header.writeUInt16LE(DOS_TIME, 10);
    header.writeUInt16LE(DOS_DATE, 12);
    header.writeUInt32LE(crc, 14);
    header.writeUInt32LE(packed.length, 18);
    header.writeUInt32LE(data.length, 22);
    header.writeUInt16LE(nameBytes.length, 26);
    header.writeUInt16LE(0, 28);
    this.central.push({ nameBytes, crc, packed: packed.length, size: data.length, offset: this.offset });
    this.put(header);
    this.put(nameBytes);
    this.put(packed);
    this.bytes += data.length;
    this.files++;
  }

  close() {
    const start = this.offset;
    for (const entry of this.central) {
      const big = entry.offset > 0xfffffffe;
      const extra = big ? Buffer.alloc(12) : Buffer.alloc(0);
      if (big) {
        extra.writeUInt16LE(0x0001, 0);
        extra.writeUInt16LE(8, 2);
        extra.writeBigUInt64LE(BigInt(entry.offset), 4);
      }
      const header = Buffer.alloc(46);
      header.writeUInt32LE(0x02014b50, 0);
      header.writeUInt16LE(0x0314, 4); // made by: Unix, spec 2.0
      header.writeUInt16LE(big ? 45 : 20, 6);
      header.writeUInt16LE(0x0800, 8);
      header.writeUInt16LE(8, 10);
      header.writeUInt16LE(DOS_TIME, 12);
      header.writeUInt16LE(DOS_DATE, 14);
      header.writeUInt32LE(entry.crc, 16);
      header.writeUInt32LE(entry.packed, 20);
      header.writeUInt32LE(entry.size, 24);
      header.writeUInt16LE(entry.nameBytes.length, 28);
      header.writeUInt16LE(extra.length, 30);
      header.writeUInt32LE((0o100644 << 16) >>> 0, 38);
      header.writeUInt32LE(big ? 0xffffffff : entry.offset, 42);
      this.put(header);
      this.put(entry.nameBytes);
      this.put(extra);
    }
    const size = this.offset - start;
    const count = this.central.length;
    if (count > 0xfffe || start > 0xfffffffe || size > 0xfffffffe) {
      const end64 = this.offset;
      const record = Buffer.alloc(56);
      record.writeUInt32LE(0x06064b50, 0);
      record.writeBigUInt64LE(44n, 4);
      record.writeUInt16LE(45, 12);
      record.writeUInt16LE(45, 14);
      record.writeBigUInt64LE(BigInt(count), 24);
      record.writeBigUInt64LE(BigInt(count), 32);
      record.writeBigUInt64LE(BigInt(size), 40);
      record.writeBigUInt64LE(BigInt(start), 48);
      const locator = Buffer.alloc(20);
      locator.writeUInt32LE(0x07064b50, 0);
      locator.writeBigUInt64LE(BigInt(end64), 8);
      locator.writeUInt32LE(1, 16);
      this.put(record);
      this.put(locator);
    }
    const end = Buffer.alloc(22);
    end.writeUInt32LE(0x06054b50, 0);
    end.writeUInt16LE(Math.min(count, 0xffff), 8);
    end.writeUInt16LE(Math.min(count, 0xffff), 10);
    end.writeUInt32LE(Math.min(size, 0xffffffff), 12);
    end.writeUInt32LE(Math.min(start, 0xffffffff), 16);
    this.put(end);
    closeSync(this.fd);
  }
}

// Slack writes its export JSON indented by four spaces.
const json = (value) => JSON.stringify(value, null, 4);

// ---------------------------------------------------------------------------------------------------------------
// Tables.

function avatar(rng) {
  const hash = rng.hex(12);
  const image = (size) => `https://avatars.slack-edge.com/2020-01-01/${hash}_${size}.png`;
  return { hash, image };
}

function makeUsers(rng, count) {
  const users = [];
  const emails = new Set();
  const humans = Math.max(count - BOTS.length, 2);
  for (let i = 0; i < humans; i++) {
    const first = rng.pick(FIRST);
    const last = rng.pick(LAST);
    const id = `U${rng.chars(6)}${i.toString(36).toUpperCase().padStart(3, '0')}`;
    const handle = `${first}.${last}`.toLowerCase().normalize('NFD').replace(/[^a-z.]/g, '');
    let email = `${handle}@example.com`;
    for (let n = 2; emails.has(email); n++) email = `${handle}${n}@example.com`;
    // About one in twenty is a guest from outside the Workspace: no email in the export.
    const guest = i > 0 && rng.chance(0.05);
    if (!guest) emails.add(email);
    const deleted = !guest && i > 2 && rng.chance(0.02);
    const { hash, image } = avatar(rng);
    const realName = `${first} ${last}`;
    const displayName = rng.chance(0.6) ? first.toLowerCase() : '';
    users.push({
      id,
      team_id: TEAM,
      name: email.slice(0, email.indexOf('@')),
      deleted,
      color: rng.hex(6),
      real_name: realName,
      tz: 'America/New_York',
      tz_label: 'Eastern Standard Time',
      tz_offset: TZ_OFFSET_S,
      profile: {
        title: rng.pick(TITLES),
        phone: '',
        skype: '',
        real_name: realName,
        real_name_normalized: realName.normalize('NFD').replace(/[\u0300-\u036f]/g, ''),
        display_name: displayName,
        display_name_normalized: displayName,
        fields: null,
        status_text: '',
        status_emoji: '',
        status_expiration: 0,
        avatar_hash: hash,
        ...(guest ? {} : { email }),
        first_name: first,
        last_name: last,
        image_24: image(24),
        image_32: image(32),
        image_48: image(48),
        image_72: image(72),
        image_192: image(192),
        image_512: image(512),
        team: TEAM,
      },
      is_admin: i === 0,
      is_owner: i === 0,
      is_primary_owner: i === 0,
      is_restricted: guest,
      is_ultra_restricted: false,
      is_bot: false,
      is_app_user: false,
      updated: 1_600_000_000 + i,
      is_email_confirmed: !guest,
      who_can_share_contact_card: 'EVERYONE',
    });
  }
  const bots = BOTS.map(([name, realName], i) => {
    const botId = `B${rng.chars(8)}${i}`;
    const { hash, image } = avatar(rng);
    return {
      id: `U${rng.chars(8)}B${i}`,
      team_id: TEAM,
      name,
      deleted: false,
      color: rng.hex(6),
      real_name: realName,
      profile: { title: '', phone: '', skype: '', real_name: realName, real_name_normalized: realName, display_name: '', display_name_normalized: '', fields: null, status_text: '', status_emoji: '', avatar_hash: hash, bot_id: botId, api_app_id: `A${rng.chars(8)}${i}`, always_active: true, first_name: realName, last_name: '', image_72: image(72), image_192: image(192), team: TEAM },
      is_admin: false,
      is_owner: false,
      is_primary_owner: false,
      is_restricted: false,
      is_ultra_restricted: false,
      is_bot: true,
      is_app_user: false,
      updated: 1_600_000_000,
      botId,
    };
  });
  const slackbot = { id: 'USLACKBOT', team_id: TEAM, name: 'slackbot', deleted: false, color: '757575', real_name: 'Slackbot', tz: 'America/Los_Angeles', tz_label: 'Pacific Standard Time', tz_offset: -28800, profile: { title: '', phone: '', skype: '', real_name: 'Slackbot', real_name_normalized: 'Slackbot', display_name: 'Slackbot', display_name_normalized: 'Slackbot', fields: null, status_text: '', status_emoji: '', avatar_hash: 'sv41d8cd98f0', always_active: true, first_name: 'slackbot', last_name: '', team: TEAM }, is_admin: false, is_owner: false, is_primary_owner: false, is_restricted: false, is_ultra_restricted: false, is_bot: false, is_app_user: false, updated: 0 };
  return { humans: users, bots, slackbot };
}

/** How many of each kind: mostly channels, then private channels, DMs and group DMs. */
function kindCounts(m) {
  if (m < 4) return { channel: m, private_channel: 0, group_dm: 0, dm: 0 };
  const dm = Math.round(m * 0.15);
  const groupDm = Math.round(m * 0.1);
  const privateChannel = Math.round(m * 0.15);
  return { channel: m - dm - groupDm - privateChannel, private_channel: privateChannel, group_dm: groupDm, dm };
}

/** n distinct items of `list` in random order (by rejection when n is small, so a big list is not copied). */
function sample(rng, list, n) {
  if (n * 4 < list.length) {
    const seen = new Set();
    while (seen.size < n) seen.add(list[rng.int(list.length)]);
    return [...seen];
  }
  const copy = [...list];
  const out = [];
  for (let i = 0; i < n && copy.length > 0; i++) out.push(copy.splice(rng.int(copy.length), 1)[0]);
  return out;
}

function makeConversations(rng, m, humans, startS) {
  const counts = kindCounts(m);
  const active = humans.filter((u) => !u.deleted);
  const names = new Set();
  const uniqueName = (base) => {
    let name = base;
    for (let n = 2; names.has(name); n++) name = `${base}-${n}`;
    names.add(name);
    return name;
  };
  const conversations = [];
  const created = () => startS - rng.between(0, 60) * DAY_S - rng.int(DAY_S);
  const topic = (value, creator, at) => ({ value, creator, last_set: at });
  for (let i = 0; i < counts.channel; i++) {
    const name = uniqueName(i === 0 ? 'general' : rng.pick(CHANNEL_WORDS));
    const members = i === 0 ? humans.map((u) => u.id) : sample(rng, active, rng.between(3, Math.min(40, active.length))).map((u) => u.id);
    const at = created();
    conversations.push({ kind: 'channel', id: `C${rng.chars(8)}${i.toString(36).toUpperCase()}`, name, folder: name, members, created: at, row: { id: '', name, created: at, creator: members[0], is_archived: rng.chance(0.05), is_general: i === 0, members, topic: topic(i === 0 ? 'Company-wide announcements' : `All about ${name}`, members[0], at), purpose: topic(rng.chance(0.5) ? `Discuss ${name.replace(/-/g, ' ')} & more` : '', members[0], at) } });
  }
  for (let i = 0; i < counts.private_channel; i++) {
    const name = uniqueName(`priv-${rng.pick(CHANNEL_WORDS)}`);
    const members = sample(rng, active, rng.between(3, Math.min(15, active.length))).map((u) => u.id);
    const at = created();
    conversations.push({ kind: 'private_channel', id: `G${rng.chars(8)}${i.toString(36).toUpperCase()}`, name, folder: name, members, created: at, row: { id: '', name, created: at, creator: members[0], is_archived: false, is_general: false, members, topic: topic('', '', 0), purpose: topic(`Private: ${name}`, members[0], at) } });
  }
  for (let i = 0; i < counts.group_dm; i++) {
    const people = sample(rng, active, rng.between(3, Math.min(6, active.length)));
    const members = people.map((u) => u.id);
    const name = uniqueName(`mpdm-${people.map((u) => u.name).join('--')}-1`);
    const at = created();
    conversations.push({ kind: 'group_dm', id: `G${rng.chars(8)}M${i.toString(36).toUpperCase()}`, name, folder: name, members, created: at, row: { id: '', name, created: at, creator: members[0], is_archived: false, members, topic: topic('Group messaging', members[0], at), purpose: topic(`Group messaging with: ${people.map((u) => `@${u.name}`).join(' ')}`, members[0], at) } });
  }
  for (let i = 0; i < counts.dm; i++) {
    const members = sample(rng, active, 2).map((u) => u.id);
    const id = `D${rng.chars(8)}${i.toString(36).toUpperCase()}`;
    const at = created();
    conversations.push({ kind: 'dm', id, name: id, folder: id, members, created: at, row: { id, created: at, members } });
  }
  for (const c of conversations) c.row.id = c.id;
  return conversations;
}

/** Splits `total` records over conversations with Zipf weights (exponent `skew`), at least one each. */
function allocate(total, n, skew) {
  const weights = Array.from({ length: n }, (_, i) => 1 / Math.pow(i + 1, skew));
  const sum = weights.reduce((a, b) => a + b, 0);
  const spare = Math.max(total - n, 0);
  const base = weights.map((w) => Math.floor((spare * w) / sum));
  let left = spare - base.reduce((a, b) => a + b, 0);
  const order = weights.map((w, i) => [((spare * w) / sum) % 1, i]).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (let k = 0; left > 0; k = (k + 1) % n, left--) base[order[k][1]]++;
  return base.map((b) => b + (total >= n ? 1 : 0));
}

// ---------------------------------------------------------------------------------------------------------------
// Message text: segments rendered both as mrkdwn `text` and as a Block Kit `rich_text` block, as Slack does.

const escapeMrkdwn = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function sentence(rng, n) {
  const words = [];
  for (let i = 0; i < n; i++) words.push(rng.chance(0.01) ? rng.pick(ACCENTED) : rng.pick(WORDS));
  const first = words[0];
  words[0] = first.charAt(0).toUpperCase() + first.slice(1);
  return words.join(' ');
}

function segmentsFor(rng, ctx, conv) {
  const segments = [];
  const parts = rng.between(1, 3);
  for (let p = 0; p < parts; p++) {
    if (p > 0) segments.push({ type: 'text', text: ' ' });
    const r = rng.next();
    if (r < 0.12) {
      const who = rng.chance(0.001) ? `U${rng.chars(8)}X` : rng.chance(0.8) ? rng.pick(conv.members) : rng.pick(ctx.humans).id;
      segments.push({ type: 'user', id: who }, { type: 'text', text: ' ' });
    } else if (r < 0.13) {
      segments.push({ type: 'broadcast', range: rng.pick(['here', 'channel']) }, { type: 'text', text: ' ' });
    }
    const s = rng.next();
    const words = sentence(rng, rng.between(3, 22));
    if (s < 0.05) {
      const cut = words.indexOf(' ');
      segments.push({ type: 'text', text: words.slice(0, cut + 1) }, { type: 'text', text: words.slice(cut + 1), style: rng.pick(['bold', 'italic', 'code', 'strike']) });
    } else {
      segments.push({ type: 'text', text: words + rng.pick(['.', '.', '!', '?', '', ' & co.']) });
    }
    const t = rng.next();
    if (t < 0.08) {
      const url = `https://${rng.pick(DOMAINS)}${rng.between(1, 9999)}`;
      segments.push({ type: 'text', text: ' ' }, rng.chance(0.5) ? { type: 'link', url } : { type: 'link', url, text: sentence(rng, 2).toLowerCase() });
    } else if (t < 0.1 && ctx.channels.length > 0) {
      const channel = rng.pick(ctx.channels);
      segments.push({ type: 'text', text: ' see ' }, { type: 'channel', id: channel.id, name: channel.name });
    } else if (t < 0.2) {
      const [name, unicode] = rng.pick(EMOJI);
      segments.push({ type: 'text', text: ' ' }, { type: 'emoji', name, unicode });
    }
  }
  if (rng.chance(0.01)) segments.push({ type: 'pre', text: `$ npm test\n> ${sentence(rng, 4)}\nok ${rng.between(1, 400)} tests passed` });
  return segments;
}

const STYLE_MARK = { bold: '*', italic: '_', code: '`', strike: '~' };

function renderText(segments) {
  let out = '';
  for (const s of segments) {
    switch (s.type) {
      case 'text':
        out += s.style ? `${STYLE_MARK[s.style]}${escapeMrkdwn(s.text)}${STYLE_MARK[s.style]}` : escapeMrkdwn(s.text);
        break;
      case 'user':
        out += `<@${s.id}>`;
        break;
      case 'broadcast':
        out += `<!${s.range}>`;
        break;
      case 'link':
        out += s.text ? `<${s.url}|${escapeMrkdwn(s.text)}>` : `<${s.url}>`;
        break;
      case 'channel':
        out += `<#${s.id}|${s.name}>`;
        break;
      case 'emoji':
        out += `:${s.name}:`;
        break;
      case 'pre':
        out += `\n\`\`\`${escapeMrkdwn(s.text)}\`\`\``;
        break;
      default:
        break;
    }
  }
  return out;
}

function renderBlocks(rng, segments) {
  const section = [];
  const elements = [{ type: 'rich_text_section', elements: section }];
  for (const s of segments) {
    switch (s.type) {
      case 'text':
        section.push(s.style ? { type: 'text', text: s.text, style: { [s.style]: true } } : { type: 'text', text: s.text });
        break;
      case 'user':
        section.push({ type: 'user', user_id: s.id });
        break;
      case 'broadcast':
        section.push({ type: 'broadcast', range: s.range });
        break;
      case 'link':
        section.push(s.text ? { type: 'link', url: s.url, text: s.text } : { type: 'link', url: s.url });
        break;
      case 'channel':
        section.push({ type: 'channel', channel_id: s.id });
        break;
      case 'emoji':
        section.push({ type: 'emoji', name: s.name, unicode: s.unicode });
        break;
      case 'pre':
        elements.push({ type: 'rich_text_preformatted', elements: [{ type: 'text', text: s.text }], border: 0 });
        break;
      default:
        break;
    }
  }
  return [{ type: 'rich_text', block_id: rng.chars(5, 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+/='), elements }];
}

/** A pasted log of 33 000–39 000 characters (Slack's own limit is 40 000), some of them multi-byte. */
function longText(rng) {
  const target = rng.between(33_000, 39_000);
  const lines = ['Here is the full log from the failed run:', '```'];
  let length = 0;
  for (let i = 0; length < target; i++) {
    const line = `2023-03-0${rng.between(1, 9)}T1${rng.int(10)}:${rng.between(10, 59)}:${rng.between(10, 59)}Z ${rng.pick(['INFO', 'WARN', 'ERROR', 'DEBUG'])} worker-${rng.int(16)} ${sentence(rng, rng.between(4, 14))} — ${rng.pick(ACCENTED)} id=${rng.hex(8)}`;
    lines.push(escapeMrkdwn(line));
    length += line.length + 1;
  }
  lines.push('```');
  return lines.join('\n');
}

// ---------------------------------------------------------------------------------------------------------------
// One conversation, streamed day by day.

const tsOf = (us) => `${Math.floor(us / 1e6)}.${String(us % 1e6).padStart(6, '0')}`;

const dayNames = new Map();

/** The local date a record's day file is named after (cached: formatting a date per record is slow). */
function localDay(us) {
  const index = Math.floor((Math.floor(us / 1e6) + TZ_OFFSET_S) / DAY_S);
  let name = dayNames.get(index);
  if (name === undefined) {
    name = new Date(index * DAY_S * 1000).toISOString().slice(0, 10);
    dayNames.set(index, name);
  }
  return name;
}

/** Day weights (weekends quiet, some days busy) over the timeline, cumulated for inverse sampling. */
function dayCurve(rng, startS, days) {
  const cumulative = new Float64Array(days + 1);
  for (let d = 0; d < days; d++) {
    const weekday = new Date((startS + d * DAY_S) * 1000).getUTCDay();
    const weight = (weekday === 0 || weekday === 6 ? 0.15 : 1) * (0.3 + rng.next() * 1.4);
    cumulative[d + 1] = cumulative[d] + weight;
  }
  return cumulative;
}

function userProfileOf(user) {
  const p = user.profile;
  return { avatar_hash: p.avatar_hash, image_72: p.image_72, first_name: p.first_name, real_name: p.real_name, display_name: p.display_name, team: TEAM, name: user.name, is_restricted: user.is_restricted, is_ultra_restricted: false };
}

function fileObject(rng, ctx, author, tsSeconds) {
  const id = `F${rng.chars(10)}`;
  const roll = rng.next();
  if (roll < 0.01) return { id, mode: 'tombstone' };
  const [ext, mimetype, pretty, stem, lo, hi] = rng.pick(FILE_KINDS);
  const name = `${stem}-${rng.between(1, 999)}.${ext}`;
  const base = { id, created: tsSeconds, timestamp: tsSeconds, name, title: name, mimetype, filetype: ext, pretty_type: pretty, user: author, user_team: TEAM, editable: false, size: rng.between(lo, hi), mode: 'hosted', is_external: false, external_type: '', is_public: true, public_url_shared: false, display_as_bot: false, username: '' };
  // Slack appends a live token to private URLs (`?t=`): the generator writes an obviously fake one.
  const url = `https://files.slack.com/files-pri/${TEAM}-${id}/${name}`;
  const withUrls = { ...base, url_private: `${url}?t=xoxe-fake-generated`, url_private_download: `${url.replace(`/${name}`, `/download/${name}`)}?t=xoxe-fake-generated`, permalink: `https://acme.slack.com/files/${author}/${id}/${name}`, permalink_public: `https://slack-files.com/${TEAM}-${id}-${rng.hex(10)}`, has_rich_preview: false, file_access: 'visible' };
  if (roll < 0.03) return { ...withUrls, mode: 'quip', filetype: 'quip', pretty_type: 'Canvas', mimetype: 'application/vnd.slack-docs', name: 'Untitled', title: sentence(rng, 3) };
  if (roll < 0.05) return { id, created: tsSeconds, timestamp: tsSeconds, name: `${stem}.gdoc`, title: sentence(rng, 3), mimetype: 'application/vnd.google-apps.document', filetype: 'gdoc', pretty_type: 'Google Doc', user: author, mode: 'external', is_external: true, external_type: 'gdrive', url_private: `https://docs.google.com/document/d/${rng.chars(20)}/edit`, permalink: `https://acme.slack.com/files/${author}/${id}/${stem}.gdoc` };
  return withUrls;
}

function reactionsFor(rng, conv) {
  const out = [];
  const names = new Set();
  const n = 1 + rng.geometric(0.6, 5);
  for (let i = 0; i < n; i++) {
    let name = rng.chance(0.04) ? rng.pick(CUSTOM_EMOJI) : rng.pick(EMOJI)[0];
    if (name === 'thumbsup' && rng.chance(0.2)) name = `thumbsup::skin-tone-${rng.between(2, 6)}`;
    if (names.has(name)) continue;
    names.add(name);
    const users = sample(rng, conv.members, Math.min(conv.members.length, 1 + rng.geometric(1, 8)));
    out.push({ name, users, count: users.length });
  }
  return out;
}

function generateConversation(conv, index, count, ctx, sink, stats) {
  const rng = new Rng(ctx.seed, index + 1);
  const direct = conv.kind === 'dm' || conv.kind === 'group_dm';
  const curve = dayCurve(rng, ctx.startS, ctx.days);
  const curveTotal = curve[ctx.days];
  const membersNow = new Set(conv.members);
  // People talk unevenly: the first members of the list post the most.
  const talkers = conv.members.filter((id) => ctx.byId.get(id) && !ctx.byId.get(id).deleted);
  if (talkers.length === 0) talkers.push(...conv.members);
  const author = () => talkers[Math.min(talkers.length - 1, Math.floor(talkers.length * Math.pow(rng.next(), 2)))];

  let day;
  let buffer = [];
  const flush = () => {
    if (buffer.length === 0) return;
    sink.write(`${conv.folder}/${day}.json`, json(buffer));
    stats.dayFiles++;
    buffer = [];
  };
  const emit = (record, us) => {
    const d = localDay(us);
    if (d !== day) {
      flush();
      day = d;
    }
    buffer.push(record);
  };

  let lastUs = conv.created * 1e6;
  const nextUs = (candidateUs) => {
    lastUs = Math.max(Math.round(candidateUs), lastUs + 1);
    return lastUs;
  };
  const timelineUs = (k) => {
    // Inverse sampling of the day curve: record k of `count` lands at quantile (k + u) / count.
    const x = ((k + rng.next()) / count) * curveTotal;
    let lo = 0;
    let hi = ctx.days;
    while (hi - lo > 1) {
      const mid = (lo + hi) >> 1;
      if (curve[mid] <= x) lo = mid;
      else hi = mid;
    }
    const within = (x - curve[lo]) / (curve[lo + 1] - curve[lo] || 1);
    // Working hours 08:00–20:00 local.
    const localS = ctx.startS + lo * DAY_S + 8 * 3600 + within * 12 * 3600;
    return (localS - TZ_OFFSET_S) * 1e6;
  };

  const base = (user, us) => ({ type: 'message', ts: tsOf(us), user });
  const userMessage = (user, us, options = {}) => {
    const record = { client_msg_id: rng.uuid(), type: 'message', text: '', user, ts: tsOf(us) };
    if (options.long) {
      record.text = longText(rng);
      stats.longMessages++;
    } else {
      const segments = segmentsFor(rng, ctx, conv);
      record.text = renderText(segments);
      if (rng.chance(0.65)) record.blocks = renderBlocks(rng, segments);
      for (const s of segments) if (s.type === 'user') stats.mentions++;
    }
    record.team = TEAM;
    record.user_team = TEAM;
    record.source_team = TEAM;
    const person = ctx.byId.get(user);
    if (person) record.user_profile = person.userProfile;
    if (!options.noExtras && rng.chance(0.04)) {
      const files = [];
      const n = rng.chance(0.8) ? 1 : rng.between(2, 3);
      for (let i = 0; i < n; i++) files.push(fileObject(rng, ctx, user, Math.floor(us / 1e6)));
      record.files = files;
      record.upload = true;
      record.display_as_bot = false;
      if (rng.chance(0.5) && !options.long) {
        record.text = '';
        delete record.blocks;
      }
      stats.files += n;
    }
    if (rng.chance(0.03)) record.edited = { user, ts: tsOf(us + rng.between(5, 600) * 1e6) };
    if (!options.noExtras && rng.chance(0.1)) {
      record.reactions = reactionsFor(rng, conv);
      for (const r of record.reactions) stats.reactions += r.users.length;
    }
    return record;
  };

  const open = []; // open threads: { ts, user, text, left }
  let burstLeft = 0;
  let k = 0;
  const emitAt = (record, us) => {
    emit(record, us);
    k++;
  };

  // The channel's first records: its creation-time joins and, for busy channels, a purpose notice.
  if (!direct) {
    const joins = Math.min(conv.members.length, Math.max(1, Math.floor(count * 0.02)));
    for (let j = 0; j < joins && k < count; j++) {
      const us = nextUs(conv.created * 1e6 + j * 1e6 * rng.between(1, 600));
      emitAt({ ...base(conv.members[j], us), subtype: 'channel_join', text: `<@${conv.members[j]}> has joined the channel` }, us);
      stats.joins++;
    }
    if (count >= 50 && k < count) {
      const us = nextUs(lastUs + 1e6 * 30);
      emitAt({ ...base(conv.members[0], us), subtype: 'channel_purpose', purpose: conv.row.purpose.value, text: `<@${conv.members[0]}> set the channel purpose: ${escapeMrkdwn(conv.row.purpose.value)}` }, us);
    }
  }
  // The first conversation always holds one long message (past its middle), so even a small export has one.
  let forceLongAt = index === 0 && count >= 20 ? Math.floor(count / 2) : Infinity;

  while (k < count) {
    const left = count - k;
    const pending = open.reduce((sum, t) => sum + t.left, 0);
    if (burstLeft > 0) {
      // A burst: the next records share the millisecond of the one before (Slack's µs digits differ).
      burstLeft--;
      const us = nextUs(lastUs + rng.between(1, 150));
      emitAt(userMessage(author(), us, { noExtras: true }), us);
      stats.burstRecords++;
      continue;
    }
    const us = nextUs(timelineUs(k));
    const r = rng.next();
    if (open.length > 0 && (r < (direct ? 0.2 : 0.38) || pending >= left)) {
      // Mostly the latest thread; older ones get late replies, often in a later day file.
      const i = pending >= left ? 0 : rng.chance(0.6) ? open.length - 1 : rng.int(open.length);
      const thread = open[i];
      const replier = rng.chance(0.4) ? thread.user : author();
      const record = userMessage(replier, us);
      record.thread_ts = thread.ts;
      record.parent_user_id = thread.user;
      if (rng.chance(0.02)) {
        record.subtype = 'thread_broadcast';
        record.root = { text: thread.text, user: thread.user, ts: thread.ts, thread_ts: thread.ts, reply_count: thread.total, type: 'message' };
        stats.broadcasts++;
      }
      emitAt(record, us);
      stats.replies++;
      if (thread.day !== localDay(us)) stats.repliesInLaterDay++;
      if (--thread.left <= 0) open.splice(i, 1);
      continue;
    }
    const kind = rng.next();
    if (!direct && kind < 0.005) {
      const user = rng.pick(ctx.humans).id;
      emitAt({ ...base(user, us), subtype: 'channel_join', text: `<@${user}> has joined the channel` }, us);
      membersNow.add(user);
      stats.joins++;
      continue;
    }
    if (!direct && kind < 0.007 && membersNow.size > 2) {
      const user = rng.pick([...membersNow]);
      membersNow.delete(user);
      emitAt({ ...base(user, us), subtype: 'channel_leave', text: `<@${user}> has left the channel` }, us);
      stats.leaves++;
      continue;
    }
    if (!direct && kind < 0.037) {
      const botUser = rng.pick(ctx.bots);
      const link = `https://${rng.pick(DOMAINS)}${rng.between(1, 9999)}`;
      const record = rng.chance(0.5)
        ? { type: 'message', subtype: 'bot_message', text: `${sentence(rng, 5)} <${link}|#${rng.between(1, 9999)}>`, ts: tsOf(us), username: botUser.name, bot_id: botUser.botId, icons: { image_48: botUser.profile.image_72 } }
        : { bot_id: botUser.botId, type: 'message', text: '', user: botUser.id, ts: tsOf(us), app_id: botUser.profile.api_app_id, bot_profile: { id: botUser.botId, deleted: false, name: botUser.name, updated: 1_600_000_000, app_id: botUser.profile.api_app_id, icons: { image_72: botUser.profile.image_72 }, team_id: TEAM }, team: TEAM };
      if (rng.chance(0.6)) record.attachments = [{ id: 1, color: rng.pick(['36a64f', 'e01e5a', '2eb886']), fallback: sentence(rng, 6), title: sentence(rng, 4), title_link: link, text: sentence(rng, 12), footer: botUser.real_name }];
      else if (record.text === '') record.text = sentence(rng, 8);
      emitAt(record, us);
      stats.botMessages++;
      continue;
    }
    // A top-level message; some start threads, a few are tombstoned roots, some start a burst.
    const long = k >= forceLongAt || rng.chance(0.00025);
    if (long) forceLongAt = Infinity;
    const user = author();
    const startsThread = !long && open.length < 12 && left > 2 && rng.chance(direct ? 0.05 : 0.15);
    if (startsThread && rng.chance(0.01)) {
      const total = 1 + rng.geometric(3, 40);
      emitAt({ type: 'message', subtype: 'tombstone', text: 'This message was deleted.', user: 'USLACKBOT', hidden: true, ts: tsOf(us), thread_ts: tsOf(us), reply_count: total }, us);
      open.push({ ts: tsOf(us), user: 'USLACKBOT', text: 'This message was deleted.', left: total, total, day: localDay(us) });
      stats.threads++;
      stats.tombstones++;
      continue;
    }
    // A burst starts early in its millisecond, so its next records (at most 5 × 150 µs later) share it.
    const startsBurst = !long && !startsThread && rng.chance(0.015);
    const at = startsBurst ? nextUs(Math.ceil((us + 1) / 1000) * 1000 + rng.int(100)) : us;
    const record = userMessage(user, at, { long });
    if (startsThread) {
      const total = 1 + rng.geometric(3, 40);
      record.thread_ts = record.ts;
      record.reply_count = total;
      record.reply_users_count = Math.min(total, talkers.length);
      open.push({ ts: record.ts, user, text: record.text.slice(0, 120), left: total, total, day: localDay(us) });
      stats.threads++;
    }
    emitAt(record, at);
    if (startsBurst) {
      burstLeft = rng.between(1, 5);
      stats.bursts++;
    }
  }
  flush();
}

// ---------------------------------------------------------------------------------------------------------------

export function generate(options) {
  const { out, messages, conversations: m, seed = 1, zip = false, skew = 1 } = options;
  const started = Date.now();
  const tables = new Rng(seed, 0);
  const userCount = options.users ?? Math.min(400, Math.max(12, m * 2 + 10));
  // Roughly twenty records per conversation-day, within two weeks and four years; ends well before today.
  const days = options.days ?? Math.min(1400, Math.max(14, Math.ceil(messages / Math.max(m, 1) / 20)));
  const startS = Date.UTC(2020, 0, 6) / 1000;
  const { humans, bots, slackbot } = makeUsers(tables, userCount);
  const convs = makeConversations(tables, m, humans, startS);
  const byId = new Map();
  for (const u of [...humans, ...bots]) byId.set(u.id, { ...u, userProfile: userProfileOf(u) });
  const ctx = { seed, startS, days, humans, bots, byId, channels: convs.filter((c) => c.kind === 'channel') };

  const sink = zip ? new ZipSink(out) : new FolderSink(out);
  const strip = ({ botId, ...user }) => (void botId, user);
  sink.write('users.json', json([...humans, ...bots.map(strip), slackbot]));
  for (const [file, kind] of [['channels.json', 'channel'], ['groups.json', 'private_channel'], ['mpims.json', 'group_dm'], ['dms.json', 'dm']]) {
    sink.write(file, json(convs.filter((c) => c.kind === kind).map((c) => c.row)));
  }
  const stats = { records: messages, conversations: convs.length, users: humans.length + bots.length + 1, usersWithoutEmail: humans.filter((u) => !u.profile.email).length, bots: bots.length, days, dayFiles: 0, threads: 0, replies: 0, repliesInLaterDay: 0, broadcasts: 0, tombstones: 0, reactions: 0, mentions: 0, files: 0, longMessages: 0, bursts: 0, burstRecords: 0, botMessages: 0, joins: 0, leaves: 0 };
  const sizes = allocate(messages, convs.length, skew);
  convs.forEach((conv, i) => generateConversation(conv, i, sizes[i], ctx, sink, stats));
  sink.close();
  return { ...stats, bytes: sink.bytes, seconds: (Date.now() - started) / 1000 };
}

function usage(message) {
  process.stderr.write(`${message}\nusage: node scripts/generate-slack-export.mjs --out DIR --messages N --conversations M [--seed S] [--zip] [--skew Z] [--users U] [--days D] [--json] [--force]\n`);
  process.exit(2);
}

function main() {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        out: { type: 'string' },
        messages: { type: 'string' },
        conversations: { type: 'string' },
        seed: { type: 'string', default: '1' },
        zip: { type: 'boolean', default: false },
        skew: { type: 'string', default: '1' },
        users: { type: 'string' },
        days: { type: 'string' },
        json: { type: 'boolean', default: false },
        force: { type: 'boolean', default: false },
      },
    }));
  } catch (error) {
    usage(error.message);
  }
  const whole = (name, min) => {
    const n = Number(values[name]);
    if (!Number.isInteger(n) || n < min) usage(`--${name} must be a whole number of at least ${min} (got "${values[name]}")`);
    return n;
  };
  if (!values.out) usage('--out is required');
  const messages = whole('messages', 1);
  const conversations = whole('conversations', 1);
  if (conversations > messages) usage('--conversations cannot exceed --messages (every conversation gets at least one record)');
  const skew = Number(values.skew);
  if (!(skew >= 0)) usage(`--skew must be a number of at least 0 (got "${values.skew}")`);
  const out = values.zip && !values.out.endsWith('.zip') ? `${values.out}.zip` : values.out;
  if (existsSync(out) && !values.force && (values.zip || readdirSync(out).length > 0)) usage(`${out} already exists; pass --force to overwrite`);
  const stats = generate({
    out,
    messages,
    conversations,
    seed: whole('seed', 0),
    zip: values.zip,
    skew,
    ...(values.users !== undefined ? { users: whole('users', 2) } : {}),
    ...(values.days !== undefined ? { days: whole('days', 1) } : {}),
  });
  if (values.json) process.stdout.write(`${JSON.stringify({ out, ...stats })}\n`);
  else process.stdout.write(`wrote ${out}: ${stats.records} records in ${stats.dayFiles} day files over ${stats.conversations} conversations (${(stats.bytes / 1e6).toFixed(1)} MB, ${stats.threads} threads, ${stats.replies} replies, ${stats.longMessages} long messages) in ${stats.seconds.toFixed(1)} s\n`);
}

// Run only as the entry point, so tests can import generate().
if (process.argv[1] && import.meta.url === pathToFileURL(realpathSync(process.argv[1])).href) main();

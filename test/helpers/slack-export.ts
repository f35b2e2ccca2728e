// Builds small Slack exports (folders) inside tests: exactly the shape an admin downloads, nothing more.
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface ExportSpec {
  users: Array<{ id: string; name: string; email?: string; is_bot?: boolean; deleted?: boolean }>;
  channels?: Array<{ id: string; name: string; created: number; members: string[]; purpose?: string }>;
  groups?: Array<{ id: string; name: string; created: number; members: string[] }>;
  dms?: Array<{ id: string; created: number; members: string[] }>;
  mpims?: Array<{ id: string; name: string; created: number; members: string[] }>;
  /** folder name → day → records */
  days: Record<string, Record<string, unknown[]>>;
  /** file id → { name, bytes } stored as __uploads/<id>/<name> */
  uploads?: Record<string, { name: string; bytes: Buffer }>;
}

export async function writeSlackExport(spec: ExportSpec): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'slack-export-'));
  const users = spec.users.map((u) => ({ id: u.id, name: u.name, real_name: u.name, deleted: u.deleted ?? false, is_bot: u.is_bot ?? false, profile: { real_name: u.name, display_name: u.name, ...(u.email ? { email: u.email } : {}) } }));
  await writeFile(join(dir, 'users.json'), JSON.stringify(users));
  const conv = (c: { id: string; name?: string; created: number; members: string[]; purpose?: string }) => ({ id: c.id, ...(c.name ? { name: c.name } : {}), created: c.created, members: c.members, topic: { value: '' }, purpose: { value: c.purpose ?? '' } });
  await writeFile(join(dir, 'channels.json'), JSON.stringify((spec.channels ?? []).map(conv)));
  if (spec.groups) await writeFile(join(dir, 'groups.json'), JSON.stringify(spec.groups.map(conv)));
  if (spec.dms) await writeFile(join(dir, 'dms.json'), JSON.stringify(spec.dms.map(conv)));
  if (spec.mpims) await writeFile(join(dir, 'mpims.json'), JSON.stringify(spec.mpims.map(conv)));
  for (const [folder, days] of Object.entries(spec.days)) {
    await mkdir(join(dir, folder), { recursive: true });
    for (const [day, records] of Object.entries(days)) await writeFile(join(dir, folder, `${day}.json`), JSON.stringify(records));
  }
  for (const [id, file] of Object.entries(spec.uploads ?? {})) {
    await mkdir(join(dir, '__uploads', id), { recursive: true });
    await writeFile(join(dir, '__uploads', id, file.name), file.bytes);
  }
  return dir;
}

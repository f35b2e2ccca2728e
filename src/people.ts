// Source person → Google Workspace email, shared by every mapper so `--users` and `--domain` mean the same thing
// for all sources. Pure.
import type { OpenOptions } from './model.js';

/**
 * The email to impersonate for a source person, or undefined when none is known.
 * Order: an explicit `--users` entry (by source id, then source email, then name), then the source's own email.
 * `--domain` rewrites the domain part of whichever was found.
 */
export function resolveEmail(
  person: { id: string; email?: string; name?: string },
  options: Pick<OpenOptions, 'userMap' | 'domain'>,
): string | undefined {
  const map = options.userMap;
  const sourceEmail = person.email?.trim().toLowerCase() || undefined;
  const mapped =
    map?.get(person.id) ??
    (sourceEmail ? map?.get(sourceEmail) : undefined) ??
    (person.name ? map?.get(person.name.toLowerCase()) : undefined) ??
    sourceEmail;
  if (!mapped || !mapped.includes('@')) return undefined;
  const email = mapped.trim().toLowerCase();
  if (!options.domain) return email;
  return `${email.slice(0, email.lastIndexOf('@'))}@${options.domain.toLowerCase()}`;
}

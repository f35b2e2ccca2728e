// Source person → Google Workspace email. `--users` and `--domain` are resolved here, once, by the core
// (src/source.ts builds the resolver and hands it to the mapper), so they mean the same thing for every source. Pure.
import type { EmailOf } from './model.js';

/** The resolver for `--users` (a loaded map) and `--domain`. */
export function emailResolver(options: { readonly userMap?: ReadonlyMap<string, string>; readonly domain?: string }): EmailOf {
  return (person) => resolveEmail(person, options);
}

/** What a mapper uses when the core gave no resolver: the source's own email, lowercased. */
export const sourceEmailOnly: EmailOf = (person) => resolveEmail(person, {});

/**
 * The email to impersonate for a source person, or undefined when none is known.
 * Order: an explicit `--users` entry (by source id, then source email, then name), then the source's own email.
 * `--domain` rewrites the domain part of whichever was found.
 */
function resolveEmail(
  person: { id: string; email?: string; name?: string },
  options: { readonly userMap?: ReadonlyMap<string, string>; readonly domain?: string },
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

// The emulator's stand-in for the Workspace directory: who exists, who is inside the organisation, and the
// numeric id behind each email (so `users/{id}` can be resolved back to a person).
import { numericUserId } from './ids.js';

export class Directory {
  private readonly domains: Set<string>;
  private readonly users: Set<string>;
  private readonly refused: Set<string>;
  private readonly emailById = new Map<string, string>();

  constructor(domains: readonly string[], users: readonly string[], refused: readonly string[]) {
    this.domains = new Set(domains.map((d) => d.toLowerCase()));
    this.users = new Set(users.map((u) => u.toLowerCase()));
    this.refused = new Set(refused.map((u) => u.toLowerCase()));
    for (const email of this.users) this.idOf(email);
  }

  /** A user of the organisation that impersonation can act as. */
  exists(email: string): boolean {
    const key = email.toLowerCase();
    if (this.users.has(key)) return true;
    if (this.refused.has(key)) return false;
    return this.domains.has(domainOf(key));
  }

  /** The address belongs to one of the organisation's domains (existing or not). */
  inOrgDomain(email: string): boolean {
    return this.domains.has(domainOf(email.toLowerCase())) || this.users.has(email.toLowerCase());
  }

  /** The numeric id for an email; remembers the pair so `users/{id}` resolves later. */
  idOf(email: string): string {
    const key = email.toLowerCase();
    const id = numericUserId(key);
    if (!this.emailById.has(id)) this.emailById.set(id, key);
    return id;
  }

  emailOf(id: string): string | undefined {
    return this.emailById.get(id);
  }
}

function domainOf(email: string): string {
  return email.slice(email.lastIndexOf('@') + 1);
}

/** Plausible email syntax: something@domain.tld, no spaces. */
export function looksLikeEmail(value: string): boolean {
  return /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value);
}

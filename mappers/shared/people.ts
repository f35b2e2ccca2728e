// The people table every mapper builds: first definition wins, later sightings (a message author not in the
// users file) add an implicit person so every id a record names resolves. Emails come from the core's resolver
// (`--users`, `--domain`: OpenOptions.emailOf), so they mean the same thing for every source.
import type { EmailOf, OpenOptions, Person } from '../../src/model.js';
import { sourceEmailOnly } from '../../src/people.js';

export interface PersonInput {
  readonly id: string;
  readonly displayName?: string;
  /** The source's own email, before `--users`/`--domain`. */
  readonly email?: string;
  readonly isBot?: boolean;
  readonly deleted?: boolean;
}

export class PeopleTable {
  private readonly byId = new Map<string, Person>();

  private readonly emailOf: EmailOf;

  constructor(options: Pick<OpenOptions, 'emailOf'>) {
    this.emailOf = options.emailOf ?? sourceEmailOnly;
  }

  /** Adds a person unless the id is known; returns the stored one either way. */
  add(input: PersonInput): Person {
    const known = this.byId.get(input.id);
    if (known) return known;
    const displayName = input.displayName?.trim() || input.id;
    const email = this.emailOf({ id: input.id, email: input.email, name: displayName });
    const person: Person = {
      id: input.id,
      displayName,
      ...(email ? { email } : {}),
      isBot: input.isBot ?? false,
      ...(input.deleted ? { deleted: true } : {}),
    };
    this.byId.set(input.id, person);
    return person;
  }

  get(id: string): Person | undefined {
    return this.byId.get(id);
  }

  has(id: string): boolean {
    return this.byId.has(id);
  }

  get map(): ReadonlyMap<string, Person> {
    return this.byId;
  }
}

// What the text converters may look up, and where they record what they could not represent. Built per message
// by the mapper; the converters themselves stay pure functions of (input, context).
import type { FallbackKind, Person } from '../../src/model.js';
import type { RawObject } from '../shared/raw.js';

/** The export's tables, as the converters need them. */
export interface SlackDirectory {
  /** Person id → person, with `email` already resolved through `--users`/`--domain`. */
  readonly people: ReadonlyMap<string, Person>;
  /** Conversation id → name, for `<#C…>` mentions that carry no label. */
  readonly channelNames: ReadonlyMap<string, string>;
}

/** Names the message itself gives for ids (`<@U1|ann>`, `<#C1|general>`, `<!subteam^S1|@ops>`). */
export interface MessageLabels {
  readonly users: ReadonlyMap<string, string>;
  readonly channels: ReadonlyMap<string, string>;
  readonly subteams: ReadonlyMap<string, string>;
}

export interface TextContext {
  readonly directory: SlackDirectory;
  readonly labels: MessageLabels;
  /** Records one thing that could not be represented exactly. */
  fallback(kind: FallbackKind): void;
}

/** Collects fallback kinds once each, in the order first seen, so a message lists every kind it hit. */
export class FallbackSet {
  private readonly kinds = new Set<FallbackKind>();

  add = (kind: FallbackKind): void => {
    this.kinds.add(kind);
  };

  addAll(kinds: Iterable<FallbackKind>): void {
    for (const kind of kinds) this.kinds.add(kind);
  }

  list(): FallbackKind[] {
    return [...this.kinds];
  }
}

const LABELLED = /<([@#]|!subteam\^)([A-Z0-9]+)\|([^<>|]+)>/g;

/**
 * Harvests the labels a message's mrkdwn `text` carries. Block Kit elements only carry ids (`{"type":"channel",
 * "channel_id":"C0AHX20ADQQ"}`), while the same message's text often names them (`<#C0AHX20ADQQ|rich-text-blocks>`),
 * so the blocks renderer can still show a name for a channel that is missing from channels.json.
 */
export function harvestLabels(message: RawObject): MessageLabels {
  const users = new Map<string, string>();
  const channels = new Map<string, string>();
  const subteams = new Map<string, string>();
  const text = typeof message.text === 'string' ? message.text : '';
  for (const match of text.matchAll(LABELLED)) {
    const [, sigil, id, label] = match;
    if (!id || !label) continue;
    if (sigil === '@') users.set(id, label);
    else if (sigil === '#') channels.set(id, label);
    else subteams.set(id, label);
  }
  return { users, channels, subteams };
}

export function textContext(directory: SlackDirectory, message: RawObject, fallbacks: FallbackSet): TextContext {
  return { directory, labels: harvestLabels(message), fallback: fallbacks.add };
}

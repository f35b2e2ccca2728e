// The shapes of Slack export JSON as we read them. Everything comes from an untrusted file, so every field is
// optional and typed loosely; the readers below check each type before use instead of trusting a cast.

/** A JSON object from the export (a message, a user, a block…). */
export type RawObject = Readonly<Record<string, unknown>>;

export function isObject(value: unknown): value is RawObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The value when it is a non-empty string, else undefined (Slack writes "" and null for "absent"). */
export function str(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

export function num(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

/** The array's object members (anything else in it is ignored), or [] when it is not an array. */
export function objects(value: unknown): RawObject[] {
  return Array.isArray(value) ? value.filter(isObject) : [];
}

/** The array's non-empty string members, or [] when it is not an array. */
export function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string' && v !== '') : [];
}

/** `obj[key]` when it is an object. */
export function child(obj: RawObject | undefined, key: string): RawObject | undefined {
  const value = obj?.[key];
  return isObject(value) ? value : undefined;
}

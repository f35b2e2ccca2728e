// Reading fields of an export's JSON records. Everything comes from an untrusted file, so every field is
// optional and typed loosely; these check each type before use instead of trusting a cast. The one place every
// mapper takes its raw-field helpers from.

/** A JSON object from the export (a message, a user, a block…). */
export type RawObject = Readonly<Record<string, unknown>>;

export function isObject(value: unknown): value is RawObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The value when it is a non-empty string, else undefined (Slack writes "" and null for "absent"). */
export function str(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** Ids some exports write as numbers and others as strings: either as text, else undefined (also for ""). */
export function scalar(value: unknown): string | undefined {
  return typeof value === 'number' ? String(value) : str(value);
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

// Names in a message that may be long (files a folder holds, conversations an export has): the first few, and how
// many were left out, so one line stays readable whatever the export's size.

/** `a, b, c (and 4 more)`: the first `shown` of `names`, joined, and the count of the rest. */
export function firstOf(names: readonly string[], shown: number): string {
  return `${names.slice(0, shown).join(', ')}${names.length > shown ? ` (and ${names.length - shown} more)` : ''}`;
}

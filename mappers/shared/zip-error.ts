// What a library or system error says, to go in a DamagedZipError's parentheses (the error itself: src/errors.ts).

export function errorDetail(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

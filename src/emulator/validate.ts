// Small checks on JSON request bodies and query strings; every failure is a 400 INVALID_ARGUMENT naming the field.
import { invalidArgument } from './errors.js';

export type JsonObject = Record<string, unknown>;

export function optionalString(obj: JsonObject, field: string, path = field): string | undefined {
  const value = obj[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw invalidArgument(`Invalid value at '${path}': expected a string.`);
  return value;
}

export function optionalObject(obj: JsonObject, field: string, path = field): JsonObject | undefined {
  const value = obj[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'object' || Array.isArray(value)) throw invalidArgument(`Invalid value at '${path}': expected an object.`);
  return value as JsonObject;
}

export function optionalBoolean(obj: JsonObject, field: string, path = field): boolean | undefined {
  const value = obj[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'boolean') throw invalidArgument(`Invalid value at '${path}': expected a boolean.`);
  return value;
}

/** Length in Unicode code points (how Google counts displayName characters). */
export function codePoints(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}

/** What every list method reads: its page size, its filter ('' when none) and where the page starts. */
export function listParams(query: URLSearchParams, defaultSize: number, maxSize: number): { pageSize: number; filter: string; pageToken: string | null } {
  return { pageSize: pageSizeOf(query, defaultSize, maxSize), filter: query.get('filter') ?? '', pageToken: query.get('pageToken') };
}

/** `pageSize`: absent or 0 → the default, above the max → the max, negative or not a number → 400. */
function pageSizeOf(query: URLSearchParams, defaultSize: number, maxSize: number): number {
  const raw = query.get('pageSize');
  if (raw === null || raw === '') return defaultSize;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) throw invalidArgument('pageSize must be a non-negative integer.');
  if (n === 0) return defaultSize;
  return Math.min(n, maxSize);
}

/** Query booleans arrive as 'true'/'false'. */
export function queryFlag(query: URLSearchParams, name: string): boolean {
  const raw = query.get(name);
  if (raw === null || raw === '' || raw === 'false') return false;
  if (raw === 'true') return true;
  throw invalidArgument(`Invalid value for ${name}: ${JSON.stringify(raw)}`);
}

// The state file's shape, checked field by field when it is read: a hand-edited or damaged file ("spaces": null, a
// negative or non-numeric `done`, `done` past the plan's total) is refused with the field named, instead of
// crashing later or silently skipping writes. Fields added since version 1 are optional, so older files still read.
const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const count = (value: unknown): boolean => typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
const describe = (value: unknown): string => (value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value === 'string' ? JSON.stringify(value.slice(0, 40)) : typeof value === 'object' ? 'an object' : String(value));

const SPACE_STATES = new Set(['pending', 'importing', 'imported', 'failed', 'completed']);

/** The first problem with a parsed state file, as "field: what is wrong", or undefined when it is valid. */
export function stateProblem(value: unknown): string | undefined {
  if (!isObject(value)) return `the file holds ${describe(value)}, not a state object`;
  if (value['tool'] !== 'chat-import' || value['version'] !== 1) return 'it is not a chat-import state file of version 1';
  for (const key of ['source', 'target'] as const) if (!isObject(value[key])) return `"${key}" must be an object (got ${describe(value[key])})`;
  const source = value['source'] as Record<string, unknown>;
  const target = value['target'] as Record<string, unknown>;
  for (const [where, object, keys] of [['source', source, ['kind', 'fingerprint', 'path']], ['target', target, ['apiRoot', 'admin']]] as const) {
    for (const key of keys) if (typeof object[key] !== 'string') return `"${where}.${key}" must be a string (got ${describe(object[key])})`;
  }
  if (value['runNonce'] !== undefined && typeof value['runNonce'] !== 'string') return `"runNonce" must be a string (got ${describe(value['runNonce'])})`;
  if (value['migrationId'] !== undefined && typeof value['migrationId'] !== 'string') return `"migrationId" must be a string (got ${describe(value['migrationId'])})`;
  if (value['senders'] !== undefined && !isObject(value['senders'])) return `"senders" must be an object (got ${describe(value['senders'])})`;
  if (value['planned'] !== undefined) {
    if (!isObject(value['planned'])) return `"planned" must be an object (got ${describe(value['planned'])})`;
    for (const [id, p] of Object.entries(value['planned'])) {
      if (!isObject(p) || typeof p['conversationName'] !== 'string' || typeof p['planKey'] !== 'string' || !count(p['total'])) return `"planned.${id}" must be {conversationName, planKey, total} (got ${describe(p)})`;
    }
  }
  if (!isObject(value['spaces'])) return `"spaces" must be an object (got ${describe(value['spaces'])})`;
  for (const [id, space] of Object.entries(value['spaces'])) {
    const problem = spaceProblem(space);
    if (problem) return `"spaces.${id}${problem.field ? `.${problem.field}` : ''}" ${problem.message}`;
  }
  return undefined;
}

/** The first bad field of one space and what is wrong with it, or undefined. */
function spaceProblem(space: unknown): { field?: string; message: string } | undefined {
  if (!isObject(space)) return { message: `must be an object (got ${describe(space)})` };
  const bad = (field: string, what: string) => ({ field, message: `must be ${what} (got ${describe(space[field])})` });
  if (typeof space['conversationName'] !== 'string') return bad('conversationName', 'a string');
  if (typeof space['planKey'] !== 'string') return bad('planKey', 'a string');
  if (!count(space['done'])) return bad('done', 'a whole number of at least 0');
  if (space['total'] !== undefined && !count(space['total'])) return bad('total', 'a whole number of at least 0');
  if (space['total'] !== undefined && (space['done'] as number) > (space['total'] as number)) return { field: 'done', message: `must not be past the plan's total of ${String(space['total'])} (got ${describe(space['done'])})` };
  if (!count(space['failed'])) return bad('failed', 'a whole number of at least 0');
  if (!SPACE_STATES.has(space['state'] as string)) return bad('state', `one of ${[...SPACE_STATES].join(', ')}`);
  for (const key of ['space', 'requestId', 'digest', 'spaceCreateTime', 'importModeExpireTime', 'completedAt']) {
    if (space[key] !== undefined && typeof space[key] !== 'string') return bad(key, 'a string');
  }
  if (!Array.isArray(space['failures'])) return bad('failures', 'a list');
  for (const [i, failure] of (space['failures'] as unknown[]).entries()) {
    if (!isObject(failure) || !count(failure['index']) || typeof failure['code'] !== 'string') return { field: `failures.${i}`, message: `must be {index, code, message} (got ${describe(failure)})` };
  }
  for (const key of ['members', 'membersDone']) {
    const list = space[key];
    if (list !== undefined && (!Array.isArray(list) || list.some((e) => typeof e !== 'string'))) return bad(key, 'a list of emails');
  }
  if (space['membersAdded'] !== undefined && !count(space['membersAdded'])) return bad('membersAdded', 'a whole number of at least 0');
  if (space['reconciling'] !== undefined && typeof space['reconciling'] !== 'boolean') return bad('reconciling', 'true or false');
  if (space['counts'] !== undefined && !isObject(space['counts'])) return bad('counts', 'an object');
  return undefined;
}

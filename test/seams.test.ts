// The architecture's one seam between the core and the mappers: src/ reaches mappers only through mappers/index.ts,
// so a mapper's internals can change without the core noticing. A test, because a direct import compiles fine.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? sourceFiles(join(dir, entry.name)) : entry.name.endsWith('.ts') ? [join(dir, entry.name)] : [],
  );
}

describe('the core and the mappers', () => {
  it('src/ imports from mappers/ only through mappers/index.ts', () => {
    const reaching = sourceFiles(join(ROOT, 'src')).flatMap((file) =>
      [...readFileSync(file, 'utf8').matchAll(/from '((?:\.\.\/)+mappers\/[^']+)'/g)]
        .map((match) => match[1] as string)
        .filter((target) => !/^(\.\.\/)+mappers\/index\.js$/.test(target))
        .map((target) => `${relative(ROOT, file)} → ${target}`),
    );
    expect(reaching).toEqual([]);
  });
});

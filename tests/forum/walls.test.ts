import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

// tests/architecture.test.ts names the core folders it walls in; src/forum is core too.
const folder = resolve(import.meta.dirname, '../../src/forum');

describe('src/forum', () => {
  it('is transport-free: no adapter, no discord.js, no database driver', () => {
    const files = readdirSync(folder).filter((name) => name.endsWith('.ts'));
    expect(files.length).toBeGreaterThanOrEqual(4);
    const imports = files.flatMap((name) =>
      [...readFileSync(join(folder, name), 'utf8').matchAll(/from\s+'([^']+)'/g)].map((m) => `${name} → ${m[1]}`),
    );
    expect(imports.length).toBeGreaterThan(0);
    expect(imports.filter((i) => /adapters\/|discord\.js|@discordjs|better-sqlite3|daily\/store/.test(i))).toEqual([]);
  });
});

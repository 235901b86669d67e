import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

// The layering rules of ARCHITECTURE.md, checked on the real source: a wall that a new import
// breaches fails here rather than in a maintainer's head.
const root = resolve(new URL('..', import.meta.url).pathname);

interface Import {
  file: string;
  /** A repo-relative path for a relative import, or the package name. */
  target: string;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(join(root, dir), { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

function importsOf(file: string): Import[] {
  const text = readFileSync(join(root, file), 'utf8');
  const specifiers = [
    ...text.matchAll(/^\s*(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]/gm),
    ...text.matchAll(/^\s*import\s+['"]([^'"]+)['"]/gm),
    ...text.matchAll(/\bimport\(\s*['"]([^'"]+)['"]\s*\)/g),
  ].map((m) => m[1]!);
  return specifiers.map((spec) => ({
    file,
    target: spec.startsWith('.') ? relative(root, resolve(root, dirname(file), spec)) : spec.replace(/^node:/, ''),
  }));
}

const production = [...sourceFiles('src'), ...sourceFiles('commands')];
const imports = production.flatMap(importsOf);

function breaches(from: (file: string) => boolean, to: (target: string) => boolean): string[] {
  return imports.filter((i) => from(i.file) && to(i.target)).map((i) => `${i.file} → ${i.target}`);
}

const adapterOf = (path: string) => /^src\/adapters\/([^/]+)\//.exec(path)?.[1];
const isDiscord = (target: string) => target === 'discord.js' || target.startsWith('@discordjs/');
const under =
  (...dirs: string[]) =>
  (path: string) =>
    dirs.some((d) => path === d || path.startsWith(`${d}/`));

describe('import rules', () => {
  it('reads the imports of every production file', () => {
    // Guards the rules below against passing because the scan found nothing.
    expect(production.length).toBeGreaterThan(80);
    expect(imports).toContainEqual({ file: 'src/adapters/discord/bot.ts', target: 'discord.js' });
    expect(imports).toContainEqual({ file: 'commands/ask.ts', target: 'src/bot/command.ts' });
  });

  it('no adapter imports another adapter', () => {
    const crossed = imports
      .filter((i) => {
        const from = adapterOf(i.file);
        const to = adapterOf(i.target);
        return from !== undefined && to !== undefined && from !== to;
      })
      .map((i) => `${i.file} → ${i.target}`);
    expect(crossed).toEqual([]);
  });

  it('only the Discord adapter imports discord.js', () => {
    expect(breaches((f) => !f.startsWith('src/adapters/discord/'), isDiscord)).toEqual([]);
  });

  it('the core (commands, framework, engine, knowledge, replies, daily posts, follow-ups, reloading, forum posts, charts) imports no adapter', () => {
    const core = under(
      'commands',
      'src/bot',
      'src/answer',
      'src/knowledge',
      'src/semantic',
      'src/reply',
      'src/summary',
      'src/daily',
      'src/text',
      'src/conversation',
      'src/reload',
      'src/forum',
      'src/charts',
    );
    expect(breaches(core, under('src/adapters'))).toEqual([]);
  });

  it('the daily domain is pure: no store, no runtime, no database driver', () => {
    const driver = (t: string) => t === 'better-sqlite3' || t === 'pg';
    expect(
      breaches(under('src/daily/domain'), (t) => under('src/daily/store.ts', 'src/daily/runtime')(t) || driver(t)),
    ).toEqual([]);
  });

  it('text utilities depend on nothing else in the bot', () => {
    expect(breaches(under('src/text'), (t) => t.startsWith('src/') && !t.startsWith('src/text/'))).toEqual([]);
  });

  it('the framework knows no feature: src/bot imports no command and no daily code', () => {
    expect(breaches(under('src/bot'), under('commands', 'src/daily'))).toEqual([]);
  });

  it('no feature imports a store backend: the backends live in src/store, opened only by the composition root', () => {
    const backend = (t: string) =>
      t === 'better-sqlite3' || t === 'pg' || under('src/store/sqlite', 'src/store/postgres')(t);
    const outsideStore = (f: string) => !under('src/store')(f);
    expect(breaches(outsideStore, backend)).toEqual([]);
    // Features are handed their store; only the composition root opens one.
    expect(breaches((f) => f !== 'src/main.ts' && outsideStore(f), under('src/store/open.ts'))).toEqual([]);
  });

  it("src/store implements the features' interfaces and imports no feature service", () => {
    const allowed = (t: string) =>
      !t.startsWith('src/') ||
      under('src/store', 'src/text', 'src/logger.ts', 'src/daily/domain', 'src/daily/store.ts')(t) ||
      /^src\/(faq\/(store|record)|forum\/store|handoff\/store|insights\/(store|records)|settings\/store|generate\/modeStore)\.ts$/.test(
        t,
      );
    expect(breaches(under('src/store'), (t) => !allowed(t))).toEqual([]);
  });

  it('only the ask service calls engine.answer, besides evaluation and the follow-up reader it delegates to', () => {
    const callers = production.filter((file) =>
      /\b\w*[Ee]ngine\.answer\(/.test(readFileSync(join(root, file), 'utf8')),
    );
    // Guards the rule against passing because the pattern matches nothing.
    expect(callers).toContain('src/ask/service.ts');
    // src/conversation/resolve.ts answers the spelled-out follow-up for the ask service (Conversations.ask);
    // src/ask/answerMemo.ts is the ask service's memo of the engine's answers;
    // src/eval scores the engine itself, as scripts/ do.
    const allowed = under(
      'src/ask/service.ts',
      'src/ask/answerMemo.ts',
      'src/conversation/resolve.ts',
      'src/eval',
      'src/answer',
    );
    expect(callers.filter((file) => !allowed(file))).toEqual([]);
  });

  it('the runtime never imports training code: only src/eval (and scripts/) reach src/training', () => {
    // Guards the rule against passing because nothing imports the trainer at all.
    expect(imports).toContainEqual({ file: 'src/eval/crossValidate.ts', target: 'src/training/trainPolicy.ts' });
    const runtime = (file: string) => !under('src/training', 'src/eval')(file);
    expect(breaches(runtime, under('src/training'))).toEqual([]);
  });
});

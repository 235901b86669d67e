import { afterEach, beforeEach } from 'vitest';
import type { CommandContext } from '../../src/bot/context.ts';
import { createFaqService, type FaqService } from '../../src/faq/service.ts';
import { sharedFaqModel } from '../../src/faq/threshold.ts';
import { sharedWordVectors } from '../../src/semantic/wordVectors.ts';
import { openSqliteStore } from '../../src/store/sqlite/open.ts';
import { makeTempDir, removeDir } from '../daily/helpers.ts';
import { context } from '../helpers.ts';

export const ADMIN = { canManageGuild: true } as const;

/** A real SQLite store in a fresh folder per test, and the /faq service over it, as src/main.ts wires it. */
export function useFaq(): () => {
  faq: FaqService;
  store: ReturnType<typeof openSqliteStore>;
  ctx: (extra?: Partial<CommandContext>) => CommandContext;
} {
  let dir: string;
  let store: ReturnType<typeof openSqliteStore>;
  let faq: FaqService;
  beforeEach(() => {
    dir = makeTempDir();
    store = openSqliteStore({ dataDir: dir });
    faq = createFaqService({ store, settings: sharedFaqModel(), vectors: sharedWordVectors(), now: () => new Date() });
  });
  afterEach(async () => {
    await store.close();
    removeDir(dir);
  });
  return () => ({ faq, store, ctx: (extra = {}) => context({ services: { faq }, ...extra }) });
}

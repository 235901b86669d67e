import { afterEach, beforeEach } from 'vitest';

interface Closable {
  close(): Promise<void>;
}

/**
 * The life of a contract's stores: the database is reset before each test, and every store the
 * test opened (through the returned function) is closed after it, whatever the test did.
 */
export function storesPerTest<Store extends Closable>(harness: {
  reset(): Promise<void>;
  open(): Promise<Store>;
}): () => Promise<Store> {
  const opened: Store[] = [];
  beforeEach(async () => {
    await harness.reset();
  });
  afterEach(async () => {
    for (const store of opened.splice(0)) await store.close();
  });
  return async () => {
    const store = await harness.open();
    opened.push(store);
    return store;
  };
}

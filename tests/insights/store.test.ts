/** The InsightsStore contract (storeContract.ts) on SQLite, PGlite and, where installed, a real PostgreSQL server. */
import { onEveryBackend } from '../store/backends.ts';
import { insightsStoreContract } from './storeContract.ts';

onEveryBackend(insightsStoreContract);

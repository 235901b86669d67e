/** The curated-answer and settings contract (storeContract.ts) on SQLite, PGlite and, where installed, a real PostgreSQL server. */
import { onEveryBackend } from '../store/backends.ts';
import { faqStoreContract } from './storeContract.ts';

onEveryBackend(faqStoreContract);

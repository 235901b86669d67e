import type { ColumnReader } from '../rows.ts';

/** SQLite's columns for the row mappers both dialects share: STRICT INTEGER columns come back as numbers. */
export const SQLITE_COLUMNS: ColumnReader = { millis: (value) => value as number, flag: (value) => value !== 0 };

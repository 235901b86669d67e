import { PassThrough } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runLine } from '../../../src/adapters/console/console.ts';
import { createConsoleDaily, UNSCHEDULED_NOW } from '../../../src/adapters/console/consoleDaily.ts';
import type { ScheduleStore } from '../../../src/daily/store.ts';
import { openSqliteStore } from '../../../src/store/sqlite/open.ts';
import { makeTempDir, removeDir } from '../../daily/helpers.ts';
import { commands, engine } from '../../helpers.ts';

let dir: string;
let store: ScheduleStore;
let printed: string;

beforeEach(() => {
  dir = makeTempDir();
  store = openSqliteStore({ dataDir: dir });
  printed = '';
});
afterEach(async () => {
  await store.close();
  removeDir(dir);
});

function consoleWithDaily() {
  const output = new PassThrough();
  output.on('data', (chunk: Buffer) => (printed += chunk.toString()));
  const daily = createConsoleDaily(engine, store, output);
  return (line: string) => runLine(line, { engine, commands, services: { daily } });
}

describe('/daily in the console', () => {
  it('prints today’s post on /daily now before any schedule exists, and records nothing', async () => {
    const run = consoleWithDaily();
    expect(await run('/daily now')).toBe(UNSCHEDULED_NOW.text);
    expect(printed).toMatch(/^Daily brief · India Myanmar Rare Earths\n/);
    expect(printed).toContain('From the report: ');
    expect(await store.getSchedule('console')).toBeUndefined();
  });

  it('posts through the schedule once one is set, counting it as today’s post', async () => {
    const run = consoleWithDaily();
    expect(await run('/daily set channel:news time:09:00')).toMatch(/^Daily summary scheduled\n/);
    expect(await run('/daily now')).toMatch(
      /^Posted today's summary \(\d{4}-\d{2}-\d{2}\); it counts as today's post\.$/,
    );
    expect(printed).toMatch(/^Daily brief · India Myanmar Rare Earths\n/);
    expect(await run('/daily now')).toMatch(/^Today's summary \(\d{4}-\d{2}-\d{2}\) is already posted\.$/);
  });
});

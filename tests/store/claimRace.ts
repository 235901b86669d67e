/**
 * Child process for postgresServer.test.ts: one of several processes racing for the same
 * (guild, local date) slots on a shared Postgres. It opens the store, says "ready", and on each
 * "go <phase>" line from the parent claims every slot, answering with the slots it won as JSON.
 *   claim:   first claims; each win is finished as failed, its retry due at once;
 *   reclaim: re-claims of those failed slots; each win is finished as sent.
 * Usage: claimRace.ts <databaseUrl> <owner> <guilds> <days>
 */
import { createInterface } from 'node:readline';
import { openPostgresStoreAt } from '../../src/store/postgres/open.ts';

const [url, owner, guildsText, daysText] = process.argv.slice(2);
if (url === undefined || owner === undefined || guildsText === undefined || daysText === undefined) {
  throw new Error('usage: claimRace.ts <databaseUrl> <owner> <guilds> <days>');
}
/** Claims in flight at once in this process, within its pool's connections. */
const IN_FLIGHT = 4;
const T0 = new Date('2026-05-04T09:00:00Z');
const RETRY_AT = new Date(T0.getTime() + 60_000);
const RECLAIM_AT = new Date(T0.getTime() + 120_000);

const slots: { guildId: string; localDate: string }[] = [];
for (let g = 0; g < Number(guildsText); g++) {
  for (let d = 0; d < Number(daysText); d++) {
    slots.push({ guildId: `g${g}`, localDate: `2026-05-${String(d + 1).padStart(2, '0')}` });
  }
}

const store = await openPostgresStoreAt(url);
const lines = createInterface({ input: process.stdin })[Symbol.asyncIterator]();
process.stdout.write('ready\n');

async function runPhase(phase: string): Promise<string[]> {
  const won: string[] = [];
  let next = 0;
  const worker = async () => {
    // Every process walks the slots in the same order, so they collide on each one.
    for (let i = next++; i < slots.length; i = next++) {
      const { guildId, localDate } = slots[i]!;
      if (phase === 'claim') {
        if (!(await store.claimPost(guildId, localDate, owner!, T0))) continue;
        await store.finishPost(guildId, localDate, {
          status: 'failed',
          owner: owner!,
          at: T0,
          error: '503',
          nextAttemptAt: RETRY_AT,
        });
      } else {
        if (!(await store.claimPost(guildId, localDate, owner!, RECLAIM_AT))) continue;
        const messageId = `${owner}-${guildId}-${localDate}`;
        await store.finishPost(guildId, localDate, { status: 'sent', owner: owner!, at: RECLAIM_AT, messageId });
      }
      won.push(`${guildId} ${localDate}`);
    }
  };
  await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
  return won;
}

for (;;) {
  const { value: line, done } = await lines.next();
  if (done || line === 'quit') break;
  const phase = line.replace(/^go /, '');
  process.stdout.write(`${JSON.stringify({ phase, won: await runPhase(phase) })}\n`);
}
await store.close();
process.exit(0);

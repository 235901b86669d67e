import type { Writable } from 'node:stream';
import { dailyPost } from '../../daily/domain/post.ts';
import { localDate } from '../../daily/domain/time.ts';
import type { DailyService } from '../../daily/runtime/dailyService.ts';
import { DailyScheduler } from '../../daily/runtime/scheduler.ts';
import { createDailyService } from '../../daily/runtime/service.ts';
import type { ScheduleStore } from '../../daily/store.ts';
import type { KnowledgeSource } from '../../knowledge/knowledgeBase.ts';
import { renderText } from '../../reply/renderText.ts';
import type { Reply } from '../../reply/types.ts';

const silent = { info: () => undefined, warn: () => undefined, error: () => undefined };

export const UNSCHEDULED_NOW: Reply = {
  text:
    "That is today's post, printed here. No schedule is set, so it was not recorded as posted; " +
    '/daily set channel:news time:09:00 posts it every day.',
  tone: 'notice',
};

/**
 * /daily in the console: the real store and scheduler, with a "channel" that is the
 * terminal, so a new user sees exactly what would be posted without Discord.
 */
export function createConsoleDaily(knowledge: KnowledgeSource, store: ScheduleStore, output: Writable): DailyService {
  const now = () => new Date();
  const print = (date: string) => output.write(`${renderText(dailyPost(knowledge.kb, date))}\n\n`);
  const scheduler = new DailyScheduler({
    clock: { now },
    store,
    owner: 'console',
    logger: silent,
    send: async (_schedule, date) => {
      print(date);
      return { ok: true, messageId: `console-${date}` };
    },
  });
  const service = createDailyService({ knowledge, store, scheduler, now });
  return {
    ...service,
    // The terminal is always there to post in, so a first try needs no schedule: it is shown, not claimed.
    async now(guildId) {
      if (await store.getSchedule(guildId)) return service.now(guildId);
      print(localDate(now(), 'UTC'));
      return UNSCHEDULED_NOW;
    },
  };
}

import type { Writable } from 'node:stream';
import { dailyPost } from '../../daily/domain/post.ts';
import type { DailyService } from '../../daily/runtime/dailyService.ts';
import { DailyScheduler } from '../../daily/runtime/scheduler.ts';
import { createDailyService } from '../../daily/runtime/service.ts';
import type { ScheduleStore } from '../../daily/store/store.ts';
import type { KnowledgeBase } from '../../knowledge/knowledgeBase.ts';
import { renderText } from '../../reply/renderText.ts';

const silent = { info: () => undefined, warn: () => undefined, error: () => undefined };

/**
 * /daily in the console: the real store and scheduler, with a "channel" that is the
 * terminal, so a new user sees exactly what would be posted without Discord.
 */
export function createConsoleDaily(kb: KnowledgeBase, store: ScheduleStore, output: Writable): DailyService {
  const now = () => new Date();
  const scheduler = new DailyScheduler({
    clock: { now },
    store,
    owner: 'console',
    logger: silent,
    send: async (_schedule, localDate) => {
      output.write(`${renderText(dailyPost(kb, localDate))}\n\n`);
      return { ok: true, messageId: `console-${localDate}` };
    },
  });
  return createDailyService({ kb, store, scheduler, now });
}

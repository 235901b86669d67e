import { defineCommand } from '../src/bot/command.ts';
import '../src/reload/service.ts';
import { clip } from '../src/text/clip.ts';

/** The bot's owner reloads knowledge/ on demand; the running bot also does it by itself on a change. */
export default defineCommand({
  name: 'reload',
  description: 'Reload the reports in knowledge/ (the bot owner only)',
  options: {},
  ownerOnly: true,
  examples: ['/reload'],
  run: (_args, ctx) => {
    const knowledge = ctx.services.knowledge;
    if (!knowledge) return { text: 'Reloading is not available here.', tone: 'notice', ephemeral: true };
    const outcome = knowledge.reload();
    if (!outcome.ok) {
      return {
        title: 'Knowledge not reloaded',
        text: `Still serving the previous reports. ${clip(outcome.error, 1500)}`,
        tone: 'error',
        ephemeral: true,
      };
    }
    return {
      title: 'Knowledge reloaded',
      text: `${outcome.summary[0]!.toUpperCase()}${outcome.summary.slice(1)}, in ${Math.round(outcome.ms)} ms.`,
      tone: 'notice',
      ephemeral: true,
    };
  },
});

import { defineCommand, HIDE } from '../src/bot/command.ts';
import '../src/insights/service.ts';

const PERIODS = { '7': 7, '30': 30 } as const;

/** "7", "30", "7d" or "30 days": the periods /insights offers. */
function readPeriod(value: string): number | undefined {
  const match = /^\s*(7|30)\s*(d|days?)?\s*$/i.exec(value);
  return match ? PERIODS[match[1] as keyof typeof PERIODS] : undefined;
}

/** Server admins see what members ask: what went unanswered, what is asked most, which answers got 👎. */
export default defineCommand({
  name: 'insights',
  description: 'What members ask, what the bot could not answer, and the answers they disliked (Manage Server)',
  adminOnly: true,
  options: {
    period: {
      type: 'string',
      description: 'How far back: 7 or 30 days (default 7)',
      autocomplete: true,
      maxLength: 10,
      check: (value) => (readPeriod(value) ? undefined : 'period must be 7 or 30 (days).'),
    },
    hide: HIDE,
  },
  examples: ['/insights', '/insights period:30'],
  autocomplete: () => [
    { name: 'Last 7 days', value: '7' },
    { name: 'Last 30 days', value: '30' },
  ],
  run: async ({ period }, ctx) => {
    const insights = ctx.services.insights;
    if (!insights)
      return { text: 'Insights are not available here: the bot has no store.', tone: 'notice', ephemeral: true };
    const days = period === undefined ? 7 : readPeriod(period);
    if (days === undefined) return { text: 'period must be 7 or 30 (days).', tone: 'notice', ephemeral: true };
    // Always ephemeral: members' questions are for the admins' eyes.
    return insights.report(ctx.guildId!, days, ctx.now);
  },
});

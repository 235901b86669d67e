import type { MessageCommand } from '../src/bot/command.ts';
import { SAVE_AS_FAQ } from '../src/handoff/service.ts';

/**
 * Right-click a helper's reply in a hand-off thread → Apps → Save as FAQ answer: the /faq add form,
 * pre-filled with the member's question and that reply. Discord's adapter opens the form itself
 * (src/adapters/discord/handoffFlow.ts), since a form must be its first answer; this is what any
 * other transport says.
 */
const saveAsFaq: MessageCommand = {
  kind: 'message',
  name: SAVE_AS_FAQ,
  description: "Save a helper's reply in a hand-off thread as the server's curated answer",
  run: () => ({
    text: "Save as FAQ answer works on Discord, on a helper's reply in a hand-off thread. Here, use /faq add.",
    tone: 'notice',
    ephemeral: true,
  }),
};
export default saveAsFaq;

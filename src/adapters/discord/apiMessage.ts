import type { APIInteractionResponseCallbackData } from 'discord.js';
import type { RenderedMessage } from './render.ts';

/**
 * render.ts's message as the JSON Discord reads, which discord.js would otherwise write for us:
 * the same fields, with allowed mentions in the API's snake_case, so nobody is pinged on either path.
 */
export function toApiMessage(message: Partial<RenderedMessage>): APIInteractionResponseCallbackData {
  // Files cannot go in JSON: they are uploaded by a multipart webhook edit (answer.ts).
  const { allowedMentions, files: _uploadedSeparately, ...rest } = message;
  const body: APIInteractionResponseCallbackData = { ...rest };
  if (allowedMentions) {
    body.allowed_mentions = {
      parse: [],
      ...(allowedMentions.users ? { users: allowedMentions.users } : {}),
      replied_user: false,
    };
  }
  return body;
}

import type { REST } from '@discordjs/rest';
import { type APIInteractionResponseCallbackData, Routes } from 'discord.js';

/** The interaction's webhook: where a deferred reply is finished, after the HTTP response has gone. */
export interface InteractionWebhook {
  editOriginal(body: APIInteractionResponseCallbackData): Promise<void>;
  deleteOriginal(): Promise<void>;
  followUp(body: APIInteractionResponseCallbackData): Promise<void>;
}

export type WebhookFor = (applicationId: string, token: string) => InteractionWebhook;

/**
 * Webhook routes carry their own credential, the interaction token in the URL, so no bot token is
 * needed: `auth: false` keeps one from being sent even when the REST client has it.
 */
export function restWebhook(rest: REST): WebhookFor {
  return (applicationId, token) => ({
    async editOriginal(body) {
      await rest.patch(Routes.webhookMessage(applicationId, token, '@original'), { body, auth: false });
    },
    async deleteOriginal() {
      await rest.delete(Routes.webhookMessage(applicationId, token, '@original'), { auth: false });
    },
    async followUp(body) {
      await rest.post(Routes.webhook(applicationId, token), { body, auth: false });
    },
  });
}

import { setTimeout as sleep } from 'node:timers/promises';
import { DiscordAPIError, type RawFile, type REST } from '@discordjs/rest';
import { type APIInteractionResponseCallbackData, RESTJSONErrorCodes, Routes } from 'discord.js';
import type { RenderedMessage } from './render.ts';

/** A file for a webhook message, as @discordjs/rest uploads it (multipart, with the JSON in payload_json). */
export interface WebhookFile {
  name: string;
  data: Buffer;
  description?: string;
}

/** The interaction's webhook: where a deferred reply is finished, after the HTTP response has gone. */
export interface InteractionWebhook {
  /** With files, the edit is multipart: the only way an HTTP-answered interaction's reply carries a file. */
  editOriginal(body: APIInteractionResponseCallbackData, files?: readonly WebhookFile[]): Promise<void>;
  deleteOriginal(): Promise<void>;
  followUp(body: APIInteractionResponseCallbackData, files?: readonly WebhookFile[]): Promise<void>;
}

export type WebhookFor = (applicationId: string, token: string) => InteractionWebhook;

/** render.ts's files as a webhook uploads them. */
export function webhookFiles(files: RenderedMessage['files']): WebhookFile[] {
  return (files ?? []).map((f) => ({
    name: f.name,
    data: f.attachment,
    ...(f.description ? { description: f.description } : {}),
  }));
}

/**
 * Webhook routes carry their own credential, the interaction token in the URL, so no bot token is
 * needed: `auth: false` keeps one from being sent even when the REST client has it.
 */
export function restWebhook(rest: REST): WebhookFor {
  return (applicationId, token) => ({
    async editOriginal(body, files = []) {
      const route = Routes.webhookMessage(applicationId, token, '@original');
      await onceAcknowledged(() => rest.patch(route, { ...upload(body, files), auth: false }));
    },
    async deleteOriginal() {
      const route = Routes.webhookMessage(applicationId, token, '@original');
      await onceAcknowledged(() => rest.delete(route, { auth: false }));
    },
    async followUp(body, files = []) {
      const route = Routes.webhook(applicationId, token);
      await onceAcknowledged(() => rest.post(route, { ...upload(body, files), auth: false }));
    },
  });
}

/** Waits between tries while the interaction's webhook is still unknown; about 0.75 s in all. */
export const ACKNOWLEDGE_WAITS_MS: readonly number[] = [50, 200, 500];

/**
 * A webhook call made right after the HTTP response (a quick reply with a file) can reach Discord
 * before Discord has taken in that response, and gets Unknown Webhook: it is tried again, briefly.
 */
async function onceAcknowledged<T>(send: () => Promise<T>): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await send();
    } catch (error) {
      const wait = ACKNOWLEDGE_WAITS_MS[attempt];
      const unknown = error instanceof DiscordAPIError && error.code === RESTJSONErrorCodes.UnknownWebhook;
      if (wait === undefined || !unknown) throw error;
      await sleep(wait);
    }
  }
}

/** The request's body and files: with files, @discordjs/rest sends multipart and the body as payload_json. */
function upload(
  body: APIInteractionResponseCallbackData,
  files: readonly WebhookFile[],
): { body: unknown; files?: RawFile[] } {
  if (files.length === 0) return { body };
  // Each upload is named in `attachments` by its index, which is where its description goes.
  const attachments = files.map((f, i) => ({
    id: String(i),
    filename: f.name,
    ...(f.description ? { description: f.description } : {}),
  }));
  return { body: { ...body, attachments }, files: files.map((f) => ({ name: f.name, data: f.data })) };
}

import type { APIAttachment, APIEmbed, APIMessage, APIUser } from 'discord.js';
import { message, richEmbeds, snowflake } from '../payloads.ts';
import type { RouteRequest } from './router.ts';

/** Turns message create/edit request bodies into the message objects Discord stores and returns. */

interface MessageBody {
  content?: string | null;
  embeds?: APIEmbed[] | null;
  components?: APIMessage['components'] | null;
  flags?: number | null;
  tts?: boolean | null;
  message_reference?: APIMessage['message_reference'] | null;
}

export const EPHEMERAL = 1 << 6;
export const LOADING = 1 << 7;

function asBody(body: unknown): MessageBody {
  return typeof body === 'object' && body !== null ? (body as MessageBody) : {};
}

function attachments(files: RouteRequest['files']): APIAttachment[] {
  return files.map((file) => {
    const id = snowflake();
    const url = `https://cdn.discordapp.com/attachments/0/${id}/${encodeURIComponent(file.name)}`;
    return { id, filename: file.name, size: file.size, url, proxy_url: url, content_type: file.contentType };
  });
}

export function messageFromBody(
  req: Pick<RouteRequest, 'body' | 'files'>,
  where: { channelId: string; author: APIUser; webhookId?: string; applicationId?: string; extraFlags?: number },
): APIMessage {
  const body = asBody(req.body);
  const created = message({
    channelId: where.channelId,
    author: where.author,
    content: body.content ?? '',
    embeds: body.embeds ?? [],
    components: body.components ?? [],
    flags: (body.flags ?? 0) | (where.extraFlags ?? 0),
    tts: body.tts ?? false,
    ...(where.webhookId ? { webhookId: where.webhookId } : {}),
    ...(where.applicationId ? { applicationId: where.applicationId } : {}),
    ...(body.message_reference ? { messageReference: body.message_reference } : {}),
  });
  return { ...created, attachments: attachments(req.files) };
}

/** An edit replaces only the fields it names; finishing a deferred reply clears the loading flag. */
export function applyEdit(existing: APIMessage, req: Pick<RouteRequest, 'body' | 'files'>): APIMessage {
  const body = asBody(req.body);
  const edited: APIMessage = {
    ...existing,
    edited_timestamp: new Date().toISOString(),
    flags: (existing.flags ?? 0) & ~LOADING,
  };
  if (body.content !== undefined) edited.content = body.content ?? '';
  if (body.embeds !== undefined) edited.embeds = richEmbeds(body.embeds ?? []);
  if (body.components !== undefined) edited.components = body.components ?? [];
  if (req.files.length > 0) edited.attachments = [...existing.attachments, ...attachments(req.files)];
  return edited;
}

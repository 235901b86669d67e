import {
  type APIActionRowComponent,
  type APIButtonComponent,
  type APIEmbed,
  ButtonStyle,
  ComponentType,
  escapeMarkdown,
  MessageFlags,
} from 'discord.js';
import { LIMITS } from '../../reply/limits.ts';
import type { Reply, ReplyField } from '../../reply/types.ts';
import { alignTable } from '../../text/alignTable.ts';
import { clip } from '../../text/clip.ts';
import { encodeFeedbackId } from './feedbackId.ts';
import { encodeHandoffId } from './handoffId.ts';
import { encodePager } from './pagerId.ts';

/** A Discord message body as plain API data, so tests can inspect exactly what is sent. */
export interface RenderedMessage {
  content?: string;
  embeds: APIEmbed[];
  components: Array<APIActionRowComponent<APIButtonComponent>>;
  allowedMentions: { parse: []; users?: string[]; repliedUser: false };
  flags?: MessageFlags.Ephemeral;
  /** A reply's attachment and image, uploaded as files (discord.js sends them as multipart). */
  files?: Array<{ attachment: Buffer; name: string; description?: string }>;
}

const COLORS = { answer: 0x2b7a78, notice: 0xd4a017, error: 0xc0392b } as const;

export interface RenderOptions {
  /** Who may turn the pages of a paged reply, and until when. */
  pagerOwner?: string;
  pagerExpiresAt?: number;
}

/** The first occurrence of the answering part in bold; report text that already holds `*` or `_` is left plain. */
export function emphasise(text: string, part: string | undefined): string {
  if (!part || /[*_~`|\\]/.test(part)) return text;
  const at = text.indexOf(part);
  return at < 0 ? text : `${text.slice(0, at)}**${part}**${text.slice(at + part.length)}`;
}

/**
 * Render a reply to a Discord message. Every limit is kept here, once, whatever the
 * command produced: long text is cut on a word with an ellipsis, never mid-word, and
 * allowed mentions can ping nobody but the user the reply is addressed to.
 */
export function renderReply(reply: Reply, options: RenderOptions = {}): RenderedMessage {
  const embed: APIEmbed = { color: COLORS[reply.tone ?? 'answer'] };
  if (reply.title) embed.title = clip(oneLine(reply.title), LIMITS.title);

  const fields: ReplyField[] = [...(reply.fields ?? [])];
  let description = emphasise(reply.text ?? '', reply.emphasis);
  // The member's own words, so their Markdown is shown as typed, not applied.
  if (reply.followingUp) description += `\n*Following up on “${escapeMarkdown(reply.followingUp)}”*`;
  if (reply.table) {
    const block = codeBlock(alignTable(reply.table, 28));
    if (description.length + block.length + 2 <= LIMITS.description)
      description = description ? `${description}\n${block}` : block;
    else
      fields.push(
        ...reply.table.rows.map((r) => ({
          name: r[0] ?? '—',
          value: r
            .slice(1)
            .map((c, i) => `${reply.table!.columns[i + 1]}: ${c}`)
            .join('\n'),
        })),
      );
  }
  if (reply.related?.length) fields.push({ name: 'Related', value: reply.related.map((r) => `• ${r}`).join('\n') });
  if (reply.suggestions?.length)
    fields.push({ name: 'Did you mean', value: reply.suggestions.map((s) => `• ${s}`).join('\n') });
  if (description) embed.description = clip(description, LIMITS.description);
  if (fields.length) embed.fields = fitFields(fields);
  const footer = [reply.source, reply.pager ? `Page ${reply.pager.page} of ${reply.pager.total}` : undefined]
    .filter(Boolean)
    .join(' · ');
  if (footer) embed.footer = { text: clip(footer, LIMITS.footer) };
  fitTotal(embed);

  const rendered: RenderedMessage = {
    embeds: [embed],
    components: componentRows(reply, options),
    allowedMentions: { parse: [], repliedUser: false },
  };
  const files: NonNullable<RenderedMessage['files']> = [];
  if (reply.attachment) {
    const { name, content, description } = reply.attachment;
    files.push({
      attachment: Buffer.from(content, 'utf8'),
      name,
      ...(description ? { description: clip(description, LIMITS.attachmentDescription) } : {}),
    });
  }
  if (reply.image) {
    // Uploaded with the message and shown in the embed by name; its description is the alt text.
    const { name, png, description } = reply.image;
    files.push({
      attachment: Buffer.from(png.buffer, png.byteOffset, png.byteLength),
      name,
      description: clip(description, LIMITS.attachmentDescription),
    });
    embed.image = { url: `attachment://${name}` };
  }
  if (files.length) rendered.files = files;
  if (reply.mention) {
    rendered.content = clip(`Answer for <@${reply.mention.id}>`, LIMITS.content);
    rendered.allowedMentions.users = [reply.mention.id];
  }
  if (reply.ephemeral) rendered.flags = MessageFlags.Ephemeral;
  return rendered;
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

function codeBlock(text: string): string {
  // A user's backticks must not close the block early.
  return `\`\`\`\n${text.replace(/`/g, 'ˋ')}\n\`\`\``;
}

function fitFields(fields: ReplyField[]): NonNullable<APIEmbed['fields']> {
  const out = fields.slice(0, LIMITS.fields).map((f) => ({
    name: clip(oneLine(f.name), LIMITS.fieldName) || '—',
    value: clip(f.value, LIMITS.fieldValue) || '—',
    inline: f.inline ?? false,
  }));
  if (fields.length > LIMITS.fields)
    out[LIMITS.fields - 1] = { name: '…', value: `and ${fields.length - LIMITS.fields + 1} more`, inline: false };
  return out;
}

export function embedLength(embed: APIEmbed): number {
  return (
    (embed.title?.length ?? 0) +
    (embed.description?.length ?? 0) +
    (embed.footer?.text.length ?? 0) +
    (embed.author?.name.length ?? 0) +
    (embed.fields ?? []).reduce((n, f) => n + f.name.length + f.value.length, 0)
  );
}

/** Discord rejects an embed whose text totals over 6,000: drop trailing fields first, then shorten the description. */
function fitTotal(embed: APIEmbed): void {
  while (embedLength(embed) > LIMITS.embedTotal && embed.fields && embed.fields.length > 0) embed.fields.pop();
  if (embed.fields?.length === 0) delete embed.fields;
  const over = embedLength(embed) - LIMITS.embedTotal;
  if (over > 0 && embed.description)
    embed.description = clip(embed.description, Math.max(1, embed.description.length - over));
}

/**
 * At most three rows of five: the page buttons with 👍 and 👎 beside them, /insights' "Answer"
 * buttons, then "Ask a person" and "✅ Resolved". Discord allows five rows of five.
 */
function componentRows(reply: Reply, options: RenderOptions): Array<APIActionRowComponent<APIButtonComponent>> {
  const first: APIButtonComponent[] = [];
  if (reply.pager && options.pagerOwner)
    first.push(...pagerRow(reply, options.pagerOwner, options.pagerExpiresAt ?? Date.now()).components);
  if (reply.feedback) {
    const vote = (emoji: string, vote: 'up' | 'down'): APIButtonComponent => ({
      type: ComponentType.Button,
      style: ButtonStyle.Secondary,
      emoji: { name: emoji },
      custom_id: encodeFeedbackId({ kind: 'vote', record: reply.feedback!.record, vote }),
    });
    first.push(vote('👍', 'up'), vote('👎', 'down'));
  }
  const rows = first.length ? [{ type: ComponentType.ActionRow as const, components: first }] : [];
  const curate = (reply.curate ?? []).slice(0, 5).map(
    (c): APIButtonComponent => ({
      type: ComponentType.Button,
      style: ButtonStyle.Primary,
      label: clip(c.label, 80),
      custom_id: encodeFeedbackId({ kind: 'curate', record: c.record }),
    }),
  );
  if (curate.length) rows.push({ type: ComponentType.ActionRow, components: curate });
  const loop: APIButtonComponent[] = [];
  if (reply.handoff)
    loop.push({
      type: ComponentType.Button,
      style: ButtonStyle.Primary,
      label: 'Ask a person',
      custom_id: encodeHandoffId({ kind: 'ask-person', ...reply.handoff }),
    });
  if (reply.resolvable)
    loop.push({
      type: ComponentType.Button,
      style: ButtonStyle.Success,
      label: 'Resolved',
      emoji: { name: '✅' },
      custom_id: encodeHandoffId({ kind: 'resolved' }),
    });
  if (loop.length) rows.push({ type: ComponentType.ActionRow, components: loop });
  return rows;
}

function pagerRow(reply: Reply, owner: string, expiresAt: number): APIActionRowComponent<APIButtonComponent> {
  const { command, key, page, total } = reply.pager!;
  const button = (label: string, target: number, disabled: boolean): APIButtonComponent => ({
    type: ComponentType.Button,
    style: ButtonStyle.Secondary,
    label,
    custom_id: encodePager({ command, key, page: target, owner, expiresAt }),
    disabled,
  });
  return {
    type: ComponentType.ActionRow,
    components: [button('◀ Previous', page - 1, page <= 1), button('Next ▶', page + 1, page >= total)],
  };
}

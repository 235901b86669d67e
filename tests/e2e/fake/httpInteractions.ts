import { generateKeyPairSync, type KeyObject, sign } from 'node:crypto';
import type { APIInteraction, APIMessage, APIUser } from 'discord.js';
import type { FakeDiscord } from './FakeDiscord.ts';
import type { InteractionBuilder, InvokeOptions, OptionValues, SentInteraction } from './interactions.ts';

/**
 * Discord's side of an Interactions Endpoint URL: each interaction (built by the fake's usual
 * builders, so it looks like Discord's) is signed with an Ed25519 key pair and POSTed to the bot.
 * A 200 response is then handed to the fake's own callback route, as if the bot had called it:
 * the fake records it (so `waitForCallback` works as on the gateway path), checks it against
 * Discord's OpenAPI spec, and lets webhook edits of the original through afterwards. Those relayed
 * requests carry `x-fake-relay: http-interaction`.
 */

export interface HttpResponse {
  status: number;
  headers: Headers;
  /** Parsed JSON, or the text when the body is not JSON (undefined when empty). */
  body: unknown;
}

export interface HttpSentInteraction extends SentInteraction {
  /** The bot's HTTP response, once it has been relayed to the fake's callback route. */
  response: Promise<HttpResponse>;
}

export interface PostOptions {
  /** Unix seconds; now by default. */
  timestamp?: string;
  /** Sign with another key than the one the bot trusts. */
  key?: KeyObject;
  /** Send this signature instead of the right one; null sends none. */
  signature?: string | null;
  /** Leave out X-Signature-Timestamp. */
  withoutTimestamp?: boolean;
  method?: string;
  path?: string;
  headers?: Record<string, string>;
}

export const RELAY_HEADER = 'x-fake-relay';

export class HttpInteractions {
  /** The public key to give the bot as DISCORD_PUBLIC_KEY: 64 hex characters, as the developer portal shows it. */
  readonly publicKey: string;
  private readonly privateKey: KeyObject;
  private readonly builder: InteractionBuilder;
  private captured: APIInteraction | undefined;
  /** The exact signed bytes of each interaction delivered, so a test can replay them as an attacker would. */
  private readonly delivered = new Map<string, { body: string; timestamp: string; signature: string }>();

  /** `endpoint` is the bot's base URL, e.g. http://127.0.0.1:PORT (set it once the bot listens); interactions go to /interactions. */
  constructor(
    private readonly fake: FakeDiscord,
    public endpoint = '',
  ) {
    const { publicKey, privateKey } = generateKeyPairSync('ed25519');
    this.privateKey = privateKey;
    this.publicKey = rawPublicKeyHex(publicKey);
    this.builder = fake.interactionsVia((payload) => {
      this.captured = payload;
    });
  }

  /** Another key pair, for requests Discord did not sign. */
  static otherKey(): KeyObject {
    return generateKeyPairSync('ed25519').privateKey;
  }

  chatInput(name: string, options: OptionValues = {}, where: InvokeOptions = {}): HttpSentInteraction {
    return this.deliver(this.builder.chatInput(name, options, where));
  }

  autocomplete(name: string, options: OptionValues, focused: string, where: InvokeOptions = {}): HttpSentInteraction {
    return this.deliver(this.builder.autocomplete(name, options, focused, where));
  }

  button(customId: string, message: APIMessage, where: InvokeOptions = {}): HttpSentInteraction {
    return this.deliver(this.builder.button(customId, message, where));
  }

  select(customId: string, values: string[], message: APIMessage, where: InvokeOptions = {}): HttpSentInteraction {
    return this.deliver(this.builder.select(customId, values, message, where));
  }

  messageContextMenu(name: string, target: APIMessage, where: InvokeOptions = {}): HttpSentInteraction {
    return this.deliver(this.builder.messageContextMenu(name, target, where));
  }

  userContextMenu(name: string, target: APIUser, where: InvokeOptions = {}): HttpSentInteraction {
    return this.deliver(this.builder.userContextMenu(name, target, where));
  }

  /** A submitted form (interaction type 5): `fields` maps each text input's custom id to what was typed. */
  modalSubmit(
    customId: string,
    fields: Record<string, string>,
    message?: APIMessage,
    where: InvokeOptions = {},
  ): HttpSentInteraction {
    return this.deliver(this.builder.modalSubmit(customId, fields, message, where));
  }

  /** Discord's check of a new Interactions Endpoint URL. */
  ping(options: PostOptions = {}): Promise<HttpResponse> {
    const payload = {
      id: '1234567890123456789',
      application_id: this.fake.botUser.id,
      type: 1,
      token: 'fake-ping-token',
      version: 1,
      user: this.fake.user,
    };
    return this.post(JSON.stringify(payload), options);
  }

  /** POSTs the captured bytes, timestamp and signature of an interaction delivered before, unchanged. */
  replay(interactionId: string): Promise<HttpResponse> {
    const captured = this.delivered.get(interactionId);
    if (!captured) throw new Error(`No interaction ${interactionId} was delivered`);
    return this.post(captured.body, { timestamp: captured.timestamp, signature: captured.signature });
  }

  /** X-Signature-Ed25519 for `body` at `timestamp`, with the trusted key unless told otherwise. */
  sign(body: string | Buffer, timestamp: string, key = this.privateKey): string {
    return sign(null, Buffer.concat([Buffer.from(timestamp), Buffer.from(body)]), key).toString('hex');
  }

  /** A raw, signed POST, for the requests a test shapes itself (tampered, stale, oversized...). */
  async post(body: string | Buffer, options: PostOptions = {}): Promise<HttpResponse> {
    const timestamp = options.timestamp ?? String(Math.floor(Date.now() / 1000));
    const signature = options.signature === undefined ? this.sign(body, timestamp, options.key) : options.signature;
    const headers: Record<string, string> = { 'content-type': 'application/json', ...options.headers };
    if (signature !== null) headers['x-signature-ed25519'] = signature;
    if (!options.withoutTimestamp) headers['x-signature-timestamp'] = timestamp;
    const response = await fetch(`${this.endpoint}${options.path ?? '/interactions'}`, {
      method: options.method ?? 'POST',
      headers,
      ...(options.method === 'GET' || options.method === 'HEAD' ? {} : { body: new Uint8Array(Buffer.from(body)) }),
    });
    const text = await response.text();
    let parsed: unknown = text === '' ? undefined : text;
    try {
      parsed = JSON.parse(text);
    } catch {}
    return { status: response.status, headers: response.headers, body: parsed };
  }

  private deliver(sent: SentInteraction): HttpSentInteraction {
    const payload = this.captured;
    this.captured = undefined;
    if (!payload || payload.id !== sent.id) throw new Error('The interaction builder delivered nothing');
    const body = JSON.stringify(payload);
    const timestamp = String(Math.floor(Date.now() / 1000));
    const signature = this.sign(body, timestamp);
    this.delivered.set(sent.id, { body, timestamp, signature });
    const response = this.post(body, { timestamp, signature }).then(async (res) => {
      if (res.status === 200 && typeof res.body === 'object' && res.body !== null) await this.relay(sent, res.body);
      return res;
    });
    return { ...sent, response };
  }

  /** Hands the bot's response to the fake's callback route, where Discord's rules and the spec are checked. */
  private async relay(sent: SentInteraction, body: object): Promise<void> {
    const url = `${this.fake.apiUrl}/v10/interactions/${sent.id}/${sent.token}/callback`;
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', [RELAY_HEADER]: 'http-interaction' },
      body: JSON.stringify(body),
    });
    await response.arrayBuffer();
  }
}

/** The 32 raw bytes of an Ed25519 public key, in hex, as Discord's developer portal shows them. */
export function rawPublicKeyHex(key: KeyObject): string {
  const jwk = key.export({ format: 'jwk' });
  return Buffer.from(jwk.x ?? '', 'base64url').toString('hex');
}

import { randomBytes } from 'node:crypto';
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import type { GatewayReadyDispatchData } from 'discord.js';
import { GatewayCloseCodes, GatewayOpcodes } from 'discord.js';
import { WebSocket, WebSocketServer } from 'ws';
import { filterForIntents } from './intents.ts';
import { guildCreate } from './payloads.ts';
import { Recorder } from './recorder.ts';
import type { World } from './world.ts';
import { shardOfGuild } from './world.ts';

/**
 * The gateway: HELLO, heartbeat ACKs, IDENTIFY → READY + GUILD_CREATE, RESUME with replay.
 * Plain JSON text frames: discord.js only asks for zlib-stream when zlib-sync is installed.
 *
 * Sharding as Discord does it: an IDENTIFY with `shard: [id, n]` gets the guilds whose
 * `(guild_id >> 22) % n` is id, and every dispatch goes to the session of the shard owning its
 * guild (events without a guild, such as DMs, to shard 0). An IDENTIFY without `shard` gets
 * everything. A new IDENTIFY for the same shard takes over from the session before it.
 */

export const GATEWAY_PATH = '/gateway';

export type GatewayEvent =
  | { kind: 'connect'; at: number }
  /** A payload the client sent (op 1 heartbeat, 2 identify, 6 resume, ...). */
  | { kind: 'receive'; op: number; d: unknown; at: number }
  /** `shard`: the shard id of the session it went to, absent for a session that identified without one. */
  | { kind: 'dispatch'; t: string; s: number; at: number; shard?: number; guild?: string }
  | { kind: 'close'; code: number; by: 'client' | 'fake'; at: number };

export interface GatewayOptions {
  heartbeatIntervalMs: number;
  /** IDENTIFY asking for any of these intent bits is closed with 4014, like an unapproved privileged intent. */
  disallowedIntents: number;
  /** When set, IDENTIFY/RESUME with another token fails (4004 / invalid session). */
  token?: string;
}

/** `[shard_id, num_shards]` as IDENTIFY and READY carry it. */
export type ShardPair = [number, number];

interface Session {
  id: string;
  /** Absent: the client identified without `shard` and receives every guild. */
  shard?: ShardPair;
  intents: number;
  seq: number;
  log: { op: 0; t: string; s: number; d: unknown }[];
  socket: WebSocket | null;
}

export class FakeGateway {
  readonly events = new Recorder<GatewayEvent>();
  private readonly wss = new WebSocketServer({ noServer: true });
  private readonly sessions = new Map<string, Session>();
  /** The live session of each shard (`id/n`, or `all`): the one dispatches go to. */
  private readonly current = new Map<string, Session>();
  private readonly closingByFake = new WeakSet<WebSocket>();

  constructor(
    private readonly world: World,
    private readonly options: GatewayOptions,
    private readonly url: () => string,
  ) {}

  attach(server: Server): void {
    server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
      if (new URL(req.url ?? '/', 'http://fake').pathname !== GATEWAY_PATH) return void socket.destroy();
      this.wss.handleUpgrade(req, socket, head, (ws) => this.onConnection(ws, req));
    });
  }

  get sessionId(): string | null {
    return [...this.current.values()][0]?.id ?? null;
  }

  /** The shard pairs of the live sessions, as their IDENTIFYs gave them (undefined: unsharded). */
  get shards(): (ShardPair | undefined)[] {
    return [...this.current.values()].map((session) => session.shard);
  }

  /**
   * Sends (or, while disconnected, queues for RESUME) a dispatch to the session(s) owning its guild.
   * Returns the `s` of the first session it went to; null when intents filter it out for all.
   */
  dispatch(t: string, d: unknown): number | null {
    const guildId = guildOfEvent(t, d);
    const sessions = [...this.current.values()].filter((session) => owns(session, guildId));
    if (this.current.size === 0)
      throw new Error(`Cannot dispatch ${t}: no client has identified with the fake gateway`);
    return this.deliver(sessions, t, d);
  }

  /** Dispatches to the session of shard `shardId` whatever guild the event is in: a misrouted event. */
  dispatchToShard(shardId: number, t: string, d: unknown): number | null {
    const sessions = [...this.current.values()].filter((session) => session.shard?.[0] === shardId);
    if (sessions.length === 0) throw new Error(`Cannot dispatch ${t}: no session identified as shard ${shardId}`);
    return this.deliver(sessions, t, d);
  }

  private deliver(sessions: Session[], t: string, d: unknown): number | null {
    let first: number | null = null;
    for (const session of sessions) {
      const visible = filterForIntents(t, d, session.intents, this.world.botUser.id);
      if (!visible) continue;
      const payload = { op: 0 as const, t, s: ++session.seq, d: visible.data };
      session.log.push(payload);
      this.send(session.socket, payload, session.shard?.[0]);
      first ??= payload.s;
    }
    return first;
  }

  /** Closes the live connection(s) with `code`, e.g. 4000 (client resumes) or 4014 (client gives up); all shards unless one is named. */
  close(code: number, reason = 'Closed by the fake', shardId?: number): void {
    const sockets = [...this.current.values()]
      .filter((session) => shardId === undefined || session.shard?.[0] === shardId)
      .flatMap((session) => session.socket ?? []);
    if (sockets.length === 0) throw new Error('No live gateway connection to close');
    for (const socket of sockets) this.closeSocket(socket, code, reason);
  }

  /** Keeps the last `keep` dispatches for RESUME and forgets the recorded events: for long runs. */
  forget(keep: number): void {
    this.events.clear();
    for (const session of this.sessions.values()) session.log.splice(0, Math.max(0, session.log.length - keep));
  }

  async shutdown(): Promise<void> {
    this.events.cancelAll('Fake gateway shut down');
    for (const client of this.wss.clients) client.terminate();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
  }

  private onConnection(socket: WebSocket, req: IncomingMessage): void {
    this.record({ kind: 'connect', at: Date.now() });
    socket.on('message', (raw) => this.onPayload(socket, String(raw)));
    socket.on('close', (code) => {
      const by = this.closingByFake.has(socket) ? 'fake' : 'client';
      this.record({ kind: 'close', code, by, at: Date.now() });
      for (const session of this.sessions.values()) {
        if (session.socket !== socket) continue;
        session.socket = null;
        // Like Discord: a client closing with 1000/1001 ends its session for good.
        if (by === 'client' && (code === 1000 || code === 1001)) this.endSession(session);
      }
    });
    const params = new URL(req.url ?? '/', 'http://fake').searchParams;
    if (params.get('encoding') !== 'json' || params.has('compress')) {
      this.closeSocket(socket, GatewayCloseCodes.DecodeError, 'The fake speaks encoding=json, uncompressed');
      return;
    }
    this.send(socket, { op: GatewayOpcodes.Hello, d: { heartbeat_interval: this.options.heartbeatIntervalMs } });
  }

  private onPayload(socket: WebSocket, raw: string): void {
    let payload: { op?: unknown; d?: unknown };
    try {
      payload = JSON.parse(raw) as { op?: unknown; d?: unknown };
    } catch {
      this.closeSocket(socket, GatewayCloseCodes.DecodeError, 'Error while decoding payload.');
      return;
    }
    const op = typeof payload.op === 'number' ? payload.op : -1;
    this.record({ kind: 'receive', op, d: payload.d, at: Date.now() });
    switch (op) {
      case GatewayOpcodes.Heartbeat:
        this.send(socket, { op: GatewayOpcodes.HeartbeatAck, d: null });
        return;
      case GatewayOpcodes.Identify:
        this.identify(socket, payload.d as { token?: string; intents?: number; shard?: unknown });
        return;
      case GatewayOpcodes.Resume:
        this.resume(socket, payload.d as { token?: string; session_id?: string; seq?: number });
        return;
      case GatewayOpcodes.PresenceUpdate:
      case GatewayOpcodes.VoiceStateUpdate:
      case GatewayOpcodes.RequestGuildMembers:
        return; // Accepted and recorded; nothing to answer.
      default:
        this.closeSocket(socket, GatewayCloseCodes.UnknownOpcode, 'Unknown opcode.');
        return;
    }
  }

  private identify(socket: WebSocket, d: { token?: string; intents?: number; shard?: unknown }): void {
    if (this.options.token !== undefined && d.token !== this.options.token) {
      this.closeSocket(socket, GatewayCloseCodes.AuthenticationFailed, 'Authentication failed.');
      return;
    }
    const intents = d.intents ?? 0;
    if ((intents & this.options.disallowedIntents) !== 0) {
      this.closeSocket(socket, GatewayCloseCodes.DisallowedIntents, 'Disallowed intent(s).');
      return;
    }
    const shard = readShard(d.shard);
    if (shard === 'invalid') {
      this.closeSocket(socket, GatewayCloseCodes.InvalidShard, 'Invalid shard.');
      return;
    }
    const session: Session = { id: randomBytes(16).toString('hex'), intents, seq: 0, log: [], socket };
    if (shard) session.shard = shard;
    this.sessions.set(session.id, session);
    this.current.set(shardKey(shard), session);
    const guilds = this.world.guilds.filter((guild) => owns(session, guild.id));
    const ready: GatewayReadyDispatchData = {
      v: 10,
      user: this.world.botUser,
      guilds: guilds.map((guild) => ({ id: guild.id, unavailable: true })),
      session_id: session.id,
      resume_gateway_url: this.url(),
      shard: shard ?? [0, 1],
      application: { id: this.world.application.id, flags: this.world.application.flags, flags_new: '0' },
    };
    this.deliver([session], 'READY', ready);
    for (const guild of guilds) this.deliver([session], 'GUILD_CREATE', guildCreate(guild));
  }

  private resume(socket: WebSocket, d: { token?: string; session_id?: string; seq?: number }): void {
    const session = this.sessions.get(d.session_id ?? '');
    if (!session || (this.options.token !== undefined && d.token !== this.options.token)) {
      // d: false tells the client to identify afresh.
      this.send(socket, { op: GatewayOpcodes.InvalidSession, d: false });
      return;
    }
    session.socket = socket;
    this.current.set(shardKey(session.shard), session);
    for (const payload of session.log) if (payload.s > (d.seq ?? 0)) this.send(socket, payload);
    this.dispatch('RESUMED', null);
  }

  private endSession(session: Session): void {
    this.sessions.delete(session.id);
    const key = shardKey(session.shard);
    if (this.current.get(key) === session) this.current.delete(key);
  }

  private send(
    socket: WebSocket | null,
    payload: { op: number; d: unknown; t?: string; s?: number },
    shard?: number,
  ): void {
    if (socket?.readyState !== WebSocket.OPEN) return;
    socket.send(JSON.stringify({ t: null, s: null, ...payload }));
    if (payload.op === 0 && payload.t && payload.s) {
      const guild = guildOfEvent(payload.t, payload.d);
      this.record({
        kind: 'dispatch',
        t: payload.t,
        s: payload.s,
        at: Date.now(),
        ...(shard === undefined ? {} : { shard }),
        ...(guild === undefined ? {} : { guild }),
      });
    }
  }

  private closeSocket(socket: WebSocket, code: number, reason: string): void {
    this.closingByFake.add(socket);
    socket.close(code, reason);
  }

  private record(event: GatewayEvent): void {
    this.events.push(event);
  }
}

function shardKey(shard: ShardPair | undefined): string {
  return shard ? `${shard[0]}/${shard[1]}` : 'all';
}

/** IDENTIFY's `shard`: absent, or `[id, n]` with 0 ≤ id < n, else Discord closes with 4010 Invalid shard. */
function readShard(value: unknown): ShardPair | undefined | 'invalid' {
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value) || value.length !== 2) return 'invalid';
  const [id, count] = value as unknown[];
  if (!Number.isInteger(id) || !Number.isInteger(count)) return 'invalid';
  const pair: ShardPair = [id as number, count as number];
  return pair[1] >= 1 && pair[0] >= 0 && pair[0] < pair[1] ? pair : 'invalid';
}

/** Discord sends guild events to the guild's shard and the rest (DMs) to shard 0. */
function owns(session: Session, guildId: string | undefined): boolean {
  if (!session.shard) return true;
  const [id, count] = session.shard;
  return guildId === undefined ? id === 0 : shardOfGuild(guildId, count) === id;
}

/** The guild an event belongs to: its `guild_id`, or the guild itself for GUILD_* events about one. */
function guildOfEvent(t: string, d: unknown): string | undefined {
  const data = d as { guild_id?: unknown; id?: unknown } | null;
  if (typeof data?.guild_id === 'string' && data.guild_id !== '') return data.guild_id;
  if (t.startsWith('GUILD_') && typeof data?.id === 'string') return data.id;
  return undefined;
}

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

/**
 * The gateway: HELLO, heartbeat ACKs, IDENTIFY → READY + GUILD_CREATE, RESUME with replay.
 * Plain JSON text frames: discord.js only asks for zlib-stream when zlib-sync is installed.
 */

export const GATEWAY_PATH = '/gateway';

export type GatewayEvent =
  | { kind: 'connect'; at: number }
  /** A payload the client sent (op 1 heartbeat, 2 identify, 6 resume, ...). */
  | { kind: 'receive'; op: number; d: unknown; at: number }
  | { kind: 'dispatch'; t: string; s: number; at: number }
  | { kind: 'close'; code: number; by: 'client' | 'fake'; at: number };

export interface GatewayOptions {
  heartbeatIntervalMs: number;
  /** IDENTIFY asking for any of these intent bits is closed with 4014, like an unapproved privileged intent. */
  disallowedIntents: number;
  /** When set, IDENTIFY/RESUME with another token fails (4004 / invalid session). */
  token?: string;
}

interface Session {
  id: string;
  intents: number;
  seq: number;
  log: { op: 0; t: string; s: number; d: unknown }[];
  socket: WebSocket | null;
}

export class FakeGateway {
  readonly events = new Recorder<GatewayEvent>();
  private readonly wss = new WebSocketServer({ noServer: true });
  private readonly sessions = new Map<string, Session>();
  private current: Session | null = null;
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
    return this.current?.id ?? null;
  }

  /** Sends (or, while disconnected, queues for RESUME) a dispatch. Null when intents filter it out. */
  dispatch(t: string, d: unknown): number | null {
    const session = this.current;
    if (!session) throw new Error(`Cannot dispatch ${t}: no client has identified with the fake gateway`);
    const visible = filterForIntents(t, d, session.intents, this.world.botUser.id);
    if (!visible) return null;
    const payload = { op: 0 as const, t, s: ++session.seq, d: visible.data };
    session.log.push(payload);
    this.send(session.socket, payload);
    return payload.s;
  }

  /** Closes the live connection with `code`, e.g. 4000 (client resumes) or 4014 (client gives up). */
  close(code: number, reason = 'Closed by the fake'): void {
    const socket = this.current?.socket;
    if (!socket) throw new Error('No live gateway connection to close');
    this.closeSocket(socket, code, reason);
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
        this.identify(socket, payload.d as { token?: string; intents?: number });
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

  private identify(socket: WebSocket, d: { token?: string; intents?: number }): void {
    if (this.options.token !== undefined && d.token !== this.options.token) {
      this.closeSocket(socket, GatewayCloseCodes.AuthenticationFailed, 'Authentication failed.');
      return;
    }
    const intents = d.intents ?? 0;
    if ((intents & this.options.disallowedIntents) !== 0) {
      this.closeSocket(socket, GatewayCloseCodes.DisallowedIntents, 'Disallowed intent(s).');
      return;
    }
    const session: Session = { id: randomBytes(16).toString('hex'), intents, seq: 0, log: [], socket };
    this.sessions.set(session.id, session);
    this.current = session;
    const ready: GatewayReadyDispatchData = {
      v: 10,
      user: this.world.botUser,
      guilds: this.world.guilds.map((guild) => ({ id: guild.id, unavailable: true })),
      session_id: session.id,
      resume_gateway_url: this.url(),
      shard: [0, 1],
      application: { id: this.world.application.id, flags: this.world.application.flags, flags_new: '0' },
    };
    this.dispatch('READY', ready);
    for (const guild of this.world.guilds) this.dispatch('GUILD_CREATE', guildCreate(guild));
  }

  private resume(socket: WebSocket, d: { token?: string; session_id?: string; seq?: number }): void {
    const session = this.sessions.get(d.session_id ?? '');
    if (!session || (this.options.token !== undefined && d.token !== this.options.token)) {
      // d: false tells the client to identify afresh.
      this.send(socket, { op: GatewayOpcodes.InvalidSession, d: false });
      return;
    }
    session.socket = socket;
    this.current = session;
    for (const payload of session.log) if (payload.s > (d.seq ?? 0)) this.send(socket, payload);
    this.dispatch('RESUMED', null);
  }

  private endSession(session: Session): void {
    this.sessions.delete(session.id);
    if (this.current === session) this.current = null;
  }

  private send(socket: WebSocket | null, payload: { op: number; d: unknown; t?: string; s?: number }): void {
    if (socket?.readyState !== WebSocket.OPEN) return;
    socket.send(JSON.stringify({ t: null, s: null, ...payload }));
    if (payload.op === 0 && payload.t && payload.s) {
      this.record({ kind: 'dispatch', t: payload.t, s: payload.s, at: Date.now() });
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

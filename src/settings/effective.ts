import type { StoredAskSettings } from './store.ts';

/** What the environment sets for every server: ASK_CHANNEL_IDS and ASK_COOLDOWN_SECONDS. */
export interface AskDefaults {
  askChannelIds: readonly string[];
  cooldownSeconds: number;
}

/** The settings chat follows in one server. */
export interface AskSettings {
  askChannelIds: ReadonlySet<string>;
  /** The server's ask-channels answered in a thread from the member's message. */
  threadChannelIds: ReadonlySet<string>;
  cooldownSeconds: number;
  /** Whether the channels are the server's own (/settings ask-channels) or the environment's defaults. */
  channelsFrom: 'server' | 'defaults';
  cooldownFrom: 'server' | 'defaults';
}

/**
 * A server's own choices replace the defaults: once it lists any ask-channel, its list is the
 * whole list; once it sets a cooldown, that is its cooldown.
 */
export function effectiveAskSettings(stored: StoredAskSettings, defaults: AskDefaults): AskSettings {
  const own = stored.askChannelIds.length > 0;
  return {
    askChannelIds: new Set(own ? stored.askChannelIds : defaults.askChannelIds),
    threadChannelIds: new Set(own ? (stored.threadChannelIds ?? []) : []),
    channelsFrom: own ? 'server' : 'defaults',
    cooldownSeconds: stored.cooldownSeconds ?? defaults.cooldownSeconds,
    cooldownFrom: stored.cooldownSeconds === undefined ? 'defaults' : 'server',
  };
}

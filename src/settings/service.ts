import type { Reply } from '../reply/types.ts';
import type { AskDefaults } from './effective.ts';
import { effectiveAskSettings } from './effective.ts';
import type { AskChannelMode, AskSettingsStore } from './store.ts';

/** /settings ask-channels and /settings cooldown; supplied by the composition root. */
export interface AskSettingsService {
  addChannel(guildId: string, channelId: string, mode?: AskChannelMode): Promise<Reply>;
  removeChannel(guildId: string, channelId: string): Promise<Reply>;
  listChannels(guildId: string): Promise<Reply>;
  setCooldown(guildId: string, seconds: number): Promise<Reply>;
}

// The command framework learns of per-server settings only here, where the feature registers its service.
declare module '../bot/context.ts' {
  interface Services {
    askSettings: AskSettingsService;
  }
}

export interface AskSettingsServiceOptions {
  store: AskSettingsStore;
  defaults: AskDefaults;
  now: () => Date;
  /** Called after a server's settings change, so readers drop what they cached (and the bot can ask for Message Content). */
  changed?: (guildId: string) => void;
  /** Why the bot cannot answer in a channel (no access, not a text channel), or undefined when it can. */
  checkChannel?: (guildId: string, channelId: string) => Promise<string | undefined>;
  /** How the transport writes a channel in a reply (Discord: a link); `#id` by default. */
  channelName?: (channelId: string) => string;
  /** Who reads the channel's messages; 'here' when not given. */
  chatReading?: () => ChatReading;
}

/**
 * 'here': this process's gateway session reads chat (asking Discord for Message Content if it must).
 * 'refused': Discord refused it Message Content, so ask-channels cannot be read until a restart.
 * 'elsewhere': this process has no gateway (HTTP interactions only); the bot's gateway processes
 * read the stored setting, and whether they have Message Content cannot be told from here.
 */
export type ChatReading = 'here' | 'refused' | 'elsewhere';

export const NO_MESSAGE_CONTENT =
  'I run without the Message Content intent, so I cannot read the messages there yet: turn it on under Bot → Privileged Gateway Intents in the developer portal and restart. Mentions, DMs and /ask still work.';

/** The setting is stored; only the gateway processes can keep the promise. */
export const answeredByGateway = (channel: string) =>
  `Saved. The bot's gateway processes answer every question asked in ${channel} that the report or a curated answer answers, once they have the Message Content intent.`;

export const MAX_ASK_CHANNELS = 25;
export const MAX_COOLDOWN_SECONDS = 3600;

export function createAskSettingsService(deps: AskSettingsServiceOptions): AskSettingsService {
  const channel = deps.channelName ?? ((id: string) => `#${id}`);
  const notice = (text: string): Reply => ({ text, tone: 'notice', ephemeral: true });
  const changed = (guildId: string) => deps.changed?.(guildId);

  return {
    async addChannel(guildId, channelId, mode = 'reply') {
      const cannot = await deps.checkChannel?.(guildId, channelId);
      if (cannot) return notice(cannot);
      const stored = await deps.store.getAskSettings(guildId);
      const listed = stored.askChannelIds.includes(channelId);
      const modeNow = (stored.threadChannelIds ?? []).includes(channelId) ? 'thread' : 'reply';
      if (listed && modeNow === mode) return notice(`${channel(channelId)} is an ask-channel already.`);
      if (!listed && stored.askChannelIds.length >= MAX_ASK_CHANNELS) {
        return notice(`This server has ${MAX_ASK_CHANNELS} ask-channels, the most it can have. Remove one first.`);
      }
      await deps.store.addAskChannel(guildId, channelId, deps.now(), mode);
      changed(guildId);
      const reading = deps.chatReading?.() ?? 'here';
      if (reading === 'elsewhere') {
        return { title: 'Ask-channel added', text: answeredByGateway(channel(channelId)), tone: 'answer' };
      }
      const lines = [
        `I'll answer every question asked in ${channel(channelId)}, without being mentioned, when the report or a curated answer answers it.`,
      ];
      if (mode === 'thread')
        lines.push(
          'Each answer goes in a new thread started from the question; follow-ups in that thread continue it.',
        );
      if (reading === 'refused') lines.push(NO_MESSAGE_CONTENT);
      return { title: 'Ask-channel added', text: lines.join('\n'), tone: reading === 'here' ? 'answer' : 'notice' };
    },

    async removeChannel(guildId, channelId) {
      if (!(await deps.store.removeAskChannel(guildId, channelId))) {
        return notice(
          `${channel(channelId)} is not one of this server's ask-channels. /settings ask-channels list shows them.`,
        );
      }
      changed(guildId);
      const left = effectiveAskSettings(await deps.store.getAskSettings(guildId), deps.defaults);
      const after =
        left.channelsFrom === 'server'
          ? ''
          : left.askChannelIds.size > 0
            ? ' This server lists none now, so the defaults (ASK_CHANNEL_IDS) apply again.'
            : ' This server has no ask-channels now: members ask by mentioning me, in DMs or with /ask.';
      return {
        title: 'Ask-channel removed',
        text: `No more answers to every question in ${channel(channelId)}.${after}`,
        tone: 'answer',
      };
    },

    async listChannels(guildId) {
      const settings = effectiveAskSettings(await deps.store.getAskSettings(guildId), deps.defaults);
      const ids = [...settings.askChannelIds];
      const channels = ids.length
        ? ids.map((id) => `${channel(id)}${settings.threadChannelIds.has(id) ? ' (in threads)' : ''}`).join('\n')
        : 'None: members ask by mentioning me, in DMs or with /ask.';
      return {
        title: 'Ask-channels',
        fields: [
          {
            name: settings.channelsFrom === 'server' ? "This server's ask-channels" : 'Defaults (ASK_CHANNEL_IDS)',
            value: channels,
            inline: false,
          },
          {
            name: 'Cooldown',
            value: `${settings.cooldownSeconds} s between a member's questions${settings.cooldownFrom === 'defaults' ? ' (default, ASK_COOLDOWN_SECONDS)' : ''}`,
            inline: false,
          },
        ],
        tone: 'answer',
        ephemeral: true,
      };
    },

    async setCooldown(guildId, seconds) {
      if (!Number.isInteger(seconds) || seconds < 0 || seconds > MAX_COOLDOWN_SECONDS) {
        return notice(
          `The cooldown is a whole number of seconds from 0 to ${MAX_COOLDOWN_SECONDS}; ${seconds} is not.`,
        );
      }
      await deps.store.setAskCooldown(guildId, seconds, deps.now());
      changed(guildId);
      return {
        title: 'Cooldown set',
        text:
          seconds === 0
            ? 'No cooldown: members may ask in chat as often as they like.'
            : `Members may ask in chat once every ${seconds} s; questions in between are left unanswered.`,
        tone: 'answer',
      };
    },
  };
}

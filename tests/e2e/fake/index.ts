/** A fake Discord (REST + gateway) for end-to-end tests with a real discord.js Client. See README.md. */

export type { FakeDiscordOptions, ForumPost, ForumPostFields, ResolvedOptions, UserMessage } from './FakeDiscord.ts';
export { FakeDiscord } from './FakeDiscord.ts';
export type { FailRule } from './faults.ts';
export { DiscordErrors } from './faults.ts';
export type { GatewayEvent, ShardPair } from './gateway.ts';
export { PRIVILEGED_INTENTS } from './intents.ts';
export type { InvokeOptions, OptionValues, SentInteraction } from './interactions.ts';
export type { GuildModel } from './payloads.ts';
export type { RecordedRequest, SpecViolation } from './rest.ts';
export { SpecValidator } from './specValidator.ts';
export type { GuildConfig, InteractionRecord } from './world.ts';
export { shardOfGuild, snowflakeOnShard } from './world.ts';

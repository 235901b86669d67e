/**
 * Where forum-answer settings and the claims on answered posts live. As for daily posts, the
 * database decides who answers: every method is async so a networked database can implement it.
 */
export interface ForumStore {
  /** The forum channel whose new posts the bot answers in this guild, if any. */
  getForumChannel(guildId: string): Promise<string | undefined>;
  /** Makes `channelId` the guild's answered forum, replacing any other. */
  setForumChannel(guildId: string, channelId: string, now: Date): Promise<void>;
  /** Stops answering in the guild; false when nothing was set. */
  clearForumChannel(guildId: string): Promise<boolean>;
  /**
   * Atomically takes the post (its thread) for `owner`: true for exactly one caller, ever,
   * however many processes race or however often the post's events are delivered.
   */
  claimThread(threadId: string, guildId: string, owner: string, now: Date): Promise<boolean>;
}

/** The hand-off loop as stored: who helps, each hand-off, and the threads the bot opened or answered in. */

/** /settings helpers: the role pinged in a hand-off, where hand-off threads go, and each member's daily limit. */
export interface HelperSettings {
  roleId: string;
  /** The helpers' channel; without one, the thread starts from the answer (or in its channel). */
  channelId?: string;
  /** Hand-offs a member may start per day in this server. */
  dailyLimit: number;
}

export interface HandoffRecord {
  /** A record id (src/insights/records.ts newRecordId): random, so it cannot be guessed. */
  id: string;
  guildId: string;
  askerId: string;
  question: string;
  threadId?: string;
  createdAt: Date;
  /** When a person other than the asker first wrote in the thread. */
  firstAnswerAt?: Date;
  /** When a helper's reply was saved as a curated answer. */
  savedAt?: Date;
}

/** What the bot keeps of a thread: hand-offs, forum posts it answered, and answers given in a thread. */
export type ThreadKind = 'handoff' | 'forum' | 'answer';

export interface FollowedThread {
  threadId: string;
  guildId: string;
  askerId: string;
  kind: ThreadKind;
  createdAt: Date;
  /** A person other than the asker wrote there: the bot stays out from then on. */
  otherRepliedAt?: Date;
  /** Marked ✅ Resolved: the bot never posts there again. */
  resolvedAt?: Date;
}

/** What /insights counts of the loop in a period. */
export interface LoopCounts {
  handoffs: number;
  /** Hand-offs a person answered. */
  answered: number;
  /** For each answered hand-off, milliseconds from the hand-off to the first answer. */
  firstAnswerMs: number[];
  saved: number;
  resolved: number;
}

export interface HandoffStore {
  getHelpers(guildId: string): Promise<HelperSettings | undefined>;
  setHelpers(guildId: string, settings: HelperSettings, now: Date): Promise<void>;
  /** False when the server had none. */
  clearHelpers(guildId: string): Promise<boolean>;
  /**
   * Stores a hand-off unless its asker already started `limit` in this guild since `since`, or one
   * with this id exists: false then. One statement, so two presses at once cannot both pass the limit
   * on one database.
   */
  addHandoff(record: HandoffRecord, limit: number, since: Date): Promise<boolean>;
  /** Gives back a hand-off whose thread could not be opened, so it does not count against the member. */
  removeHandoff(id: string): Promise<void>;
  setHandoffThread(id: string, threadId: string): Promise<void>;
  handoffByThread(threadId: string): Promise<HandoffRecord | undefined>;
  getHandoff(id: string): Promise<HandoffRecord | undefined>;
  /** False when the thread holds no hand-off. The first save counts; later ones change nothing. */
  markHandoffSaved(threadId: string, at: Date): Promise<boolean>;
  /** Starts following a thread; nothing when it is followed already. */
  followThread(thread: Omit<FollowedThread, 'createdAt' | 'otherRepliedAt' | 'resolvedAt'>, at: Date): Promise<void>;
  getFollowedThread(threadId: string): Promise<FollowedThread | undefined>;
  /** A person other than the asker wrote in the thread; true the first time. A hand-off's first answer too. */
  markOtherReplied(threadId: string, at: Date): Promise<boolean>;
  /** True the first time; false when it was resolved already or is not followed. */
  markResolved(threadId: string, at: Date): Promise<boolean>;
  loopCounts(guildId: string, since: Date): Promise<LoopCounts>;
  /** Deletes hand-offs and followed threads made before `cutoff`, with the insights' retention. */
  purgeHandoffs(cutoff: Date): Promise<{ handoffs: number; threads: number }>;
}

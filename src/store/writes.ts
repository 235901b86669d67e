import type { BotStore } from './botStore.ts';

/**
 * Every store method that changes something, and how a log line names that change when it was
 * not stored (`a curated answer was not stored: the disk is full (SQLITE_FULL)`). Both dialects
 * name it alike, so an operator's alert matches whichever database runs.
 */
export const WRITES = {
  upsertSchedule: 'a daily schedule',
  pause: 'pausing a daily schedule',
  claimPost: 'a daily post claim',
  takeOverClaim: 'taking over a daily post claim',
  releaseClaim: 'releasing a daily post claim',
  finishPost: 'the outcome of a daily post',
  cancelRetry: 'cancelling a daily post retry',
  recordError: 'a daily post error',
  setForumChannel: 'the forum channel',
  clearForumChannel: 'clearing the forum channel',
  claimThread: 'a forum post claim',
  insightsSalt: 'the insights salt',
  recordQuestion: 'a question for /insights',
  recordVote: 'a vote',
  setVoteComment: 'a vote comment',
  purgeInsights: 'the insights purge',
  addCurated: 'a curated answer',
  updateCurated: 'a change to a curated answer',
  removeCurated: 'removing a curated answer',
  addAskChannel: 'an ask-channel',
  removeAskChannel: 'removing an ask-channel',
  setAskCooldown: 'the cooldown',
  setAnswerMode: 'the answer mode',
  setHelpers: 'the helpers setting',
  clearHelpers: 'clearing the helpers setting',
  addHandoff: 'a hand-off',
  removeHandoff: 'giving back a hand-off',
  setHandoffThread: "a hand-off's thread",
  markHandoffSaved: 'a hand-off saved as a curated answer',
  followThread: 'a thread the bot follows',
  markOtherReplied: 'a reply in a followed thread',
  markResolved: 'a thread marked resolved',
  purgeHandoffs: 'the hand-offs purge',
  probeWrites: 'the health check',
} as const satisfies Partial<Record<keyof BotStore, string>>;

export type WriteMethod = keyof typeof WRITES;

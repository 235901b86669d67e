/** Discord's message and embed limits. Every rendered reply keeps them. */
export const LIMITS = {
  content: 2000,
  title: 256,
  description: 4096,
  fields: 25,
  fieldName: 256,
  fieldValue: 1024,
  footer: 2048,
  embedTotal: 6000,
  choiceName: 100,
  choices: 25,
  /** An attachment's description, which Discord shows as the alt text. */
  attachmentDescription: 1024,
  /** Ours, not Discord's: the quoted earlier question of a follow-up stays one short line. */
  followingUp: 100,
} as const;

/** A curated answer: what a server's admins wrote, and the phrasings of the question it answers. */
export interface CuratedAnswer {
  /** Numbered by the store, unique across servers; shown in /faq list and used by /faq edit and remove. */
  id: number;
  guildId: string;
  /** One to MAX_PHRASINGS ways members ask it, as the admin typed them. */
  phrasings: string[];
  answer: string;
  createdAt: Date;
  updatedAt: Date;
}

/** The limits for /faq add. */
export const MAX_PHRASINGS = 5;
export const MAX_ANSWER_LENGTH = 1000;
/** Ours: a phrasing is a question, kept to what /ask accepts in one line of a list. */
export const MAX_PHRASING_LENGTH = 200;
/** Ours: curated answers a server may keep, so matching stays a short scan and /faq list stays readable. */
export const MAX_CURATED_PER_GUILD = 200;

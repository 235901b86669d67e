/** A platform-neutral reply: commands build these, adapters render them. */

export interface ReplyField {
  name: string;
  value: string;
  inline?: boolean;
}

export interface ReplyTable {
  columns: string[];
  rows: string[][];
}

export interface UserRef {
  id: string;
  name: string;
}

export type Tone = 'answer' | 'notice' | 'error';

export interface Reply {
  title?: string;
  text?: string;
  /** The part of `text` that answers (a date, figure or name): Discord shows it in bold. */
  emphasis?: string;
  fields?: ReplyField[];
  /** Shown as aligned text, since Discord does not render Markdown tables. */
  table?: ReplyTable;
  /** "Document › Section", shown as the footer. */
  source?: string;
  related?: string[];
  suggestions?: string[];
  /** The user the reply is addressed to: the only one it may ping. */
  mention?: UserRef;
  ephemeral?: boolean;
  tone?: Tone;
  /** Set on replies to a question: whether the report answered it (false for "not covered" and invalid input). */
  answered?: boolean;
  /** The earlier question a follow-up was read against, shown so the member sees what was assumed. */
  followingUp?: string;
  /** Further pages of a long reply; the reply itself is page 1 of `pager.total`. */
  pager?: Pager;
  /** The stored answer this reply is: Discord puts 👍 and 👎 under it, voting on that record. */
  feedback?: { record: string };
  /** A file sent with the reply: Discord uploads it, text transports print it. */
  attachment?: ReplyAttachment;
  /** A chart of what the reply says: Discord shows it in the embed; the text stays, as the fallback and for text transports. */
  image?: ReplyImage;
  /** Questions an admin may answer with /faq add: Discord gives each a button opening a pre-filled form. */
  curate?: Array<{ label: string; record: string }>;
  /**
   * The question a person can take over: Discord puts "Ask a person" under the reply, which only
   * `asker` may press, opening a thread for the server's helpers (src/handoff).
   */
  handoff?: { record: string; asker: string };
  /** A message in a hand-off thread or an answered forum post: Discord puts "✅ Resolved" under it. */
  resolvable?: boolean;
}

export interface ReplyAttachment {
  name: string;
  content: string;
  description?: string;
}

/** A PNG picture; `description` is its alt text and states the figures it shows. */
export interface ReplyImage {
  name: string;
  png: Uint8Array;
  description: string;
}

export interface Pager {
  /** Which command can rebuild any page, and from what key. */
  command: string;
  key: string;
  page: number;
  total: number;
}

/** What the transport reports for one attempt to post, in words an admin can act on. */
export type SendResult =
  | { ok: true; messageId: string }
  | {
      ok: false;
      /** Retrying will not help: the channel is gone, the bot lacks access, the post was refused. */
      kind: 'permanent';
      reason: string;
      /**
       * Set when the server's admins must fix something before any later post can succeed: the
       * schedule then pauses until /daily set, rather than failing again every day.
       */
      pauseReason?: string;
    }
  /** May work later: server errors, timeouts, rate limits. */
  | { ok: false; kind: 'transient'; reason: string };

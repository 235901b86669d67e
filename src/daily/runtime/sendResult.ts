/** What the transport (the Discord adapter) reports for one attempt to post. */
export type SendResult =
  | { ok: true; messageId: string }
  /** Retrying will not help, e.g. Discord error codes below. */
  | { ok: false; kind: 'permanent'; code: number; reason: string }
  /** May work later: 5xx, timeouts, rate limits. */
  | { ok: false; kind: 'transient'; reason: string };

/**
 * Failures a server admin must fix (channel gone, bot lacks access); posting again each day would
 * only fail again, so the schedule pauses until /daily set. Other permanent failures fail only
 * that day's post: they are not the server's to fix.
 */
const PAUSING_CODES: ReadonlyMap<number, string> = new Map([
  [10003, 'the channel no longer exists'],
  [50001, 'the bot cannot see the channel'],
  [50013, 'the bot lacks permission to post in the channel'],
]);

export function pauseReasonFor(code: number, reason: string): string | undefined {
  const explanation = PAUSING_CODES.get(code);
  return explanation === undefined ? undefined : `${explanation} (Discord error ${code}: ${reason})`;
}

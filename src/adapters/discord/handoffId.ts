/**
 * The custom ids of the hand-off loop's buttons. Like page and feedback buttons they are stateless:
 * "Ask a person" holds the recorded question and the member who asked it (the only one who may
 * press it); "✅ Resolved" needs nothing, since the thread it is pressed in is the one to resolve.
 */
export type HandoffId = { kind: 'ask-person'; record: string; asker: string } | { kind: 'resolved' };

const RECORD = /^[0-9A-Za-z_-]{1,60}$/;
const SNOWFLAKE = /^\d{1,20}$/;

export function encodeHandoffId(id: HandoffId): string {
  return id.kind === 'resolved' ? 'rs' : `ho|${id.record}|${id.asker}`;
}

/** The id's meaning, or undefined when it is malformed or forged. */
export function decodeHandoffId(customId: string): HandoffId | undefined {
  if (customId === 'rs') return { kind: 'resolved' };
  const parts = customId.split('|');
  const [prefix, record, asker] = parts;
  if (prefix === 'ho' && parts.length === 3 && record && RECORD.test(record) && asker && SNOWFLAKE.test(asker))
    return { kind: 'ask-person', record, asker };
  return undefined;
}

/** Whether a custom id is this file's business at all, so a malformed one still gets its clear answer. */
export function isHandoffId(customId: string): boolean {
  return /^(ho|rs)(\||$)/.test(customId);
}

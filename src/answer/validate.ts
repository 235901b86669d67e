export const MIN_QUESTION_LENGTH = 3;
export const MAX_QUESTION_LENGTH = 1000;

/** A message for input that cannot be a question, or undefined when it can. */
export function rejectInput(raw: string, cleaned: string): string | undefined {
  if (raw.trim() === '') return 'Please type a question about the report, for example "When was the KIA founded?"';
  if (raw.length > MAX_QUESTION_LENGTH) {
    return `That question is ${raw.length.toLocaleString('en-US')} characters long; please keep it under ${MAX_QUESTION_LENGTH.toLocaleString('en-US')}.`;
  }
  const letters = cleaned.replace(/[^\p{L}\p{N}]/gu, '');
  if (letters.length < MIN_QUESTION_LENGTH) {
    return 'That is too short to answer. Ask a full question, for example "Why does Myanmar matter?"';
  }
  return undefined;
}

/**
 * Strip what chat adds around a question: Discord mentions, custom emoji, links and
 * Markdown. Fuse.js extended-search operators (' ! ^ = |) need no escaping here because
 * questions are tokenised to words before any Fuse search sees them.
 */
export function sanitizeQuestion(raw: string): string {
  return raw
    .replace(/<a?:\w+:\d+>/g, ' ')
    .replace(/<(?:@[!&]?|#)\d+>/g, ' ')
    .replace(/@(everyone|here)\b/gi, ' ')
    .replace(/https?:\/\/\S+/g, ' ')
    .replace(/[`*_~>|]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

import { fold } from '../text/fold.ts';

/**
 * Messages that are not questions about a report, whatever words they share with it:
 * sums ("what is 2+2" would otherwise match India's market share of 2), chit-chat, and
 * requests to make something. Read before analysis, so no table row can answer them.
 */
export type Stray = 'arithmetic' | 'chit-chat' | 'request';

const NUMBER = String.raw`[-+]?\d+(?:[.,]\d+)?`;
const OPERATOR = '(?:[-+*/x×÷^]|plus|minus|times|multiplied by|divided by|over|to the power of|squared|cubed)';
/** "2+2", "what is 15 * 3", "calculate 7 divided by 2", "whats 3 + 3 =" */
const ARITHMETIC = new RegExp(
  String.raw`^(?:(?:what|whats|what's|how much) (?:is|are|does|do)?\s*|calculate |compute |solve |evaluate )?${NUMBER}(?:\s*${OPERATOR}\s*${NUMBER})+\s*(?:=|equals?)?\s*\??$|^(?:what is |whats |what's )?(?:the )?square root of ${NUMBER}\s*\??$`,
);

/** Greetings, thanks and talk about the bot itself. */
const GREETING =
  /^(?:hi|hello|hey|heya|hiya|yo|sup|howdy|greetings|good (?:morning|afternoon|evening|night)|gm|gn|thanks|thank you|thx|ty|cheers|bye|goodbye|see you|ok|okay|cool|nice|great|lol|lmao|haha|hehe|wow)\b/;
const SMALL_TALK =
  /^(?:(?:how are you|how r u|how are u|how's it going|hows it going|how do you do|what's up|whats up|wassup|what are you|who are you|who made you|who built you|are you (?:a bot|real|human|alive|sentient|there)|do you like me|i love you|you(?:'re| are) (?:great|awesome|dumb|stupid|useless|cool)|good bot|bad bot|nice bot)\b.*|(?:bot|there|everyone|all|guys|folks|friend|buddy|mate)?)$/;
/** Asking the bot to make something: an answer about a report is never a poem. */
const REQUEST =
  /^(?:(?:can|could|would|will) you |please |pls |plz |i want you to |go )*(?:write|compose|make|create|generate|draw|paint|sing|rap|tell|give|translate|code|program)(?: me| us)? (?:a |an |some |another |one )?(?:(?:short|long|funny|little|good|new|nice|cute|sad|happy) )*(?:poems?|songs?|story|stories|jokes?|haikus?|limericks?|essays?|raps?|lyrics|riddles?|tweets?|recipes?|pictures?|images?|drawings?|paintings?|sonnets?|ballads?|scripts?|programs?|code|fun facts?)\b/;

export function strayIntent(question: string): Stray | undefined {
  const text = fold(question)
    .replace(/[!.,;:~]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  if (ARITHMETIC.test(text.replace(/\s*\?\s*$/, '?'))) return 'arithmetic';
  if (REQUEST.test(text)) return 'request';
  const greeting = GREETING.exec(text);
  // "hey, when was the KIA founded?" is a question after a greeting; only the greeting alone is chat.
  const rest = greeting
    ? text
        .slice(greeting[0].length)
        .replace(/^[\s?]+/, '')
        .replace(/^(?:bot|there|guys|everyone|all|folks)\b\s*/, '')
    : text;
  if (SMALL_TALK.test(rest.replace(/\s*\?+$/, '')) && (greeting || rest !== '')) return 'chit-chat';
  return undefined;
}

/** What each kind of stray message is told. */
export const STRAY_REPLY: Record<Stray, string> = {
  arithmetic: "I only answer questions about the report, and sums aren't in it.",
  'chit-chat': 'Hello! I answer questions about the report, with its sources.',
  request: 'I only answer questions about the report, from its own words; I can’t write that.',
};

/**
 * "kia?", "dysprosium?": a bare name with a question mark asks what it is. Up to three
 * words, none of them a question word.
 */
export function bareNameQuestion(question: string): string | undefined {
  const m = /^\s*([\p{L}\p{N}][\p{L}\p{N}'’ .()-]{0,40}?)\s*\?+\s*$/u.exec(question);
  if (!m) return undefined;
  const name = m[1]!;
  const parts = name.split(/\s+/);
  if (parts.length > 3) return undefined;
  if (
    /^(what|who|whom|whose|when|where|why|how|which|is|are|was|were|do|does|did|can|could|will|would|should|has|have|had|and|or|so|really|ok|okay|huh|eh)$/i.test(
      parts[0]!,
    )
  )
    return undefined;
  return `what is ${name}?`;
}

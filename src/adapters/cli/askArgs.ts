import { echo } from '../../text/echo.ts';

export const USAGE = `Usage: npm run ask -- [--json] "<question>"
       npm run --silent ask -- [--json] [--conversation] < questions.txt
Answers a question about the report, or one question per line of standard input.
  --json           one JSON object per answer, for scripts
  --conversation   read each line as the next turn of one conversation, so a follow-up
                   ("and Japan?", "why?") is read against the last answer, as in Discord chat
  --help           show this text
  --               end of options: what follows is the question, even if it starts with "-"`;

export type AskPlan =
  | { kind: 'help' }
  | { kind: 'misuse'; problem: string }
  | { kind: 'question'; question: string; json: boolean }
  /**
   * One question per input line; `prompt` when a person types them at a terminal; `conversation`
   * when the lines are turns of one conversation rather than questions on their own.
   */
  | { kind: 'lines'; json: boolean; prompt: boolean; conversation?: true };

const FLAG = /^--?[A-Za-z]/;

/** What `npm run ask` was asked to do. Unknown flags are refused: folded into the question, a typo would be answered. */
export function planAsk(argv: readonly string[], stdinIsTerminal: boolean): AskPlan {
  let json = false;
  let conversation = false;
  const words: string[] = [];
  let optionsEnded = false;
  for (const arg of argv) {
    if (optionsEnded) words.push(arg);
    else if (arg === '--') optionsEnded = true;
    else if (!FLAG.test(arg)) words.push(arg);
    else if (arg === '--json') json = true;
    else if (arg === '--conversation') conversation = true;
    else if (arg === '--help' || arg === '-h') return { kind: 'help' };
    else return { kind: 'misuse', problem: `Unknown option ${echo(arg, 40)}.` };
  }
  const question = words.join(' ').trim();
  if (question !== '') return { kind: 'question', question, json };
  // One question has nothing to follow up: --conversation matters only for lines.
  return { kind: 'lines', json, prompt: stdinIsTerminal, ...(conversation ? { conversation: true as const } : {}) };
}

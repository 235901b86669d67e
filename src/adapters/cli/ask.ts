/**
 * npm run ask -- "question"            prints the answer for a person
 * npm run --silent ask -- --json "q"   prints one JSON object
 * npm run --silent ask -- --json < questions.txt   one JSON object per input line, in order
 * npm run ask -- --conversation < turns.txt        each line a turn of one conversation (follow-ups)
 * npm run ask -- --help                prints the usage
 */
import { createInterface } from 'node:readline';
import { commands } from '../../../commands/index.ts';
import { createAnswerEngine } from '../../answer/engine.ts';
import { ask } from '../../ask/service.ts';
import { execute } from '../../bot/execute.ts';
import { findCommand, SLASH } from '../../bot/registry.ts';
import { Conversations } from '../../conversation/conversations.ts';
import { knowledgeOrExit } from '../../knowledgeOrExit.ts';
import { renderText } from '../../reply/renderText.ts';
import { answerJson } from './answerJson.ts';
import { planAsk, USAGE } from './askArgs.ts';

const plan = planAsk(process.argv.slice(2), process.stdin.isTTY === true);
if (plan.kind === 'help') {
  process.stdout.write(`${USAGE}\n`);
  process.exit(0);
}
if (plan.kind === 'misuse') {
  // Exit 2 is a usage error, as for other command-line tools.
  process.stderr.write(`${plan.problem}\n${USAGE}\n`);
  process.exit(2);
}

const { json } = plan;
const engine = knowledgeOrExit(() => createAnswerEngine());
const askCommand = findCommand(commands, 'ask', SLASH)!;
// No server: no curated answers, nothing recorded. Conversations only when asked for, as one person's.
const conversation = plan.kind === 'lines' && plan.conversation ? 'cli' : undefined;
const conversations = conversation ? new Conversations() : undefined;
const services = conversations ? { conversations } : {};
const user = { id: 'cli', name: 'cli' };

// People get the same reply /ask gives, as the console shows it; scripts get the answer itself, with its confidence.
async function render(question: string): Promise<string> {
  const now = new Date();
  if (!json) {
    const context = { engine, user, canManageGuild: false, now, conversation, services };
    return renderText(await execute(askCommand, { question }, context));
  }
  const { answer } = await ask({ engine, ...services }, question, { conversation, record: false, now });
  // Without a server there is no curated answer, so the engine always answers.
  return answerJson(answer!);
}

if (plan.kind === 'question') {
  process.stdout.write(`${await render(plan.question)}\n`);
} else if (plan.prompt) {
  // Someone at a terminal with no question: say what to do rather than wait in silence.
  process.stderr.write('Type a question and press Enter; Ctrl-D ends. npm run ask -- --help shows the options.\n');
  const lines = createInterface({ input: process.stdin, output: process.stderr, prompt: 'question> ' });
  // Ctrl-D during an answer closes the interface while buffered lines are still read (Node 24 throws on a prompt then).
  let closed = false;
  lines.once('close', () => {
    closed = true;
  });
  lines.prompt();
  for await (const line of lines) {
    if (line.trim() !== '') process.stdout.write(`${await render(line)}\n${json ? '' : '\n'}`);
    if (!closed) lines.prompt();
  }
} else {
  const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
  for await (const line of lines) process.stdout.write(`${await render(line)}\n${json ? '' : '\n'}`);
}

import type { Command } from '../src/bot/command.ts';
import { findCommand } from '../src/bot/registry.ts';
import ask from './ask.ts';
import askTheReport from './askTheReport.ts';
import benefits from './benefits.ts';
import compare from './compare.ts';
import daily from './daily.ts';
import faq from './faq.ts';
import { makeHelp } from './help.ts';
import insights from './insights.ts';
import market from './market.ts';
import reload from './reload.ts';
import saveAsFaq from './saveAsFaq.ts';
import section from './section.ts';
import settings from './settings.ts';
import summary from './summary.ts';
import timeline from './timeline.ts';

/** Every command the bot registers. Add a command file, then list it here. */
export const commands: Command[] = [];
commands.push(
  ask,
  timeline,
  compare,
  market,
  benefits,
  section,
  summary,
  makeHelp(() => commands),
  daily,
  settings,
  insights,
  faq,
  reload,
  askTheReport,
  saveAsFaq,
);

/** A command of this bot by name, as tests and scripts look them up. */
export function commandNamed(name: string): Command | undefined {
  return findCommand(commands, name);
}

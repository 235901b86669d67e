/**
 * The reports in knowledge/ are every command-line entry point's first need. When they cannot be
 * loaded (no report, an empty or unreadable file) the person at the terminal gets one line saying
 * what is wrong and with which file, as `npm start` gives, never a stack trace.
 */
export function knowledgeProblem(error: unknown): string {
  return `Could not load the reports in knowledge/: ${error instanceof Error ? error.message : String(error)}`;
}

export function knowledgeOrExit<T>(load: () => T, report: (line: string) => void = console.error): T {
  try {
    return load();
  } catch (error) {
    report(knowledgeProblem(error));
    process.exit(1);
  }
}

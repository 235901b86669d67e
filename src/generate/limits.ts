/** Every number of generated answers that is chosen rather than learned, in one place, with why. */
export const GENERATION = {
  /** Sources sent to the model: the engine's top candidates, deduplicated. More rarely helps a short answer. */
  maxSources: 6,
  /**
   * About 1,500 tokens of sources at ~4 characters a token (English prose): enough for six
   * sentences or rows, small enough for an 8k-context local model with room for the answer.
   */
  sourceCharBudget: 6000,
  /** The longest answer asked for; the reply shows at most about 400 characters anyway. */
  maxTokens: 300,
  /** Sampling off: the answer should restate the sources, not vary. */
  temperature: 0,
  /** Consecutive failures that open the circuit breaker. One 5xx may be a blip; three are an outage. */
  failuresToOpen: 3,
  /** The minute: a failing server is not called again for this long. */
  openMs: 60_000,
  /** Discord allows about five edits in five seconds per message; one a second leaves room for the rest. */
  editEveryMs: 1000,
} as const;

/**
 * Every evaluation set, the report it asks about, and the floor the tests hold it to.
 * questions and train are trained on; heldout, blind and nickel never are, and their
 * misses are not read while tuning. Floors sit just under the measured figures so a
 * regression fails CI; the README gives the figures themselves.
 */
export interface EvalSet {
  file: string;
  /** Report file relative to the repo root; undefined asks the shipped knowledge/ folder. */
  report?: string;
  trained: boolean;
  /** Only for the kinds of question the set holds: a floor over no question would pass whatever the engine did. */
  floor: { right?: number; offTopic?: number; notCovered?: number };
}

export const EVAL_SETS: readonly EvalSet[] = [
  { file: 'questions.jsonl', trained: true, floor: { right: 0.95, offTopic: 0.8 } },
  { file: 'train.jsonl', trained: true, floor: { right: 0.88, offTopic: 0.95, notCovered: 0.75 } },
  {
    file: 'vietnam-train.jsonl',
    report: 'tests/fixtures/training-report/vietnam-rare-earths.txt',
    trained: true,
    floor: { right: 0.85, offTopic: 0.9, notCovered: 0.4 },
  },
  { file: 'train2.jsonl', trained: true, floor: { right: 0.78, notCovered: 0.42 } },
  {
    file: 'vietnam-train2.jsonl',
    report: 'tests/fixtures/training-report/vietnam-rare-earths.txt',
    trained: true,
    floor: { right: 0.72, notCovered: 0.3 },
  },
  { file: 'offtopic-train.jsonl', trained: true, floor: { offTopic: 0.85 } },
  { file: 'heldout.jsonl', trained: false, floor: { right: 0.94, offTopic: 0.95 } },
  { file: 'blind.jsonl', trained: false, floor: { right: 0.8, offTopic: 0.95, notCovered: 0.6 } },
  { file: 'nearmiss-train.jsonl', trained: true, floor: { right: 0.9, offTopic: 0.95, notCovered: 0.78 } },
  {
    file: 'cobalt.jsonl',
    report: 'tests/fixtures/cobalt-report/congo-cobalt.txt',
    trained: true,
    floor: { right: 0.84, offTopic: 0.9, notCovered: 0.6 },
  },
  {
    file: 'greenland.jsonl',
    report: 'tests/fixtures/greenland-report/greenland-rare-earths.txt',
    // Written for this engine before it saw an answer; never tuned on.
    trained: false,
    floor: { right: 0.81, offTopic: 0.9, notCovered: 0.6 },
  },
  {
    file: 'nickel.jsonl',
    report: 'tests/fixtures/second-report/indonesia-nickel.txt',
    trained: false,
    floor: { right: 0.85, offTopic: 0.95, notCovered: 0.85 },
  },
];

/** Two-turn follow-up exchanges (tests/eval/), scored on the second turn; the floor the tests hold. */
export interface FollowUpSet {
  file: string;
  /** Whether the follow-up reader was built against this set's misses. */
  tuned: boolean;
  floor: number;
}

export const FOLLOW_UP_SETS: readonly FollowUpSet[] = [
  { file: 'followups.jsonl', tuned: true, floor: 0.93 },
  // Scored once before any change (20/24); two rules were then added with its misses in view.
  { file: 'followups-blind.jsonl', tuned: true, floor: 0.87 },
];

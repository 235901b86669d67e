/**
 * The learning behind model/policy.json: a listwise ranker and a logistic answerability
 * model, both fitted by full-batch Adam from zero weights, so a run is deterministic.
 */

export interface RankGroup {
  /** One feature row per candidate. */
  features: number[][];
  correct: boolean[];
  /** Characters of each candidate's answer: among right answers the shorter is the better reply. */
  lengths: number[];
  weight: number;
}

export interface Example {
  x: number[];
  y: 0 | 1;
  weight: number;
}

export interface FitOptions {
  epochs: number;
  rate: number;
  l2: number;
}

/** Softmax cross-entropy over each question's candidates, the correct ones sharing the target. */
export function fitRanker(groups: readonly RankGroup[], dim: number, fit: FitOptions): number[] {
  const w = new Array<number>(dim).fill(0);
  const adam = new Adam(dim, fit.rate);
  const usable = groups.filter((g) => g.correct.some(Boolean) && g.correct.some((c) => !c));
  const total = usable.reduce((s, g) => s + g.weight, 0) || 1;
  for (let epoch = 0; epoch < fit.epochs; epoch++) {
    const grad = w.map((v) => fit.l2 * v);
    for (const g of usable) {
      const scores = g.features.map((x) => dot(w, x));
      const max = Math.max(...scores);
      const exp = scores.map((s) => Math.exp(s - max));
      const z = exp.reduce((a, b) => a + b, 0);
      const target = targets(g);
      g.features.forEach((x, i) => {
        const diff = (exp[i]! / z - target[i]!) * (g.weight / total);
        for (let d = 0; d < dim; d++) grad[d]! += diff * x[d]!;
      });
    }
    adam.step(w, grad);
  }
  return w.map(round);
}

/** The ranker's target: the right candidates share it, the shorter ones more ("short and right first"). */
function targets(g: RankGroup): number[] {
  const raw = g.correct.map((c, i) => (c ? 1 / Math.sqrt(Math.max(20, g.lengths[i]!)) : 0));
  const sum = raw.reduce((a, b) => a + b, 0);
  return raw.map((r) => r / sum);
}

export function fitLogistic(
  examples: readonly Example[],
  dim: number,
  fit: FitOptions,
): { weights: number[]; bias: number } {
  const w = new Array<number>(dim + 1).fill(0);
  const adam = new Adam(dim + 1, fit.rate);
  const total = examples.reduce((s, e) => s + e.weight, 0) || 1;
  for (let epoch = 0; epoch < fit.epochs; epoch++) {
    const grad = w.map((v, i) => (i < dim ? fit.l2 * v : 0));
    for (const e of examples) {
      const p = sigmoid(dot(w, e.x) + w[dim]!);
      const diff = (p - e.y) * (e.weight / total);
      for (let d = 0; d < dim; d++) grad[d]! += diff * e.x[d]!;
      grad[dim]! += diff;
    }
    adam.step(w, grad);
  }
  return { weights: w.slice(0, dim).map(round), bias: round(w[dim]!) };
}

/**
 * The probability below which a question is refused: the given share of the answerable
 * training questions falls under it (their weights counted), so answerable questions are
 * refused about that often.
 */
export function thresholdFor(probabilities: ReadonlyArray<{ p: number; weight: number }>, refuseShare: number): number {
  const sorted = [...probabilities].sort((a, b) => a.p - b.p);
  const total = sorted.reduce((s, x) => s + x.weight, 0);
  let seen = 0;
  for (const x of sorted) {
    seen += x.weight;
    if (seen / total > refuseShare) return round(x.p);
  }
  return round(sorted[sorted.length - 1]?.p ?? 0.5);
}

/**
 * The threshold that best tells positives from negatives (the mean of the two classes'
 * weighted accuracies), among those that wrongly refuse at most `maxRefused` of the positives.
 */
export function balancedThreshold(
  rows: ReadonlyArray<{ p: number; positive: boolean; weight: number }>,
  maxRefused: number,
): number {
  const pos = rows.filter((r) => r.positive);
  const neg = rows.filter((r) => !r.positive);
  if (pos.length === 0 || neg.length === 0) return 0.5;
  const mass = (list: typeof rows, t: number) =>
    list.filter((r) => r.p < t).reduce((s, r) => s + r.weight, 0) / list.reduce((s, r) => s + r.weight, 0);
  let best = { t: 0, score: -1 };
  for (const t of [...new Set(rows.map((r) => round(r.p)))].sort((a, b) => a - b)) {
    const refused = mass(pos, t);
    if (refused > maxRefused) break;
    const score = (1 - refused + mass(neg, t)) / 2;
    if (score > best.score) best = { t, score };
  }
  return best.t;
}

class Adam {
  private readonly m: number[];
  private readonly v: number[];
  private t = 0;
  constructor(
    dim: number,
    private readonly rate: number,
  ) {
    this.m = new Array<number>(dim).fill(0);
    this.v = new Array<number>(dim).fill(0);
  }

  step(w: number[], grad: readonly number[]): void {
    this.t++;
    const b1 = 0.9;
    const b2 = 0.999;
    for (let i = 0; i < w.length; i++) {
      this.m[i] = b1 * this.m[i]! + (1 - b1) * grad[i]!;
      this.v[i] = b2 * this.v[i]! + (1 - b2) * grad[i]! ** 2;
      const mh = this.m[i]! / (1 - b1 ** this.t);
      const vh = this.v[i]! / (1 - b2 ** this.t);
      w[i]! -= (this.rate * mh) / (Math.sqrt(vh) + 1e-8);
    }
  }
}

function dot(w: readonly number[], x: readonly number[]): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += w[i]! * x[i]!;
  return s;
}

function sigmoid(z: number): number {
  return 1 / (1 + Math.exp(-z));
}

/** Six decimals: enough for the decision, and a policy file that diffs cleanly. */
function round(n: number): number {
  return Math.round(n * 1e6) / 1e6;
}

/** Read "85", "<1", "10%" or "2.5" as a number for ranking; "<1" ranks just under 1. */
export function numericValue(value: string): number | undefined {
  const m = /^\s*([<>~≈]?)\s*(\d+(?:\.\d+)?)\s*%?\s*$/.exec(value);
  if (!m) return undefined;
  const n = Number(m[2]);
  if (m[1] === '<') return n - 0.5;
  if (m[1] === '>') return n + 0.5;
  return n;
}

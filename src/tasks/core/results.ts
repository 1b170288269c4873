/** Turning model outputs into the results users see. */

/** One class and how sure the model is (0–1). */
export interface Classification {
  label: string;
  confidence: number;
}

/**
 * The `k` most likely classes, best first. Column `i` of `probs` stands for `labels[i - offset]`
 * (leading columns without a label, such as 'background', are skipped).
 *
 * @example
 * topClasses(Float32Array.from([0.1, 0.7, 0.2]), ['a', 'b', 'c'], 0, 2); // [{label: 'b', …}, {label: 'c', …}]
 */
export function topClasses(probs: ArrayLike<number>, labels: readonly string[], offset: number, k: number): Classification[] {
  const idx: number[] = [];
  for (let i = offset; i < probs.length && i - offset < labels.length; i++) idx.push(i);
  idx.sort((a, b) => probs[b] - probs[a] || a - b);
  return idx.slice(0, Math.max(1, Math.min(k, idx.length))).map((i) => ({ label: labels[i - offset], confidence: probs[i] }));
}

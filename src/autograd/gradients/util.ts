import { reshape, sum, type Tensor } from '../../tensor/index.js';

/** Sums a broadcast gradient back to the operand's shape. */
export function unbroadcast(g: Tensor, shape: readonly number[]): Tensor {
  if (g.shape.join() === shape.join()) return g;
  const lead = g.rank - shape.length;
  const axes: number[] = [];
  for (let i = 0; i < g.rank; i++) {
    if (i < lead || (shape[i - lead] === 1 && g.shape[i] !== 1)) axes.push(i);
  }
  return reshape(axes.length ? sum(g, axes) : g, [...shape]);
}

import type { KernelAttrs } from '../core/backend.js';
import type { Tensor } from '../tensor/index.js';

/** What a gradient rule sees of one recorded kernel call. Tensors are kept alive for it. */
export interface SavedCall {
  inputs: Tensor[];
  outputs: Tensor[];
  attrs: KernelAttrs;
}

/**
 * A gradient rule: given the gradients flowing into the kernel's outputs (`dys[i]` for output i,
 * zeros when that output was not used), returns the gradient of each input (null when the input
 * is not differentiable, e.g. indices).
 */
export type GradientRule = (dys: Tensor[], call: SavedCall) => (Tensor | null)[];

const RULES = new Map<string, GradientRule>();

/**
 * Registers the gradient of kernel `name`. Rules are written with front-end ops, never inside a
 * backend, so every backend gets them for free.
 *
 * @example
 * registerGradient('Exp', ([dy], { outputs: [y] }) => [mul(dy, y)]);
 */
export function registerGradient(name: string, rule: GradientRule): void {
  RULES.set(name, rule);
}

/** The rule for a kernel, if any. */
export function gradientRule(name: string): GradientRule | undefined {
  return RULES.get(name);
}

/** Kernels that have a gradient rule (for tests). */
export function kernelsWithGradients(): string[] {
  return [...RULES.keys()].sort();
}

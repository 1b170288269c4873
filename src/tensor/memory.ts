import { describeValue, raise } from '../errors/index.js';
import { collectTensors, ENGINE, type MemoryInfo } from './engine.js';
import { Tensor } from './tensor.js';

/**
 * Runs `fn` and frees every tensor it made, except those it returns (and those passed to `keep`).
 * `fn` must be synchronous; for async code use `scope`.
 *
 * @example
 * const y = sprout.tidy(() => sprout.tensor([1, 2]).square().sum()); // the intermediate is freed
 */
export function tidy<T>(fn: () => T): T {
  if (typeof fn !== 'function') raise('scope.badFunction', { op: 'tidy', got: describeValue(fn) });
  return ENGINE.tidy(fn);
}

/**
 * Like `tidy`, but also across `await`: every tensor made while the async function runs is freed
 * when it ends, except those it returns and those kept. (TF.js' tidy cannot do this.)
 * Tensors made meanwhile by other code running concurrently also belong to the scope: `keep()`
 * what must outlive it.
 *
 * @example
 * const result = await sprout.scope(async () => {
 *   const x = sprout.tensor([1, 2, 3]);
 *   const values = await x.square().data();
 *   return values;
 * });
 */
export function scope<T>(fn: () => Promise<T> | T): Promise<T> {
  if (typeof fn !== 'function') raise('scope.badFunction', { op: 'scope', got: describeValue(fn) });
  return ENGINE.scope(fn);
}

/**
 * Keeps a tensor alive past the end of the enclosing `tidy` / `scope`.
 *
 * @example
 * let kept;
 * sprout.tidy(() => { kept = sprout.keep(sprout.ones([2])); });
 */
export function keep<T extends Tensor>(t: T): T {
  return ENGINE.keep(t);
}

/**
 * Frees a tensor, or every tensor inside an array or object.
 *
 * @example
 * sprout.dispose([a, b]);
 */
export function dispose(container: unknown): void {
  const found = new Set<Tensor>();
  collectTensors(container, found);
  for (const t of found) t.dispose();
}

/**
 * How much memory tensors hold: `numTensors`, `numDataBuffers`, `numBytes`, and per backend.
 *
 * @example
 * console.log(sprout.memory().numTensors);
 */
export function memory(): MemoryInfo {
  return ENGINE.memory();
}

/**
 * Switches to a backend ('cpu', later 'webgl' or 'webgpu'), loading it if needed.
 * Resolves to false when the backend cannot start here (no GPU, say).
 *
 * @example
 * await sprout.setBackend('cpu');
 */
export function setBackend(name: string): Promise<boolean> {
  return ENGINE.setBackend(name);
}

/** The name of the active backend. @example sprout.getBackend(); // 'cpu' */
export function getBackend(): string {
  return ENGINE.backendName();
}

/** Resolves when the active backend is ready. @example await sprout.ready(); */
export function ready(): Promise<void> {
  return ENGINE.ready();
}

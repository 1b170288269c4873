/**
 * Callbacks the ml5 way: every task method takes an optional callback `(results, error)` as its
 * last argument and also returns a Promise. A function anywhere else is a mistake worth naming.
 */
import { raise } from '../../errors/index.js';

/** Called with the results, or with `(undefined, error)` when the work failed. */
export type TaskCallback<T> = (results: T | undefined, error?: unknown) => void;

/**
 * Sends a promise's outcome to `callback` (when given) and returns the promise. With a callback the
 * promise counts as handled, so a failure reported to the callback is not also an unhandled rejection.
 *
 * @example
 * return settle(this.whenReady(() => this.classifyNow(img)), callback);
 */
export function settle<T>(promise: Promise<T>, callback?: TaskCallback<T>): Promise<T> {
  if (typeof callback === 'function') promise.then((r) => callback(r, undefined), (e) => callback(undefined, e));
  return promise;
}

/**
 * Splits a method's arguments into the values and the trailing callback. A function before the last
 * place (or where a value must be) raises the friendly "callback in the wrong position" message.
 * `usage` is the method's signature as users write it, e.g. `classify(image, k?, callback?)`.
 *
 * @example
 * const { values: [k], callback } = splitCallback('classify', 'classify(image, k?, callback?)', rest, 1);
 */
export function splitCallback(method: string, usage: string, args: readonly unknown[], firstIndex = 0): { values: unknown[]; callback?: TaskCallback<never> } {
  let end = args.length;
  while (end > 0 && args[end - 1] === undefined) end--;
  const last = end > 0 ? args[end - 1] : undefined;
  const callback = typeof last === 'function' ? (last as TaskCallback<never>) : undefined;
  const values = args.slice(0, callback ? end - 1 : end);
  values.forEach((v, i) => {
    if (typeof v === 'function') raise('task.callbackPosition', { method, position: ordinal(firstIndex + i + 1), usage });
  });
  return { values, callback };
}

const ordinal = (n: number): string => ['first', 'second', 'third', 'fourth', 'fifth'][n - 1] ?? `number ${n}`;

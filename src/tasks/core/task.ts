/**
 * The task framework every Sprout task is built on (imageClassifier, featureExtractor, knnClassifier,
 * and the tasks of later issues):
 *
 * - a factory returns a Promise that resolves to the ready task object (the object itself is not a
 *   thenable), and the object has `.ready`;
 * - methods called before the model is ready wait for it (`whenReady`);
 * - every method takes an optional callback `(results, error)` and returns a Promise (`settle`);
 * - calling a task method on the factory's Promise (a forgotten `await`) raises the friendly message
 *   that says to add `await`;
 * - inside p5 1.x's `preload()` the factory returns the object itself: a p5 integration installs a
 *   `PreloadHook` with `setPreloadHook` (this layer never imports p5).
 */
import { raise } from '../../errors/index.js';
import { settle, type TaskCallback } from './callbacks.js';

/**
 * How a p5 integration makes factories preload-aware. While `isPreloading()` is true (p5 1.x is
 * running `preload()`), factories return the task object itself and hand its `ready` promise to
 * `track`, which should hold p5's `setup()` until it settles (p5 1.x: `_incrementPreload()` now,
 * `_decrementPreload()` when ready).
 */
export interface PreloadHook {
  isPreloading(): boolean;
  track(ready: Promise<unknown>, taskName: string): void;
}

let preloadHook: PreloadHook | null = null;

/**
 * Installs (or, with null, removes) the preload hook. For the p5 integration.
 *
 * @example
 * setPreloadHook({ isPreloading: () => inPreload, track: (ready) => { p._incrementPreload(); ready.finally(() => p._decrementPreload()); } });
 */
export function setPreloadHook(hook: PreloadHook | null): void {
  preloadHook = hook;
}

/** What the factory gives: a Promise of the task (or, inside p5 1.x preload, the task itself). */
export type TaskPromise<T> = Promise<T>;

/**
 * Base class of the tasks: holds `ready` and the wait-then-run helper. Subclasses call `begin()` once
 * in their constructor with their loading work.
 */
export abstract class Task {
  /** Resolves to the task once its model is loaded (rejects with the loading error). */
  ready!: Promise<this>;
  /** The task's name in messages, e.g. 'imageClassifier'. */
  readonly taskName: string;

  protected constructor(taskName: string) {
    this.taskName = taskName;
  }

  /** Starts loading; `ready` settles with it. A failure is reported by the factory and by every method. */
  protected begin(load: () => Promise<void>): void {
    this.ready = Promise.resolve().then(load).then(() => this);
    this.ready.catch(() => undefined);
  }

  /**
   * Runs `work` once the task is ready, reporting to `callback` too.
   *
   * @example
   * classify(img, cb) { return this.whenReady(() => this.classifyNow(img), cb); }
   */
  protected whenReady<R>(work: () => R | Promise<R>, callback?: TaskCallback<R>): Promise<R> {
    return settle(this.ready.then(() => work()), callback);
  }
}

/** Method names of a task (own prototype chain up to Object), for the forgotten-await guard. */
function methodNames(obj: object): string[] {
  const names = new Set<string>();
  for (let p = Object.getPrototypeOf(obj); p && p !== Object.prototype; p = Object.getPrototypeOf(p)) {
    for (const n of Object.getOwnPropertyNames(p)) {
      if (n === 'constructor' || n.startsWith('_')) continue;
      const d = Object.getOwnPropertyDescriptor(p, n);
      if (d && typeof d.value === 'function') names.add(n);
    }
  }
  return [...names];
}

const PROMISE_NAMES = new Set(['then', 'catch', 'finally']);

/**
 * Ends a task factory: returns a Promise resolving to the ready task, whose task-method names raise
 * the forgotten-await message; calls `callback(task)` (or `callback(undefined, error)`) when loaded.
 * Inside p5 1.x preload (see `setPreloadHook`) returns the task itself.
 *
 * @example
 * export function knnClassifier(callback?) { return finishFactory(new KNNClassifier(), callback); }
 */
export function finishFactory<T extends Task>(task: T, callback?: TaskCallback<T>): TaskPromise<T> {
  if (preloadHook?.isPreloading()) {
    preloadHook.track(task.ready, task.taskName);
    if (callback) settle(task.ready, callback);
    return task as unknown as TaskPromise<T>;
  }
  const promise = settle(task.ready.then(() => task), callback);
  for (const name of methodNames(task)) {
    if (PROMISE_NAMES.has(name)) continue;
    Object.defineProperty(promise, name, {
      value: () => raise('task.forgotAwait', { task: task.taskName, method: name }),
      configurable: true,
    });
  }
  return promise;
}

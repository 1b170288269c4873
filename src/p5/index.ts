/**
 * p5.js integration.
 *
 * - p5 1.x: a task factory called inside `preload()` returns the task object itself and holds
 *   `setup()` until the model is ready (global and instance mode). Sprout registers p5's
 *   'beforePreload' hook, which runs right before each sketch's `preload()`; while that `preload()`
 *   runs, factories add to the sketch's preload count (`_incrementPreload`) and take it back
 *   (`_decrementPreload`) when the model is ready or has failed.
 * - p5 2.x: there is no preload; `await sprout.imageClassifier()` in `async setup()` just works.
 *   Sprout registers itself with `p5.registerAddon` so p5 knows about it.
 *
 * Loaded with a script tag after p5, Sprout finds `window.p5` by itself; loaded before p5, it
 * registers the moment p5 defines `window.p5`. With a bundler, call `setP5(p5)`.
 */
import { setPreloadHook } from '../tasks/index.js';

/** The parts of a p5 1.x sketch instance that the preload integration uses. */
interface P5Instance {
  _incrementPreload?: () => void;
  _decrementPreload?: () => void;
}

/** The parts of the p5 constructor used here (1.x: prototype.registerMethod; 2.x: registerAddon). */
interface P5Constructor {
  prototype?: { registerMethod?: (name: string, fn: (this: P5Instance) => void) => void };
  registerAddon?: (addon: (p5: unknown, fn: unknown, lifecycles: Record<string, unknown>) => void) => void;
  VERSION?: string;
}

const registered = new WeakSet<object>();
/** The sketch whose `preload()` is running right now (set just before it, cleared right after). */
let preloading: P5Instance | null = null;

setPreloadHook({
  isPreloading: () => preloading !== null,
  track(ready) {
    const sketch = preloading;
    if (!sketch || typeof sketch._incrementPreload !== 'function' || typeof sketch._decrementPreload !== 'function') return;
    sketch._incrementPreload();
    // Released whether loading worked or not: a failed model must not freeze the sketch on
    // "Loading…"; its friendly error is reported through the task (callback, methods, console).
    ready.then(
      () => sketch._decrementPreload!(),
      (err: unknown) => {
        console.error(err instanceof Error ? err.message : err);
        sketch._decrementPreload!();
      },
    );
  },
});

/**
 * Tells Sprout which p5 to work with (needed with bundlers, where p5 is not `window.p5`).
 * Safe to call more than once.
 *
 * @example
 * import p5 from 'p5';
 * import * as sprout from 'sprout-ml';
 * sprout.setP5(p5);
 */
export function setP5(p5: unknown): void {
  const P = p5 as P5Constructor | null;
  if (!P || (typeof P !== 'function' && typeof P !== 'object') || registered.has(P)) return;
  registered.add(P);
  if (typeof P.registerAddon === 'function') {
    // p5 2.x: nothing to hold (setup can be async); register so the sketch lists Sprout as an addon.
    P.registerAddon(() => undefined);
    return;
  }
  const register = P.prototype?.registerMethod;
  if (typeof register !== 'function') return;
  register.call(P.prototype, 'beforePreload', function beforePreload(this: P5Instance) {
    preloading = this;
    // `preload()` runs synchronously right after this hook; a microtask runs once it has returned.
    const sketch = this;
    queueMicrotask(() => {
      if (preloading === sketch) preloading = null;
    });
  });
}

/**
 * Finds `window.p5` now or, when Sprout's script comes before p5's, the moment p5 defines itself:
 * p5 1.x copies registered hooks into each sketch when the sketch is made, and an instance-mode
 * sketch is made right after p5 loads, so Sprout must register before that.
 */
function autoDetect(): void {
  const w = typeof window !== 'undefined' ? (window as unknown as { p5?: unknown }) : undefined;
  if (!w) return;
  if (w.p5) {
    setP5(w.p5);
    return;
  }
  try {
    Object.defineProperty(w, 'p5', {
      configurable: true,
      enumerable: true,
      get: () => undefined,
      set(value: unknown) {
        // Become a plain property again, then register with the p5 that just arrived.
        Object.defineProperty(w, 'p5', { value, writable: true, configurable: true, enumerable: true });
        setP5(value);
      },
    });
  } catch {
    // A frozen or exotic window: fall back to looking again once the page has loaded.
    window.addEventListener('load', () => { if (w.p5) setP5(w.p5); });
  }
}

autoDetect();

// The p5 integration against a stand-in with p5 1.x's hook API (registerMethod('beforePreload'),
// _incrementPreload/_decrementPreload) and p5 2.x's registerAddon. The real p5 1.11 and 2.3 run in
// test/p5/p5-browser.test.ts.
import { describe, expect, it, vi } from 'vitest';
import { setP5 } from '../../src/p5/index.js';
import { knnClassifier } from '../../src/tasks/index.js';

function fakeP5v1() {
  const hooks: Record<string, ((this: unknown) => void)[]> = {};
  function P5(this: { count: number }) { this.count = 0; }
  P5.prototype.registerMethod = (name: string, fn: (this: unknown) => void) => { (hooks[name] ??= []).push(fn); };
  P5.prototype._incrementPreload = function (this: { count: number }) { this.count++; };
  P5.prototype._decrementPreload = function (this: { count: number }) { this.count--; };
  /** Runs a sketch's preload the way p5 1.x does: hook, then preload() synchronously. */
  const runPreload = (sketch: { count: number }, preload: () => void) => {
    for (const h of hooks.beforePreload ?? []) h.call(sketch);
    preload();
  };
  return { P5, hooks, runPreload };
}

describe('p5 integration', () => {
  it('p5 1.x: a factory inside preload() returns the task itself and holds setup until it is ready', async () => {
    const { P5, hooks, runPreload } = fakeP5v1();
    setP5(P5);
    expect(hooks.beforePreload).toHaveLength(1);
    const sketch = new (P5 as unknown as new () => { count: number })();
    let made: unknown;
    runPreload(sketch, () => { made = knnClassifier(); });
    expect(made).not.toBeInstanceOf(Promise);
    expect(typeof (made as { addExample: unknown }).addExample).toBe('function');
    expect(sketch.count).toBe(1); // setup is held
    await (made as { ready: Promise<unknown> }).ready;
    await Promise.resolve();
    expect(sketch.count).toBe(0); // and released once ready
  });

  it('p5 1.x: outside preload() the factory returns a Promise as usual', async () => {
    const { P5, runPreload } = fakeP5v1();
    setP5(P5);
    const sketch = new (P5 as unknown as new () => { count: number })();
    runPreload(sketch, () => undefined);
    await Promise.resolve(); // preload() has returned
    const made = knnClassifier();
    expect(made).toBeInstanceOf(Promise);
    await made;
    expect(sketch.count).toBe(0);
  });

  it('p5 2.x: Sprout registers itself as an addon, once', () => {
    const registerAddon = vi.fn();
    const P5 = { registerAddon };
    setP5(P5);
    setP5(P5);
    expect(registerAddon).toHaveBeenCalledTimes(1);
  });

  it('ignores things that are not p5', () => {
    expect(() => { setP5(undefined); setP5(42); setP5({}); }).not.toThrow();
  });
});

/**
 * Continuous work on a video (classifyStart/predictStart): one frame at a time. The next frame is
 * scheduled only after the previous result was delivered, so calls never pile up however slow the
 * model is.
 */

const nextFrame = (fn: () => void): void => {
  const raf = (globalThis as { requestAnimationFrame?: (cb: () => void) => number }).requestAnimationFrame;
  if (typeof raf === 'function') raf(fn);
  else setTimeout(fn, 0);
};

/** A start/stop loop. `start(step)` replaces a running loop; `stop()` ends it after the current step. */
export class FrameLoop {
  private generation = 0;
  /** Steps run so far in the current loop (for tests and debugging). */
  steps = 0;

  get running(): boolean {
    return this.generation % 2 === 1;
  }

  /**
   * Runs `step` again and again, each after the previous one finished. A step that throws stops the
   * loop after `onError` is told.
   *
   * @example
   * loop.start(async () => callback(await this.classify(video)), (e) => callback(undefined, e));
   */
  start(step: () => Promise<void>, onError: (e: unknown) => void): void {
    this.stop();
    const mine = ++this.generation;
    this.steps = 0;
    const tick = async (): Promise<void> => {
      if (this.generation !== mine) return;
      try {
        await step();
        this.steps++;
      } catch (e) {
        if (this.generation === mine) this.stop();
        onError(e);
        return;
      }
      if (this.generation === mine) nextFrame(() => void tick());
    };
    nextFrame(() => void tick());
  }

  /** Ends the loop after the step in progress. @example loop.stop(); */
  stop(): void {
    if (this.running) this.generation++;
  }
}

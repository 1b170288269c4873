/**
 * Learning-rate schedules (Keras' `ExponentialDecay`, `InverseTimeDecay`): functions
 * `(step) => lr` that any optimizer takes as its learning rate. Each carries `className` and
 * `config`, so an optimizer's `getConfig()` can serialize it.
 */
import { checkNumberOption } from './lookup.js';
import type { LearningRateSchedule } from './optimizer.js';

/** Configuration of `exponentialDecay` and `inverseTimeDecay`. */
export interface DecayConfig {
  initialLearningRate: number;
  decaySteps: number;
  decayRate: number;
  /** Decay in whole intervals of `decaySteps` (a staircase) instead of continuously. */
  staircase?: boolean;
}

function checkDecay(op: string, config: DecayConfig): Required<DecayConfig> {
  const c = config ?? ({} as DecayConfig);
  return {
    initialLearningRate: checkNumberOption(op, 'initialLearningRate', c.initialLearningRate, { min: 0 }),
    decaySteps: checkNumberOption(op, 'decaySteps', c.decaySteps, { min: 0, minExclusive: true }),
    decayRate: checkNumberOption(op, 'decayRate', c.decayRate, { min: 0 }),
    staircase: !!c.staircase,
  };
}

function schedule(fn: (step: number) => number, className: string, config: Required<DecayConfig>): LearningRateSchedule {
  const f = fn as LearningRateSchedule;
  f.className = className;
  f.config = { ...config };
  return f;
}

/**
 * `lr(step) = initialLearningRate · decayRate^(step / decaySteps)` (the exponent floored when
 * `staircase`).
 *
 * @example
 * const lr = sprout.train.exponentialDecay({ initialLearningRate: 0.1, decaySteps: 100, decayRate: 0.5 });
 * const opt = sprout.train.sgd(lr); // 0.1, then 0.05 after 100 steps, 0.025 after 200…
 */
export function exponentialDecay(config: DecayConfig): LearningRateSchedule {
  const c = checkDecay('exponentialDecay', config);
  return schedule((step) => {
    const p = step / c.decaySteps;
    return c.initialLearningRate * Math.pow(c.decayRate, c.staircase ? Math.floor(p) : p);
  }, 'ExponentialDecay', c);
}

/**
 * `lr(step) = initialLearningRate / (1 + decayRate · step / decaySteps)` (the ratio floored when
 * `staircase`).
 *
 * @example
 * const lr = sprout.train.inverseTimeDecay({ initialLearningRate: 0.1, decaySteps: 1, decayRate: 0.5 });
 */
export function inverseTimeDecay(config: DecayConfig): LearningRateSchedule {
  const c = checkDecay('inverseTimeDecay', config);
  return schedule((step) => {
    const p = step / c.decaySteps;
    return c.initialLearningRate / (1 + c.decayRate * (c.staircase ? Math.floor(p) : p));
  }, 'InverseTimeDecay', c);
}

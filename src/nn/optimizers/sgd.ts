/** Plain gradient descent and gradient descent with momentum (TF.js `SGD` and `Momentum`). */
import { add, mul, zerosLike, type Tensor, type Variable } from '../../tensor/index.js';
import { checkNumberOption } from './lookup.js';
import { Optimizer, type LearningRate, type OptimizerOptions, type SlotSpec } from './optimizer.js';

/** Configuration of `train.sgd`. */
export interface SGDConfig extends OptimizerOptions {
  learningRate: LearningRate;
}

/** Configuration of `train.momentum`. */
export interface MomentumConfig extends OptimizerOptions {
  learningRate: LearningRate;
  momentum: number;
  useNesterov?: boolean;
}

/**
 * Stochastic gradient descent: `w ← w − lr·g`.
 *
 * @example
 * const opt = sprout.train.sgd(0.1);
 */
export class SGDOptimizer extends Optimizer {
  readonly className: string = 'SGD';

  constructor(config: SGDConfig, op = 'sgd') {
    super(op, config.learningRate, config);
  }

  protected slotSpecs(): SlotSpec[] {
    return [];
  }

  protected updateVariable(value: Variable, gradient: Tensor, lr: number, _slots?: Record<string, Variable>): void {
    value.assign(add(mul(-lr, gradient), value));
  }

  protected hyperparameters(): Record<string, unknown> {
    return {};
  }
}

/**
 * Gradient descent with momentum: `a ← m·a + g`, then `w ← w − lr·a` (or, Nesterov,
 * `w ← w − lr·(g + m·a)`), exactly as TF.js' MomentumOptimizer.
 *
 * @example
 * const opt = sprout.train.momentum(0.01, 0.9, true);
 */
export class MomentumOptimizer extends SGDOptimizer {
  override readonly className: string = 'Momentum';
  protected momentum: number;
  readonly useNesterov: boolean;

  constructor(config: MomentumConfig) {
    super(config, 'momentum');
    this.momentum = checkNumberOption('momentum', 'momentum', config.momentum, { min: 0 });
    this.useNesterov = !!config.useNesterov;
  }

  /** Changes the momentum coefficient. */
  setMomentum(momentum: number): void {
    this.momentum = checkNumberOption('momentum', 'momentum', momentum, { min: 0 });
  }

  protected override slotSpecs(): SlotSpec[] {
    return [{ name: 'momentum', init: (v) => zerosLike(v) }];
  }

  protected override updateVariable(value: Variable, gradient: Tensor, lr: number, slots: Record<string, Variable>): void {
    const acc = slots.momentum;
    const m = this.momentum;
    const newAcc = add(mul(m, acc), gradient);
    const newValue = this.useNesterov
      ? add(mul(-lr, add(gradient, mul(newAcc, m))), value)
      : add(mul(-lr, newAcc), value);
    acc.assign(newAcc);
    value.assign(newValue);
  }

  protected override hyperparameters(): Record<string, unknown> {
    return { momentum: this.momentum, useNesterov: this.useNesterov };
  }
}

/** Adagrad and Adadelta (TF.js `Adagrad`, `Adadelta`). */
import { add, div, fill, mul, sqrt, square, zerosLike, type Tensor, type Variable } from '../../tensor/index.js';
import { checkNumberOption } from './lookup.js';
import { Optimizer, type LearningRate, type OptimizerOptions, type SlotSpec } from './optimizer.js';

/** Configuration of `train.adagrad`. */
export interface AdagradConfig extends OptimizerOptions {
  learningRate: LearningRate;
  initialAccumulatorValue?: number;
}

/** Configuration of `train.adadelta`. */
export interface AdadeltaConfig extends OptimizerOptions {
  learningRate?: LearningRate;
  rho?: number;
  epsilon?: number;
}

/** TF.js' CPU backend epsilon, which its Adagrad uses. */
const EPSILON = 1e-7;

/**
 * Adagrad: `s ← s + g²`, `w ← w − lr·g/√(s + ε)`, the accumulator starting at
 * `initialAccumulatorValue`.
 *
 * @example
 * const opt = sprout.train.adagrad(0.01);
 */
export class AdagradOptimizer extends Optimizer {
  readonly className: string = 'Adagrad';
  readonly initialAccumulatorValue: number;

  constructor(config: AdagradConfig) {
    super('adagrad', config.learningRate, config);
    this.initialAccumulatorValue = checkNumberOption('adagrad', 'initialAccumulatorValue', config.initialAccumulatorValue ?? 0.1, { min: 0 });
  }

  protected slotSpecs(): SlotSpec[] {
    return [{ name: 'accumulator', init: (v) => fill(v.shape, this.initialAccumulatorValue, 'float32') }];
  }

  protected updateVariable(value: Variable, gradient: Tensor, lr: number, slots: Record<string, Variable>): void {
    const acc = slots.accumulator;
    const newAcc = add(acc, square(gradient));
    acc.assign(newAcc);
    value.assign(add(mul(div(gradient, sqrt(add(newAcc, EPSILON))), -lr), value));
  }

  protected hyperparameters(): Record<string, unknown> {
    return { initialAccumulatorValue: this.initialAccumulatorValue };
  }
}

/**
 * Adadelta, exactly as TF.js 4.22 computes it: the update's denominator uses the squared-gradient
 * average from *before* this step (Keras uses the updated one).
 *
 * @example
 * const opt = sprout.train.adadelta(1, 0.95);
 */
export class AdadeltaOptimizer extends Optimizer {
  readonly className: string = 'Adadelta';
  readonly rho: number;
  readonly epsilon: number;

  constructor(config: AdadeltaConfig) {
    super('adadelta', config.learningRate ?? 0.001, config);
    this.rho = checkNumberOption('adadelta', 'rho', config.rho ?? 0.95, { min: 0, max: 1 });
    this.epsilon = checkNumberOption('adadelta', 'epsilon', config.epsilon ?? 1e-7, { min: 0 });
  }

  protected slotSpecs(): SlotSpec[] {
    return [{ name: 'accum_grad', init: (v) => zerosLike(v) }, { name: 'accum_var', init: (v) => zerosLike(v) }];
  }

  protected updateVariable(value: Variable, gradient: Tensor, lr: number, slots: Record<string, Variable>): void {
    const { accum_grad: accGrad, accum_var: accUpdate } = slots;
    const newAccGrad = add(mul(accGrad, this.rho), mul(square(gradient), 1 - this.rho));
    const updates = mul(div(sqrt(add(accUpdate, this.epsilon)), sqrt(add(accGrad, this.epsilon))), gradient);
    const newAccUpdate = add(mul(accUpdate, this.rho), mul(square(updates), 1 - this.rho));
    accGrad.assign(newAccGrad);
    accUpdate.assign(newAccUpdate);
    value.assign(add(mul(updates, -lr), value));
  }

  protected hyperparameters(): Record<string, unknown> {
    return { rho: this.rho, epsilon: this.epsilon };
  }
}

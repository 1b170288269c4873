/** RMSProp (TF.js `RMSProp`), plain and centered. */
import { add, div, mul, sqrt, square, sub, zerosLike, type Tensor, type Variable } from '../../tensor/index.js';
import { checkNumberOption } from './lookup.js';
import { Optimizer, type LearningRate, type OptimizerOptions, type SlotSpec } from './optimizer.js';

/** Configuration of `train.rmsprop`. */
export interface RMSPropConfig extends OptimizerOptions {
  learningRate: LearningRate;
  /** Discount of the running mean of squared gradients (Keras' `rho`). */
  decay?: number;
  momentum?: number;
  epsilon?: number;
  /** Normalizes by the gradient's estimated variance instead of its second moment. */
  centered?: boolean;
}

/**
 * RMSProp: `s ← ρs + (1−ρ)g²`, `a ← μa + lr·g/√(s + ε)`, `w ← w − a`. Centered, it also tracks
 * `ḡ ← ρḡ + (1−ρ)g` and divides by `√(s − (ḡ² + ε))`, exactly as TF.js writes it.
 *
 * @example
 * const opt = sprout.train.rmsprop(0.001);
 */
export class RMSPropOptimizer extends Optimizer {
  readonly className: string = 'RMSProp';
  readonly decay: number;
  readonly momentum: number;
  readonly epsilon: number;
  readonly centered: boolean;

  constructor(config: RMSPropConfig) {
    super('rmsprop', config.learningRate, config);
    this.decay = checkNumberOption('rmsprop', 'decay', config.decay ?? 0.9, { min: 0, max: 1 });
    this.momentum = checkNumberOption('rmsprop', 'momentum', config.momentum ?? 0, { min: 0 });
    this.epsilon = checkNumberOption('rmsprop', 'epsilon', config.epsilon ?? 1e-7, { min: 0 });
    this.centered = !!config.centered;
  }

  protected slotSpecs(): SlotSpec[] {
    const specs: SlotSpec[] = [{ name: 'rms', init: (v) => zerosLike(v) }, { name: 'momentum', init: (v) => zerosLike(v) }];
    if (this.centered) specs.push({ name: 'mg', init: (v) => zerosLike(v) });
    return specs;
  }

  protected updateVariable(value: Variable, gradient: Tensor, lr: number, slots: Record<string, Variable>): void {
    const { rms, momentum } = slots;
    const newRms = add(mul(rms, this.decay), mul(square(gradient), 1 - this.decay));
    let denominator: Tensor;
    if (this.centered) {
      const mg = slots.mg;
      const newMg = add(mul(mg, this.decay), mul(gradient, 1 - this.decay));
      denominator = sqrt(sub(newRms, add(square(newMg), this.epsilon)));
      mg.assign(newMg);
    } else {
      denominator = sqrt(add(newRms, this.epsilon));
    }
    const newMomentum = add(mul(momentum, this.momentum), div(mul(gradient, lr), denominator));
    rms.assign(newRms);
    momentum.assign(newMomentum);
    value.assign(sub(value, newMomentum));
  }

  protected hyperparameters(): Record<string, unknown> {
    return { decay: this.decay, momentum: this.momentum, epsilon: this.epsilon, centered: this.centered };
  }
}

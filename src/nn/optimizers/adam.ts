/** Adam and Adamax (TF.js `Adam`, `Adamax`), with TF.js' update order and float32 β powers. */
import { abs, add, div, maximum, mul, sqrt, square, zerosLike, type Tensor, type Variable } from '../../tensor/index.js';
import { checkNumberOption } from './lookup.js';
import { Optimizer, type LearningRate, type OptimizerOptions, type SlotSpec } from './optimizer.js';

/** Configuration of `train.adam`. */
export interface AdamConfig extends OptimizerOptions {
  learningRate?: LearningRate;
  beta1?: number;
  beta2?: number;
  epsilon?: number;
}

/** Configuration of `train.adamax`. */
export interface AdamaxConfig extends AdamConfig {
  /** Learning-rate decay: the step's rate is lr / (1 + decay·step). */
  decay?: number;
}

const f32 = Math.fround;

/** βᵗ⁺¹ as TF.js has it after t steps (float32 pow; it then multiplies in float32 each step). */
const betaPower = (beta: number, iterations: number) => f32(Math.pow(f32(beta), iterations + 1));

/**
 * Adam: moments `m ← β₁m + (1−β₁)g`, `v ← β₂v + (1−β₂)g²`, then
 * `w ← w − lr·m̂ / (√v̂ + ε)` with bias-corrected `m̂ = m/(1−β₁ᵗ)`, `v̂ = v/(1−β₂ᵗ)`.
 *
 * @example
 * const opt = sprout.train.adam(0.001);
 */
export class AdamOptimizer extends Optimizer {
  readonly className: string = 'Adam';
  readonly beta1: number;
  readonly beta2: number;
  readonly epsilon: number;
  /** β₁ᵗ⁺¹ and β₂ᵗ⁺¹ (t = iterations), kept as float32 numbers as TF.js keeps them in variables. */
  protected accBeta1: number;
  protected accBeta2: number;

  constructor(config: AdamConfig, op = 'adam', defaultLearningRate = 0.001) {
    super(op, config.learningRate ?? defaultLearningRate, config);
    this.beta1 = checkNumberOption(op, 'beta1', config.beta1 ?? 0.9, { min: 0, max: 1, maxExclusive: true });
    this.beta2 = checkNumberOption(op, 'beta2', config.beta2 ?? 0.999, { min: 0, max: 1, maxExclusive: true });
    this.epsilon = checkNumberOption(op, 'epsilon', config.epsilon ?? 1e-7, { min: 0 });
    this.accBeta1 = f32(this.beta1);
    this.accBeta2 = f32(this.beta2);
  }

  protected slotSpecs(): SlotSpec[] {
    return [{ name: 'm', init: (v) => zerosLike(v) }, { name: 'v', init: (v) => zerosLike(v) }];
  }

  protected updateVariable(value: Variable, gradient: Tensor, lr: number, slots: Record<string, Variable>): void {
    const { m, v } = slots;
    const newM = add(mul(m, this.beta1), mul(gradient, 1 - this.beta1));
    const newV = add(mul(v, this.beta2), mul(square(gradient), 1 - this.beta2));
    const mHat = div(newM, f32(1 - this.accBeta1));
    const vHat = div(newV, f32(1 - this.accBeta2));
    m.assign(newM);
    v.assign(newV);
    value.assign(add(mul(div(mHat, add(sqrt(vHat), this.epsilon)), -lr), value));
  }

  protected override afterStep(): void {
    this.accBeta1 = f32(this.accBeta1 * f32(this.beta1));
    this.accBeta2 = f32(this.accBeta2 * f32(this.beta2));
  }

  protected override afterRestore(): void {
    this.accBeta1 = betaPower(this.beta1, this.iterations_);
    this.accBeta2 = betaPower(this.beta2, this.iterations_);
  }

  protected hyperparameters(): Record<string, unknown> {
    return { beta1: this.beta1, beta2: this.beta2, epsilon: this.epsilon };
  }
}

/**
 * Adamax (Adam with the infinity norm): `m ← β₁m + (1−β₁)g`, `u ← max(β₂u, |g|)`, then
 * `w ← w − lrₜ/(1−β₁ᵗ) · m/(u + ε)` with `lrₜ = lr / (1 + decay·t)`.
 *
 * @example
 * const opt = sprout.train.adamax(0.002);
 */
export class AdamaxOptimizer extends Optimizer {
  readonly className: string = 'Adamax';
  readonly beta1: number;
  readonly beta2: number;
  readonly epsilon: number;
  readonly decay: number;
  protected accBeta1: number;

  constructor(config: AdamaxConfig) {
    super('adamax', config.learningRate ?? 0.002, config);
    this.beta1 = checkNumberOption('adamax', 'beta1', config.beta1 ?? 0.9, { min: 0, max: 1, maxExclusive: true });
    this.beta2 = checkNumberOption('adamax', 'beta2', config.beta2 ?? 0.999, { min: 0, max: 1 });
    this.epsilon = checkNumberOption('adamax', 'epsilon', config.epsilon ?? 1e-7, { min: 0 });
    this.decay = checkNumberOption('adamax', 'decay', config.decay ?? 0, { min: 0 });
    this.accBeta1 = f32(this.beta1);
  }

  protected slotSpecs(): SlotSpec[] {
    return [{ name: 'm', init: (v) => zerosLike(v) }, { name: 'v', init: (v) => zerosLike(v) }];
  }

  protected updateVariable(value: Variable, gradient: Tensor, lr: number, slots: Record<string, Variable>): void {
    const { m, v: u } = slots;
    // TF.js: lr = -learningRate / (iteration·decay + 1), all in float32.
    const stepLr = div(-lr, add(mul(this.iterations_, this.decay), 1));
    const newM = add(mul(m, this.beta1), mul(gradient, 1 - this.beta1));
    const newU = maximum(mul(u, this.beta2), abs(gradient));
    m.assign(newM);
    u.assign(newU);
    value.assign(add(mul(div(stepLr, f32(1 - this.accBeta1)), div(newM, add(newU, this.epsilon))), value));
  }

  protected override afterStep(): void {
    this.accBeta1 = f32(this.accBeta1 * f32(this.beta1));
  }

  protected override afterRestore(): void {
    this.accBeta1 = betaPower(this.beta1, this.iterations_);
  }

  protected hyperparameters(): Record<string, unknown> {
    return { beta1: this.beta1, beta2: this.beta2, epsilon: this.epsilon, decay: this.decay };
  }
}

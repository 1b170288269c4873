/**
 * The optimizer base class, with TF.js semantics (`minimize`, `applyGradients`, `iterations`,
 * `getWeights` / `setWeights`, `dispose`, `getConfig`) and Keras-style extras on every optimizer:
 * gradient clipping (`clipNorm`, `globalClipNorm`, `clipValue`) and a learning rate that may be a
 * schedule `(step) => lr`.
 *
 * State ("slots": Adam's moments, momentum's accumulator, …) lives in non-trainable variables made
 * lazily the first time a variable gets a gradient, keyed by the variable itself (TF.js keys them by
 * position in the gradient list, which mixes them up when the list changes), and freed by
 * `dispose()`. Each step runs inside `tidy` and writes with `variable.assign`, so a step leaves no
 * tensor behind.
 */
import { trainableVariables, variableGrads } from '../../autograd/index.js';
import { describeValue, raise } from '../../errors/index.js';
import {
  ENGINE, Tensor, Variable, clipByValue, div, maximum, mul, scalar, sqrt, square, sum, add, tidy, variable,
} from '../../tensor/index.js';
import { checkNumberOption } from './lookup.js';

/** A tensor with a name, as `getWeights()` returns optimizer state (TF.js' `NamedTensor`). */
export interface NamedTensor {
  name: string;
  tensor: Tensor;
}

/** Gradients keyed by variable name (what `variableGrads` returns), or a list of named tensors. */
export type NamedGradients = Record<string, Tensor | null | undefined> | { name: string; tensor: Tensor | null | undefined }[];

/**
 * A learning rate that changes with the step: `step` is the number of updates applied so far
 * (0 for the first). Schedules made by `train.exponentialDecay` & co. also carry `className` and
 * `config`, so `getConfig()` can serialize them.
 */
export type LearningRateSchedule = ((step: number) => number) & { className?: string; config?: Record<string, unknown> };

/** A fixed learning rate, or a schedule. */
export type LearningRate = number | LearningRateSchedule;

/** Options every optimizer takes (Keras' `clipnorm`, `global_clipnorm`, `clipvalue`). */
export interface OptimizerOptions {
  /** Each gradient is rescaled so that its L2 norm is at most this. */
  clipNorm?: number;
  /** All gradients together are rescaled so that their global L2 norm is at most this. */
  globalClipNorm?: number;
  /** Each gradient value is clipped to [-clipValue, clipValue] (after norm clipping). */
  clipValue?: number;
}

/** Keys of OptimizerOptions, for config parsing. */
export const OPTION_KEYS = ['clipNorm', 'globalClipNorm', 'clipValue'] as const;

/** One slot (state variable) an optimizer keeps per variable. */
export interface SlotSpec {
  /** Suffix of the saved name: `<variable name>/<slot>` (TF.js' names: 'm', 'v', 'momentum', …). */
  name: string;
  /** Initial value, shaped like the variable. */
  init: (v: Variable) => Tensor;
}

/**
 * Base class of every optimizer. Subclasses say which slots they keep and how one variable is
 * updated; the base class does the bookkeeping.
 *
 * @example
 * const w = sprout.variable(sprout.tensor([1, 2]));
 * const opt = sprout.train.sgd(0.1);
 * opt.minimize(() => w.square().sum());
 */
export abstract class Optimizer {
  /** Serialization name, as TF.js / Keras spell it ('SGD', 'Adam', …). */
  abstract readonly className: string;

  protected learningRate_: LearningRate;
  protected readonly options: OptimizerOptions;
  protected iterations_ = 0;
  /** Slots of each variable that has had a gradient, in first-update order. */
  private slots = new Map<Variable, Record<string, Variable>>();
  /** Slots restored by setWeights, waiting for their variable (by name) to get a gradient. */
  private restored = new Map<string, Record<string, Variable>>();

  protected constructor(op: string, learningRate: LearningRate, options: OptimizerOptions = {}) {
    this.learningRate_ = checkLearningRate(op, learningRate);
    this.options = checkOptions(op, options);
  }

  /** The slots this optimizer keeps per variable, in saving order. */
  protected abstract slotSpecs(): SlotSpec[];

  /**
   * Updates one variable from its (clipped) gradient. Runs inside `tidy`; must write with
   * `assign`. `lr` is this step's learning rate.
   */
  protected abstract updateVariable(value: Variable, gradient: Tensor, lr: number, slots: Record<string, Variable>): void;

  /** Called once per step after every variable is updated (Adam advances its β powers here). */
  protected afterStep(): void {}

  /** Called after setWeights restored `iterations` (Adam recomputes its β powers here). */
  protected afterRestore(): void {}

  /** Hyperparameters for getConfig (learningRate and the clip options are added by the base). */
  protected abstract hyperparameters(): Record<string, unknown>;

  /** The number of steps applied so far. */
  get iterations(): number {
    return this.iterations_;
  }

  /**
   * The learning rate: the number given, or the schedule function. See `getLearningRate(step)` for
   * the value a schedule gives at a step.
   */
  get learningRate(): LearningRate {
    return this.learningRate_;
  }

  /** The serialization name. @example sprout.train.adam().getClassName(); // 'Adam' */
  getClassName(): string {
    return this.className;
  }

  /**
   * The learning rate used at `step` (default: the next step).
   *
   * @example
   * const opt = sprout.train.sgd(sprout.train.exponentialDecay({ initialLearningRate: 0.1, decaySteps: 10, decayRate: 0.5 }));
   * opt.getLearningRate(10); // 0.05
   */
  getLearningRate(step = this.iterations_): number {
    const lr = this.learningRate_;
    if (typeof lr === 'number') return lr;
    const v = lr(step);
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) {
      raise('op.badArgument', { op: this.className, param: `learning rate schedule (at step ${step})`, expected: 'must return a non-negative number', got: describeValue(v) });
    }
    return v;
  }

  /** Changes the learning rate (a number or a schedule). @example opt.setLearningRate(0.01); */
  setLearningRate(learningRate: LearningRate): void {
    this.learningRate_ = checkLearningRate(this.className, learningRate);
  }

  /**
   * Runs `f`, computes the gradients of its scalar result with respect to `varList` (every
   * trainable variable by default) and applies them. Returns the cost when `returnCost` is true
   * (dispose it), else null.
   *
   * @example
   * const w = sprout.variable(sprout.tensor([1, 2]));
   * const opt = sprout.train.sgd(0.1);
   * opt.minimize(() => w.square().sum());
   */
  minimize(f: () => Tensor, returnCost = false, varList?: Variable[]): Tensor | null {
    if (varList !== undefined && varList !== null && (!Array.isArray(varList) || varList.some((v) => !(v instanceof Variable)))) {
      raise('op.badArgument', { op: 'minimize', param: 'varList', expected: 'must be an array of Variables', got: describeValue(varList) });
    }
    const vars = (varList ?? trainableVariables()).filter((v) => v.trainable && !v.isDisposed);
    if (vars.length === 0) {
      raise('op.badArgument', {
        op: 'minimize',
        param: varList ? 'varList' : 'the trainable variables',
        expected: 'must hold at least one live trainable variable',
        got: varList ? `${varList.length} variable(s), none trainable and alive` : 'none',
      });
    }
    const { value, grads } = this.computeGradients(f, vars);
    try {
      this.applyPairs(vars.map((v) => ({ variable: v, name: v.name, gradient: grads[v.name] ?? null })));
    } finally {
      for (const g of Object.values(grads)) g?.dispose();
    }
    if (returnCost) return value;
    value.dispose();
    return null;
  }

  /**
   * Gradients of f's scalar result with respect to `varList` (default: every trainable variable),
   * keyed by variable name: `variableGrads`.
   */
  computeGradients(f: () => Tensor, varList?: Variable[]): { value: Tensor; grads: Record<string, Tensor> } {
    return variableGrads(f, varList?.filter((v) => v.trainable));
  }

  /**
   * Applies gradients to the variables they are named after (a missing / null gradient leaves its
   * variable as it is). The gradients are not disposed.
   *
   * @example
   * const { value, grads } = sprout.variableGrads(() => w.square().sum());
   * opt.applyGradients(grads);
   */
  applyGradients(variableGradients: NamedGradients): void {
    const entries: [string, Tensor | null | undefined][] = Array.isArray(variableGradients)
      ? variableGradients.map((e, i) => {
          if (!e || typeof e.name !== 'string') raise('op.badArgument', { op: 'applyGradients', param: `variableGradients[${i}]`, expected: 'must be { name, tensor }', got: describeValue(e) });
          return [e.name, e.tensor];
        })
      : variableGradients && typeof variableGradients === 'object'
        ? Object.entries(variableGradients)
        : raise('op.badArgument', { op: 'applyGradients', param: 'variableGradients', expected: 'must be an object of gradients keyed by variable name, or an array of { name, tensor }', got: describeValue(variableGradients) });
    // Name → live variable (the latest one when a name was given twice, as variableGrads keys them).
    const byName = new Map<string, Variable>();
    for (const v of liveVariables()) byName.set(v.name, v);
    const pairs = entries.map(([name, gradient]) => {
      const v = byName.get(name);
      if (!v) raise('optimizer.unknownVariable', { op: 'applyGradients', name });
      return { variable: v, name, gradient: gradient ?? null };
    });
    this.applyPairs(pairs);
  }

  /** One step over (variable, gradient) pairs. */
  protected applyPairs(pairs: { variable: Variable; name: string; gradient: Tensor | null }[]): void {
    const live = pairs.filter((p): p is { variable: Variable; name: string; gradient: Tensor } => p.gradient !== null);
    for (const p of live) {
      if (!(p.gradient instanceof Tensor)) {
        raise('op.badArgument', { op: 'applyGradients', param: `the gradient of '${p.name}'`, expected: 'must be a Tensor', got: describeValue(p.gradient) });
      }
      if (p.gradient.shape.join() !== p.variable.shape.join()) {
        raise('op.badArgument', { op: 'applyGradients', param: `the gradient of '${p.name}'`, expected: `must have the variable's shape [${p.variable.shape}]`, got: `shape [${p.gradient.shape}]` });
      }
    }
    this.pruneDisposed();
    const lr = this.getLearningRate();
    tidy(() => {
      const grads = clipGradients(live.map((p) => p.gradient), this.options);
      live.forEach((p, i) => {
        const slots = this.slotsOf(p.variable);
        tidy(() => this.updateVariable(p.variable, grads[i], lr, slots));
      });
    });
    this.afterStep();
    this.iterations_++;
  }

  /** The slots of a variable, made (or taken from restored state) on first use. */
  private slotsOf(v: Variable): Record<string, Variable> {
    let s = this.slots.get(v);
    if (s) return s;
    const r = this.restored.get(v.name);
    if (r) {
      for (const [slot, t] of Object.entries(r)) {
        if (t.shape.join() !== v.shape.join()) {
          raise('op.badArgument', { op: this.className, param: `the restored state '${v.name}/${slot}'`, expected: `must have the variable's shape [${v.shape}]`, got: `shape [${t.shape}]` });
        }
      }
      this.restored.delete(v.name);
      s = r;
    } else {
      s = {};
      for (const spec of this.slotSpecs()) {
        s[spec.name] = tidy(() => variable(spec.init(v), false)); // unnamed: state is keyed by its variable
      }
    }
    this.slots.set(v, s);
    return s;
  }

  /** Frees the slots of variables that were disposed. */
  private pruneDisposed(): void {
    for (const [v, s] of this.slots) {
      if (v.isDisposed) {
        for (const t of Object.values(s)) t.dispose();
        this.slots.delete(v);
      }
    }
  }

  /**
   * The optimizer's state as named tensors, for saving: `iter` (int32 scalar) first, then each
   * slot kind for every variable, named `<variable name>/<slot>` as TF.js does. The tensors are
   * copies: dispose them when done.
   *
   * @example
   * const weights = await opt.getWeights();
   */
  async getWeights(): Promise<NamedTensor[]> {
    return this.getWeightsSync();
  }

  /** `getWeights`, synchronously. */
  getWeightsSync(): NamedTensor[] {
    this.pruneDisposed();
    const out: NamedTensor[] = [{ name: 'iter', tensor: scalar(this.iterations_, 'int32') }];
    const owners: [string, Record<string, Variable>][] = [
      ...[...this.slots].map(([v, s]): [string, Record<string, Variable>] => [v.name, s]),
      ...this.restored,
    ];
    for (const spec of this.slotSpecs()) {
      for (const [name, s] of owners) {
        if (s[spec.name]) out.push({ name: `${name}/${spec.name}`, tensor: tidy(() => s[spec.name].clone()) });
      }
    }
    return out;
  }

  /**
   * Restores state saved by `getWeights` (the tensors are copied; the caller still owns them).
   * Slots are matched to variables by name when those next get a gradient.
   *
   * @example
   * await opt.setWeights(weights);
   */
  async setWeights(weightValues: NamedTensor[]): Promise<void> {
    this.setWeightsSync(weightValues);
  }

  /** `setWeights`, synchronously. */
  setWeightsSync(weightValues: NamedTensor[]): void {
    if (!Array.isArray(weightValues)) {
      raise('op.badArgument', { op: 'setWeights', param: 'weightValues', expected: 'must be an array of { name, tensor }', got: describeValue(weightValues) });
    }
    const slotNames = this.slotSpecs().map((s) => s.name);
    const parsed: { varName: string; slot: string; tensor: Tensor }[] = [];
    let iter: number | undefined;
    weightValues.forEach((w, i) => {
      if (!w || typeof w.name !== 'string' || !(w.tensor instanceof Tensor)) {
        raise('op.badArgument', { op: 'setWeights', param: `weightValues[${i}]`, expected: 'must be { name, tensor }', got: describeValue(w) });
      }
      if (w.name === 'iter' || w.name.endsWith('/iter') || (i === 0 && w.tensor.rank === 0 && !w.name.includes('/'))) {
        iter = Math.round(w.tensor.dataSync()[0]);
        return;
      }
      const cut = w.name.lastIndexOf('/');
      const slot = w.name.slice(cut + 1);
      if (cut <= 0 || !slotNames.includes(slot)) {
        raise('op.badArgument', {
          op: 'setWeights',
          param: `weightValues[${i}].name`,
          expected: `must be 'iter' or '<variable name>/<slot>' with a slot of ${this.className} (${slotNames.map((n) => `'${n}'`).join(', ') || 'none'})`,
          got: `'${w.name}'`,
        });
      }
      parsed.push({ varName: w.name.slice(0, cut), slot, tensor: w.tensor });
    });
    this.disposeSlots();
    for (const p of parsed) {
      let r = this.restored.get(p.varName);
      if (!r) this.restored.set(p.varName, (r = {}));
      r[p.slot]?.dispose();
      r[p.slot] = variable(p.tensor, false, undefined, 'float32');
    }
    // A restored variable missing some slot gets the slot's initial value when it is bound.
    for (const [name, r] of this.restored) {
      for (const spec of this.slotSpecs()) {
        if (!r[spec.name]) {
          const like = Object.values(r)[0];
          r[spec.name] = tidy(() => variable(spec.init(like as Variable), false));
        }
      }
    }
    if (iter !== undefined) this.iterations_ = iter;
    this.afterRestore();
  }

  /** Frees every slot variable. */
  private disposeSlots(): void {
    for (const s of [...this.slots.values(), ...this.restored.values()]) for (const t of Object.values(s)) t.dispose();
    this.slots.clear();
    this.restored.clear();
  }

  /** Frees the optimizer's state (its slot variables). */
  dispose(): void {
    this.disposeSlots();
  }

  /**
   * The hyperparameters, as TF.js' `getConfig` (plus the clip options when set). A schedule made
   * by `train.exponentialDecay` & co. is given as `{ className, config }`.
   *
   * @example
   * sprout.train.adam(0.01).getConfig(); // { learningRate: 0.01, beta1: 0.9, beta2: 0.999, epsilon: 1e-7 }
   */
  getConfig(): Record<string, unknown> {
    const lr = this.learningRate_;
    const config: Record<string, unknown> = {
      learningRate: typeof lr === 'number' ? lr : lr.className ? { className: lr.className, config: { ...lr.config } } : lr,
      ...this.hyperparameters(),
    };
    for (const k of OPTION_KEYS) if (this.options[k] !== undefined) config[k] = this.options[k];
    return config;
  }
}

/** Live variables (trainable or not), in creation order. */
function liveVariables(): Variable[] {
  return ENGINE.variables().filter((v): v is Variable => v instanceof Variable && !v.isDisposed);
}

/** Validates a learning rate: a non-negative number or a function. */
export function checkLearningRate(op: string, lr: unknown): LearningRate {
  if (typeof lr === 'function') return lr as LearningRateSchedule;
  if (typeof lr !== 'number' || !Number.isFinite(lr) || lr < 0) {
    raise('op.badArgument', { op, param: 'learningRate', expected: 'must be a non-negative number or a schedule function (step) => number', got: describeValue(lr) });
  }
  return lr;
}

function checkOptions(op: string, options: OptimizerOptions): OptimizerOptions {
  if (options === null || typeof options !== 'object') {
    raise('op.badArgument', { op, param: 'options', expected: 'must be an object like { clipNorm }', got: describeValue(options) });
  }
  const out: OptimizerOptions = {};
  for (const k of OPTION_KEYS) {
    const v = options[k];
    if (v === undefined || v === null) continue;
    out[k] = checkNumberOption(op, k, v, { min: 0, minExclusive: true });
  }
  if (out.clipNorm !== undefined && out.globalClipNorm !== undefined) {
    raise('op.badArgument', { op, param: 'clipNorm', expected: 'cannot be set together with globalClipNorm (pick one)', got: `clipNorm ${out.clipNorm} and globalClipNorm ${out.globalClipNorm}` });
  }
  return out;
}

/**
 * Clips gradients as Keras does: by each gradient's L2 norm (`clipNorm`) or by their global norm
 * (`globalClipNorm`), then by value (`clipValue`).
 */
export function clipGradients(grads: Tensor[], o: OptimizerOptions): Tensor[] {
  let out = grads;
  if (o.clipNorm !== undefined) {
    const c = o.clipNorm;
    // tf.clip_by_norm: t · c / max(‖t‖₂, c)
    out = out.map((g) => div(mul(g, c), maximum(sqrt(sum(square(g))), c)));
  } else if (o.globalClipNorm !== undefined && out.length > 0) {
    const c = o.globalClipNorm;
    // tf.clip_by_global_norm: t · c / max(‖all‖₂, c)
    const globalNorm = sqrt(out.map((g) => sum(square(g))).reduce((a, b) => add(a, b)));
    const factor = div(c, maximum(globalNorm, c));
    out = out.map((g) => mul(g, factor));
  }
  if (o.clipValue !== undefined) {
    const c = o.clipValue;
    out = out.map((g) => clipByValue(g, -c, c));
  }
  return out;
}

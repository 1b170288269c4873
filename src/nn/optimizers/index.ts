/**
 * Optimizers, as `sprout.train` (TF.js' `tf.train`): `sgd`, `momentum`, `adam`, `adamax`,
 * `rmsprop`, `adagrad`, `adadelta`, the learning-rate schedules, and `getOptimizer` for
 * `model.compile({ optimizer: 'adam' })`.
 *
 * Every factory takes TF.js' positional arguments, optionally followed by Keras-style options
 * (`{ clipNorm, globalClipNorm, clipValue }`), or a single config object:
 *
 *   sprout.train.adam(0.01, 0.9, 0.999, 1e-7, { clipNorm: 1 })
 *   sprout.train.adam({ learningRate: 0.01, clipNorm: 1 })
 */
import { describeValue, raise, warnOnce } from '../../errors/index.js';
import { AdadeltaOptimizer, AdagradOptimizer, type AdadeltaConfig, type AdagradConfig } from './adagrad.js';
import { AdamaxOptimizer, AdamOptimizer, type AdamaxConfig, type AdamConfig } from './adam.js';
import { closestName, looseName, lookupName, nameTable } from './lookup.js';
import { Optimizer, OPTION_KEYS, type LearningRate, type LearningRateSchedule, type OptimizerOptions } from './optimizer.js';
import { RMSPropOptimizer, type RMSPropConfig } from './rmsprop.js';
import { exponentialDecay, inverseTimeDecay, type DecayConfig } from './schedules.js';
import { MomentumOptimizer, SGDOptimizer, type MomentumConfig, type SGDConfig } from './sgd.js';

export { Optimizer, type NamedTensor, type NamedGradients, type LearningRate, type LearningRateSchedule, type OptimizerOptions } from './optimizer.js';
export { SGDOptimizer, MomentumOptimizer, type SGDConfig, type MomentumConfig } from './sgd.js';
export { AdamOptimizer, AdamaxOptimizer, type AdamConfig, type AdamaxConfig } from './adam.js';
export { RMSPropOptimizer, type RMSPropConfig } from './rmsprop.js';
export { AdagradOptimizer, AdadeltaOptimizer, type AdagradConfig, type AdadeltaConfig } from './adagrad.js';
export { exponentialDecay, inverseTimeDecay, type DecayConfig } from './schedules.js';

const isConfig = (x: unknown): x is Record<string, unknown> =>
  x !== null && typeof x === 'object' && !Array.isArray(x);

/** Warns (once) about config keys the optimizer does not know, suggesting the closest. */
function checkKeys(op: string, config: object, own: readonly string[]): void {
  const known = [...own, ...OPTION_KEYS];
  for (const k of Object.keys(config)) {
    if (!known.includes(k)) warnOnce('warn.unknownOption', { where: `sprout.train.${op}`, option: k, nearest: closestName(k, known) });
  }
}

function configOf<C extends object>(op: string, own: readonly string[], first: unknown, positional: C, options: OptimizerOptions | undefined): C {
  if (isConfig(first)) {
    checkKeys(op, first, own);
    return first as C;
  }
  if (options !== undefined) {
    if (!isConfig(options)) raise('op.badArgument', { op, param: 'options', expected: 'must be an object like { clipNorm: 1 }', got: describeValue(options) });
    checkKeys(op, options, []);
  }
  return { ...options, ...positional };
}

const nn = <T>(v: T | null | undefined): T | undefined => (v === null ? undefined : v);

/**
 * Stochastic gradient descent.
 *
 * @example
 * const opt = sprout.train.sgd(0.1);
 * opt.minimize(() => loss());
 */
function sgd(learningRate: LearningRate, options?: OptimizerOptions): SGDOptimizer;
function sgd(config: SGDConfig): SGDOptimizer;
function sgd(a: LearningRate | SGDConfig, options?: OptimizerOptions): SGDOptimizer {
  return new SGDOptimizer(configOf('sgd', ['learningRate'], a, { learningRate: a as LearningRate }, options));
}

/**
 * Gradient descent with momentum (Nesterov's when `useNesterov`).
 *
 * @example
 * const opt = sprout.train.momentum(0.01, 0.9);
 */
function momentum(learningRate: LearningRate, momentum: number, useNesterov?: boolean, options?: OptimizerOptions): MomentumOptimizer;
function momentum(config: MomentumConfig): MomentumOptimizer;
function momentum(a: LearningRate | MomentumConfig, m?: number, useNesterov = false, options?: OptimizerOptions): MomentumOptimizer {
  return new MomentumOptimizer(configOf('momentum', ['learningRate', 'momentum', 'useNesterov'], a, { learningRate: a as LearningRate, momentum: m as number, useNesterov }, options));
}

/**
 * Adam.
 *
 * @example
 * const opt = sprout.train.adam(0.001);
 */
function adam(learningRate?: LearningRate, beta1?: number, beta2?: number, epsilon?: number | null, options?: OptimizerOptions): AdamOptimizer;
function adam(config: AdamConfig): AdamOptimizer;
function adam(a?: LearningRate | AdamConfig, beta1?: number, beta2?: number, epsilon?: number | null, options?: OptimizerOptions): AdamOptimizer {
  return new AdamOptimizer(configOf('adam', ['learningRate', 'beta1', 'beta2', 'epsilon'], a, { learningRate: nn(a as LearningRate), beta1: nn(beta1), beta2: nn(beta2), epsilon: nn(epsilon) }, options));
}

/**
 * Adamax (Adam with the infinity norm), with optional learning-rate decay.
 *
 * @example
 * const opt = sprout.train.adamax(0.002);
 */
function adamax(learningRate?: LearningRate, beta1?: number, beta2?: number, epsilon?: number | null, decay?: number, options?: OptimizerOptions): AdamaxOptimizer;
function adamax(config: AdamaxConfig): AdamaxOptimizer;
function adamax(a?: LearningRate | AdamaxConfig, beta1?: number, beta2?: number, epsilon?: number | null, decay?: number, options?: OptimizerOptions): AdamaxOptimizer {
  return new AdamaxOptimizer(configOf('adamax', ['learningRate', 'beta1', 'beta2', 'epsilon', 'decay'], a, { learningRate: nn(a as LearningRate), beta1: nn(beta1), beta2: nn(beta2), epsilon: nn(epsilon), decay: nn(decay) }, options));
}

/**
 * RMSProp (centered when `centered`).
 *
 * @example
 * const opt = sprout.train.rmsprop(0.001);
 */
function rmsprop(learningRate: LearningRate, decay?: number, momentum?: number, epsilon?: number | null, centered?: boolean, options?: OptimizerOptions): RMSPropOptimizer;
function rmsprop(config: RMSPropConfig): RMSPropOptimizer;
function rmsprop(a: LearningRate | RMSPropConfig, decay?: number, m?: number, epsilon?: number | null, centered?: boolean, options?: OptimizerOptions): RMSPropOptimizer {
  return new RMSPropOptimizer(configOf('rmsprop', ['learningRate', 'decay', 'momentum', 'epsilon', 'centered'], a, { learningRate: a as LearningRate, decay: nn(decay), momentum: nn(m), epsilon: nn(epsilon), centered }, options));
}

/**
 * Adagrad.
 *
 * @example
 * const opt = sprout.train.adagrad(0.01);
 */
function adagrad(learningRate: LearningRate, initialAccumulatorValue?: number, options?: OptimizerOptions): AdagradOptimizer;
function adagrad(config: AdagradConfig): AdagradOptimizer;
function adagrad(a: LearningRate | AdagradConfig, initialAccumulatorValue?: number, options?: OptimizerOptions): AdagradOptimizer {
  return new AdagradOptimizer(configOf('adagrad', ['learningRate', 'initialAccumulatorValue'], a, { learningRate: a as LearningRate, initialAccumulatorValue: nn(initialAccumulatorValue) }, options));
}

/**
 * Adadelta (TF.js' update rule).
 *
 * @example
 * const opt = sprout.train.adadelta(1, 0.95);
 */
function adadelta(learningRate?: LearningRate, rho?: number, epsilon?: number | null, options?: OptimizerOptions): AdadeltaOptimizer;
function adadelta(config: AdadeltaConfig): AdadeltaOptimizer;
function adadelta(a?: LearningRate | AdadeltaConfig, rho?: number, epsilon?: number | null, options?: OptimizerOptions): AdadeltaOptimizer {
  return new AdadeltaOptimizer(configOf('adadelta', ['learningRate', 'rho', 'epsilon'], a, { learningRate: nn(a as LearningRate), rho: nn(rho), epsilon: nn(epsilon) }, options));
}

/**
 * Optimizers and learning-rate schedules, as TF.js' `tf.train`.
 *
 * @example
 * model.compile({ optimizer: sprout.train.adam(0.01), loss: 'meanSquaredError' });
 */
export const train = { sgd, momentum, adam, adamax, rmsprop, adagrad, adadelta, exponentialDecay, inverseTimeDecay };

// ---- getOptimizer -------------------------------------------------------------------------

type Maker = (lr: LearningRate | undefined) => Optimizer;

/** Keras / TF.js names, with the defaults TF.js' layers API uses for a string optimizer. */
const MAKERS = nameTable<Maker>([
  [['sgd'], (lr) => sgd(lr ?? 0.01)],
  [['momentum'], (lr) => momentum(lr ?? 0.01, 0.9)],
  [['nesterov'], (lr) => momentum(lr ?? 0.01, 0.9, true)],
  [['adam'], (lr) => adam(lr ?? 0.001, 0.9, 0.999, 1e-7)],
  [['adamax'], (lr) => adamax(lr ?? 0.002, 0.9, 0.999, 1e-7, 0)],
  [['rmsprop'], (lr) => rmsprop(lr ?? 0.001, 0.9, 0, 1e-7)],
  [['adagrad'], (lr) => adagrad(lr ?? 0.01)],
  [['adadelta'], (lr) => adadelta(lr ?? 1, 0.95, 1e-7)],
]);
const OPTIMIZER_NAMES = ['sgd', 'momentum', 'nesterov', 'adam', 'adamax', 'rmsprop', 'adagrad', 'adadelta'];

/** A serialized optimizer, as in a Keras / TF.js training config. */
export interface SerializedOptimizer {
  className?: string;
  class_name?: string;
  config?: Record<string, unknown>;
}

/**
 * An optimizer from a name (Keras / TF.js names, any case: 'sgd', 'adam', 'rmsprop', 'adagrad',
 * 'adamax', 'adadelta', 'momentum', 'nesterov'), a serialized `{ className, config }`, or an
 * optimizer (returned as is). `learningRate` overrides the default rate of a named optimizer.
 *
 * @example
 * const opt = sprout.getOptimizer('adam', 0.01);
 */
export function getOptimizer(identifier: string | Optimizer | SerializedOptimizer, learningRate?: LearningRate): Optimizer {
  if (identifier instanceof Optimizer) return identifier;
  if (isConfig(identifier)) return optimizerFromConfig(identifier as SerializedOptimizer);
  return lookupName('getOptimizer', 'optimizer', identifier, MAKERS, OPTIMIZER_NAMES)(learningRate);
}

/** Keras snake_case / short keys → ours. */
const KEY_ALIASES: Record<string, string> = {
  lr: 'learningRate', learningrate: 'learningRate', beta1: 'beta1', beta2: 'beta2',
  clipnorm: 'clipNorm', globalclipnorm: 'globalClipNorm', clipvalue: 'clipValue', nesterov: 'useNesterov', usenesterov: 'useNesterov',
  initialaccumulatorvalue: 'initialAccumulatorValue', epsilon: 'epsilon', momentum: 'momentum', centered: 'centered', rho: 'rho', decay: 'decay',
  initiallearningrate: 'initialLearningRate', decaysteps: 'decaySteps', decayrate: 'decayRate', staircase: 'staircase',
};

function normalizeKeys(config: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(config)) {
    const key = KEY_ALIASES[looseName(k)];
    if (key && v !== null && v !== undefined) out[key] = v;
  }
  return out;
}

const SCHEDULES = nameTable<(c: DecayConfig) => LearningRateSchedule>([
  [['ExponentialDecay'], exponentialDecay],
  [['InverseTimeDecay'], inverseTimeDecay],
]);

/** Builds an optimizer from `{ className, config }` (TF.js or Keras spelling of names and keys). */
export function optimizerFromConfig(serialized: SerializedOptimizer): Optimizer {
  const name = serialized.className ?? serialized.class_name;
  const c = normalizeKeys(isConfig(serialized.config) ? serialized.config : {});
  let lr = c.learningRate as LearningRate | Record<string, unknown> | undefined;
  if (isConfig(lr)) {
    const s = lr as SerializedOptimizer;
    lr = lookupName('getOptimizer', 'learning rate schedule', s.className ?? s.class_name, SCHEDULES, ['ExponentialDecay', 'InverseTimeDecay'])(
      normalizeKeys(isConfig(s.config) ? s.config : {}) as unknown as DecayConfig,
    );
  }
  const opts: OptimizerOptions = { clipNorm: c.clipNorm as number, globalClipNorm: c.globalClipNorm as number, clipValue: c.clipValue as number };
  const kind = typeof name === 'string' ? looseName(name) : '';
  const num = (k: string) => c[k] as number | undefined;
  switch (kind) {
    case 'sgd':
      return num('momentum') ? new MomentumOptimizer({ ...opts, learningRate: lr ?? 0.01, momentum: num('momentum')!, useNesterov: !!c.useNesterov }) : new SGDOptimizer({ ...opts, learningRate: lr ?? 0.01 });
    case 'momentum':
      return new MomentumOptimizer({ ...opts, learningRate: lr ?? 0.01, momentum: num('momentum') ?? 0.9, useNesterov: !!c.useNesterov });
    case 'adam':
      return new AdamOptimizer({ ...opts, learningRate: lr, beta1: num('beta1'), beta2: num('beta2'), epsilon: num('epsilon') });
    case 'adamax':
      return new AdamaxOptimizer({ ...opts, learningRate: lr, beta1: num('beta1'), beta2: num('beta2'), epsilon: num('epsilon'), decay: num('decay') });
    case 'rmsprop':
      // Keras calls the discount `rho` (its `decay` is a legacy learning-rate decay); TF.js `decay`.
      return new RMSPropOptimizer({ ...opts, learningRate: lr ?? 0.001, decay: num('rho') ?? num('decay'), momentum: num('momentum'), epsilon: num('epsilon'), centered: !!c.centered });
    case 'adagrad':
      return new AdagradOptimizer({ ...opts, learningRate: lr ?? 0.01, initialAccumulatorValue: num('initialAccumulatorValue') });
    case 'adadelta':
      return new AdadeltaOptimizer({ ...opts, learningRate: lr ?? 1, rho: num('rho'), epsilon: num('epsilon') });
    default:
      return lookupName('getOptimizer', 'optimizer', name, new Map<string, Optimizer>(), ['SGD', 'Momentum', 'Adam', 'Adamax', 'RMSProp', 'Adagrad', 'Adadelta']);
  }
}

/**
 * Weight regularizers (Keras' `L1L2`): a penalty `l1·Σ|w| + l2·Σw²` added to the loss.
 * `l1(0.01)`, `l2(0.01)` and `l1l2({ l1, l2 })` all make an `L1L2`, serialized as Keras and TF.js do
 * (`{ className: 'L1L2', config: { l1, l2 } }`).
 */
import { describeValue, raise } from '../errors/index.js';
import { Tensor, abs, add, mul, scalar, square, sum, tidy, toTensor, type TensorLike } from '../tensor/index.js';
import { looseName, lookupName, nameTable } from './optimizers/lookup.js';

/** Something that turns weights into a scalar penalty. */
export interface Regularizer {
  readonly className: string;
  /** The penalty for `weights` (a scalar). */
  apply(weights: TensorLike): Tensor;
  getConfig(): Record<string, unknown>;
}

function checkFactor(op: string, param: string, v: unknown): number {
  if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) raise('op.badArgument', { op, param, expected: 'must be a non-negative number', got: describeValue(v) });
  return v as number;
}

/**
 * `l1·Σ|w| + l2·Σw²`.
 *
 * @example
 * new L1L2({ l1: 0.01, l2: 0.01 }).apply(w);
 */
export class L1L2 implements Regularizer {
  readonly className = 'L1L2';
  readonly l1: number;
  readonly l2: number;

  constructor(args: { l1?: number | null; l2?: number | null } = {}) {
    if (args === null || typeof args !== 'object') raise('op.badArgument', { op: 'l1l2', param: 'config', expected: 'must be an object { l1, l2 }', got: describeValue(args) });
    this.l1 = checkFactor('l1l2', 'l1', args.l1 ?? 0.01);
    this.l2 = checkFactor('l1l2', 'l2', args.l2 ?? 0.01);
  }

  apply(weights: TensorLike): Tensor {
    return tidy(() => {
      const x = toTensor(weights, 'weights', 'regularizer', 'float32');
      let penalty: Tensor = scalar(0);
      if (this.l1 !== 0) penalty = add(penalty, sum(mul(this.l1, abs(x))));
      if (this.l2 !== 0) penalty = add(penalty, sum(mul(this.l2, square(x))));
      return penalty;
    });
  }

  getConfig(): Record<string, unknown> {
    return { l1: this.l1, l2: this.l2 };
  }
}

type Factor = number | { l1?: number; l2?: number } | null | undefined;
const pick = (v: Factor, key: 'l1' | 'l2'): number | undefined => (v !== null && typeof v === 'object' ? v[key] : (v ?? undefined));

/** L1 penalty `l1·Σ|w|` (default 0.01). @example regularizers.l1(0.001) */
export const l1 = (config?: Factor): Regularizer => new L1L2({ l1: pick(config, 'l1') ?? 0.01, l2: 0 });
/** L2 penalty `l2·Σw²` (default 0.01). @example regularizers.l2(0.001) */
export const l2 = (config?: Factor): Regularizer => new L1L2({ l1: 0, l2: pick(config, 'l2') ?? 0.01 });
/** Both penalties (each defaults to 0.01). @example regularizers.l1l2({ l1: 0.001, l2: 0.01 }) */
export const l1l2 = (config?: { l1?: number; l2?: number }): Regularizer => new L1L2(config ?? {});

/**
 * Regularizers, as TF.js' `tf.regularizers`.
 *
 * @example
 * sprout.layers.dense({ units: 8, kernelRegularizer: sprout.regularizers.l2(0.001) });
 */
export const regularizers = { l1, l2, l1l2 };

/** A serialized regularizer. */
export interface SerializedRegularizer {
  className?: string;
  class_name?: string;
  config?: { l1?: number; l2?: number };
}

const MAKERS = nameTable<(c: { l1?: number; l2?: number }) => Regularizer>([
  [['l1l2', 'L1L2'], (c) => new L1L2({ l1: c.l1 ?? 0.01, l2: c.l2 ?? 0.01 })],
  // Keras serializes regularizers.L1 / L2 under their own names.
  [['l1'], (c) => l1(c.l1 ?? 0.01)],
  [['l2'], (c) => l2(c.l2 ?? 0.01)],
]);

const isRegularizer = (x: unknown): x is Regularizer =>
  x !== null && typeof x === 'object' && typeof (x as Regularizer).apply === 'function' && typeof (x as Regularizer).getConfig === 'function';

/**
 * A regularizer from a name ('l1', 'l2', 'l1l2', 'L1L2'), a serialized `{ className, config }`, or a
 * regularizer (returned as is); null / undefined give null.
 *
 * @example
 * getRegularizer({ className: 'L1L2', config: { l1: 0, l2: 0.01 } });
 */
export function getRegularizer(identifier: string | SerializedRegularizer | Regularizer | null | undefined): Regularizer | null {
  if (identifier === null || identifier === undefined) return null;
  if (isRegularizer(identifier)) return identifier;
  if (typeof identifier === 'object') {
    const s = identifier as SerializedRegularizer;
    const c = s.config ?? {};
    const config: { l1?: number; l2?: number } = {};
    for (const [k, v] of Object.entries(c)) {
      const key = looseName(k);
      if ((key === 'l1' || key === 'l2') && v !== null) config[key] = v as number;
    }
    return lookupName('getRegularizer', 'regularizer', s.className ?? s.class_name, MAKERS, ['l1', 'l2', 'l1l2'])(config);
  }
  return lookupName('getRegularizer', 'regularizer', identifier, MAKERS, ['l1', 'l2', 'l1l2'])({});
}

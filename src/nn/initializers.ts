/**
 * Weight initializers, with Keras' rules: fan-in / fan-out of a dense kernel `[in, out]` are `in`
 * and `out`; of a convolution kernel `[...kernelSize, in, out]` they are multiplied by the
 * receptive-field size. Every random initializer takes an optional `seed` (same seed, same values).
 *
 * Normal variance-scaling initializers (glorotNormal, heNormal, lecunNormal) draw from a normal
 * truncated at two standard deviations, with the standard deviation divided by 0.8796… so that the
 * values keep the intended variance, as Keras does (TF.js omits this correction; its values are
 * 12% smaller).
 *
 * `getInitializer` reads Keras / TF.js serialized forms (`{ className: 'VarianceScaling', config }`,
 * 'GlorotUniform', 'glorot_uniform', …), so that saved models load.
 */
import type { DType } from '../core/dtype.js';
import { describeValue, raise } from '../errors/index.js';
import { Tensor, eye, fill, mul, ones, randomNormal, randomUniform, tensor, tidy, truncatedNormal, zeros } from '../tensor/index.js';
import { looseName, lookupName, nameTable } from './optimizers/lookup.js';

/** Something that makes initial weights. */
export interface Initializer {
  /** Serialization name (Keras / TF.js class name). */
  readonly className: string;
  /** A new tensor of initial values. */
  apply(shape: number[], dtype?: DType): Tensor;
  /** The configuration, as Keras / TF.js serialize it. */
  getConfig(): Record<string, unknown>;
}

/** A serialized initializer. */
export interface SerializedInitializer {
  className?: string;
  class_name?: string;
  config?: Record<string, unknown>;
}

type Seed = number | string | undefined;

/** std of a standard normal truncated to [−2, 2]: Keras divides by it. */
const TRUNCATED_STD = 0.87962566103423978;

function checkShapeArg(op: string, shape: unknown): number[] {
  if (!Array.isArray(shape) || shape.some((d) => !Number.isInteger(d) || d < 0)) {
    raise('op.badArgument', { op, param: 'shape', expected: 'must be an array of non-negative integers', got: describeValue(shape) });
  }
  return shape as number[];
}

function checkNum(op: string, param: string, v: unknown, positive = false): number {
  if (typeof v !== 'number' || !Number.isFinite(v) || (positive && !(v > 0))) {
    raise('op.badArgument', { op, param, expected: positive ? 'must be a positive number' : 'must be a finite number', got: describeValue(v) });
  }
  return v as number;
}

function checkSeed(op: string, seed: unknown): Seed {
  if (seed === undefined || seed === null) return undefined;
  if (typeof seed !== 'number' && typeof seed !== 'string') raise('op.badArgument', { op, param: 'seed', expected: 'must be a number or a string', got: describeValue(seed) });
  return seed;
}

/**
 * Keras' fans of a weight shape: [in, out] for a dense kernel; for a convolution kernel
 * [...kernelSize, in, out] both are multiplied by the receptive field; a vector has
 * fanIn = fanOut = its length; a scalar 1.
 *
 * @example
 * computeFans([3, 3, 16, 32]); // [144, 288]
 */
export function computeFans(shape: readonly number[]): [number, number] {
  if (shape.length === 0) return [1, 1];
  if (shape.length === 1) return [shape[0], shape[0]];
  if (shape.length === 2) return [shape[0], shape[1]];
  let receptive = 1;
  for (const d of shape.slice(0, -2)) receptive *= d;
  return [shape[shape.length - 2] * receptive, shape[shape.length - 1] * receptive];
}

/** All zeros. */
export class Zeros implements Initializer {
  readonly className = 'Zeros';
  apply(shape: number[], dtype: DType = 'float32'): Tensor {
    return zeros(checkShapeArg('zeros', shape), dtype);
  }
  getConfig(): Record<string, unknown> {
    return {};
  }
}

/** All ones. */
export class Ones implements Initializer {
  readonly className = 'Ones';
  apply(shape: number[], dtype: DType = 'float32'): Tensor {
    return ones(checkShapeArg('ones', shape), dtype);
  }
  getConfig(): Record<string, unknown> {
    return {};
  }
}

/** One value everywhere. */
export class Constant implements Initializer {
  readonly className = 'Constant';
  readonly value: number;
  constructor(args: { value: number }) {
    this.value = checkNum('constant', 'value', args?.value);
  }
  apply(shape: number[], dtype: DType = 'float32'): Tensor {
    return fill(checkShapeArg('constant', shape), this.value, dtype);
  }
  getConfig(): Record<string, unknown> {
    return { value: this.value };
  }
}

/** Uniform in [minval, maxval) (Keras defaults ±0.05). */
export class RandomUniform implements Initializer {
  readonly className = 'RandomUniform';
  readonly minval: number;
  readonly maxval: number;
  readonly seed: Seed;
  constructor(args: { minval?: number; maxval?: number; seed?: Seed } = {}) {
    this.minval = checkNum('randomUniform', 'minval', args.minval ?? -0.05);
    this.maxval = checkNum('randomUniform', 'maxval', args.maxval ?? 0.05);
    if (this.maxval < this.minval) raise('op.badArgument', { op: 'randomUniform', param: 'maxval', expected: `must be >= minval (${this.minval})`, got: describeValue(this.maxval) });
    this.seed = checkSeed('randomUniform', args.seed);
  }
  apply(shape: number[], dtype: DType = 'float32'): Tensor {
    return randomUniform(checkShapeArg('randomUniform', shape), this.minval, this.maxval, dtype, this.seed);
  }
  getConfig(): Record<string, unknown> {
    return { minval: this.minval, maxval: this.maxval, seed: this.seed ?? null };
  }
}

/** Normal with `mean` and `stddev` (Keras defaults 0 and 0.05). */
export class RandomNormal implements Initializer {
  readonly className = 'RandomNormal';
  readonly mean: number;
  readonly stddev: number;
  readonly seed: Seed;
  constructor(args: { mean?: number; stddev?: number; seed?: Seed } = {}) {
    this.mean = checkNum('randomNormal', 'mean', args.mean ?? 0);
    this.stddev = checkNum('randomNormal', 'stddev', args.stddev ?? 0.05);
    this.seed = checkSeed('randomNormal', args.seed);
  }
  apply(shape: number[], dtype: DType = 'float32'): Tensor {
    return randomNormal(checkShapeArg('randomNormal', shape), this.mean, this.stddev, dtype, this.seed);
  }
  getConfig(): Record<string, unknown> {
    return { mean: this.mean, stddev: this.stddev, seed: this.seed ?? null };
  }
}

/** Normal with `mean` and `stddev`, values beyond two standard deviations redrawn. */
export class TruncatedNormal implements Initializer {
  readonly className = 'TruncatedNormal';
  readonly mean: number;
  readonly stddev: number;
  readonly seed: Seed;
  constructor(args: { mean?: number; stddev?: number; seed?: Seed } = {}) {
    this.mean = checkNum('truncatedNormal', 'mean', args.mean ?? 0);
    this.stddev = checkNum('truncatedNormal', 'stddev', args.stddev ?? 0.05);
    this.seed = checkSeed('truncatedNormal', args.seed);
  }
  apply(shape: number[], dtype: DType = 'float32'): Tensor {
    return truncatedNormal(checkShapeArg('truncatedNormal', shape), this.mean, this.stddev, dtype, this.seed);
  }
  getConfig(): Record<string, unknown> {
    return { mean: this.mean, stddev: this.stddev, seed: this.seed ?? null };
  }
}

/** `gain` times the identity matrix (square 2-D shapes only). */
export class Identity implements Initializer {
  readonly className = 'Identity';
  readonly gain: number;
  constructor(args: { gain?: number } = {}) {
    this.gain = checkNum('identity', 'gain', args.gain ?? 1);
  }
  apply(shape: number[], dtype: DType = 'float32'): Tensor {
    checkShapeArg('identity', shape);
    if (shape.length !== 2 || shape[0] !== shape[1]) raise('op.badArgument', { op: 'identity', param: 'shape', expected: 'must be a square 2-D shape [n, n]', got: `[${shape}]` });
    return tidy(() => mul(eye(shape[0], shape[0], undefined, 'float32'), this.gain).cast(dtype));
  }
  getConfig(): Record<string, unknown> {
    return { gain: this.gain };
  }
}

/** Fan mode of VarianceScaling. */
export type FanMode = 'fanIn' | 'fanOut' | 'fanAvg';
/** Distribution of VarianceScaling: 'normal' is the truncated normal, as in Keras. */
export type Distribution = 'normal' | 'truncatedNormal' | 'untruncatedNormal' | 'uniform';

const MODES = nameTable<FanMode>([[['fanIn'], 'fanIn'], [['fanOut'], 'fanOut'], [['fanAvg'], 'fanAvg']]);
const DISTRIBUTIONS = nameTable<Distribution>([
  [['normal'], 'normal'], [['truncatedNormal'], 'truncatedNormal'], [['untruncatedNormal'], 'untruncatedNormal'], [['uniform'], 'uniform'],
]);

/**
 * Keras' VarianceScaling: values with variance `scale / n`, n being fanIn, fanOut or their mean.
 * 'normal' / 'truncatedNormal' draw a truncated normal with std √(scale/n) / 0.8796…,
 * 'untruncatedNormal' a plain normal with std √(scale/n), 'uniform' values in ±√(3·scale/n).
 */
export class VarianceScaling implements Initializer {
  readonly className: string = 'VarianceScaling';
  readonly scale: number;
  readonly mode: FanMode;
  readonly distribution: Distribution;
  readonly seed: Seed;
  constructor(args: { scale?: number; mode?: string; distribution?: string; seed?: Seed } = {}) {
    this.scale = checkNum('varianceScaling', 'scale', args.scale ?? 1, true);
    this.mode = lookupName('varianceScaling', 'mode', args.mode ?? 'fanIn', MODES, ['fanIn', 'fanOut', 'fanAvg']);
    this.distribution = lookupName('varianceScaling', 'distribution', args.distribution ?? 'truncatedNormal', DISTRIBUTIONS, ['truncatedNormal', 'untruncatedNormal', 'uniform', 'normal']);
    this.seed = checkSeed('varianceScaling', args.seed);
  }
  apply(shape: number[], dtype: DType = 'float32'): Tensor {
    const s = checkShapeArg(this.className, shape);
    const [fanIn, fanOut] = computeFans(s);
    const n = this.mode === 'fanIn' ? fanIn : this.mode === 'fanOut' ? fanOut : (fanIn + fanOut) / 2;
    const scale = this.scale / Math.max(1, n);
    if (this.distribution === 'uniform') {
      const limit = Math.sqrt(3 * scale);
      return randomUniform(s, -limit, limit, dtype, this.seed);
    }
    if (this.distribution === 'untruncatedNormal') return randomNormal(s, 0, Math.sqrt(scale), dtype, this.seed);
    return truncatedNormal(s, 0, Math.sqrt(scale) / TRUNCATED_STD, dtype, this.seed);
  }
  getConfig(): Record<string, unknown> {
    return { scale: this.scale, mode: this.mode, distribution: this.distribution, seed: this.seed ?? null };
  }
}

/** A named VarianceScaling preset (GlorotUniform & co.), serialized under its own name. */
class Preset extends VarianceScaling {
  override readonly className: string;
  constructor(className: string, scale: number, mode: FanMode, distribution: Distribution, seed: Seed) {
    super({ scale, mode, distribution, seed });
    this.className = className;
  }
  override getConfig(): Record<string, unknown> {
    return { seed: this.seed ?? null };
  }
}

/**
 * Orthogonal matrix (of the flattened `[prod(shape[:-1]), shape[-1]]` view), times `gain`: the
 * Q of a QR decomposition of a normal matrix, made unique by positive diagonal R.
 */
export class Orthogonal implements Initializer {
  readonly className = 'Orthogonal';
  readonly gain: number;
  readonly seed: Seed;
  constructor(args: { gain?: number; seed?: Seed } = {}) {
    this.gain = checkNum('orthogonal', 'gain', args.gain ?? 1);
    this.seed = checkSeed('orthogonal', args.seed);
  }
  apply(shape: number[], dtype: DType = 'float32'): Tensor {
    const s = checkShapeArg('orthogonal', shape);
    if (s.length < 2) raise('op.badArgument', { op: 'orthogonal', param: 'shape', expected: 'must have rank 2 or more', got: `[${s}]` });
    const cols = s[s.length - 1];
    const rows = s.slice(0, -1).reduce((a, b) => a * b, 1);
    const m = Math.max(rows, cols);
    const n = Math.min(rows, cols);
    const a = tidy(() => randomNormal([m, n], 0, 1, 'float32', this.seed).dataSync());
    // Modified Gram–Schmidt on the columns (R's diagonal comes out positive).
    const q = new Float64Array(m * n);
    for (let j = 0; j < n; j++) {
      const v = new Float64Array(m);
      for (let r = 0; r < m; r++) v[r] = a[r * n + j];
      for (let i = 0; i < j; i++) {
        let dot = 0;
        for (let r = 0; r < m; r++) dot += q[r * n + i] * v[r];
        for (let r = 0; r < m; r++) v[r] -= dot * q[r * n + i];
      }
      let norm = 0;
      for (let r = 0; r < m; r++) norm += v[r] * v[r];
      norm = Math.sqrt(norm) || 1;
      for (let r = 0; r < m; r++) q[r * n + j] = v[r] / norm;
    }
    const out = new Float32Array(rows * cols);
    for (let r = 0; r < rows; r++) {
      for (let c = 0; c < cols; c++) out[r * cols + c] = this.gain * (rows >= cols ? q[r * n + c] : q[c * n + r]);
    }
    return tidy(() => tensor(out, s, 'float32').cast(dtype));
  }
  getConfig(): Record<string, unknown> {
    return { gain: this.gain, seed: this.seed ?? null };
  }
}

// ---- factories (TF.js' tf.initializers) ------------------------------------------------------

type SeedArg = Seed | { seed?: Seed | null } | null;
const seedOf = (a: SeedArg): Seed => (a !== null && typeof a === 'object' ? (a.seed ?? undefined) : (a ?? undefined));

/** Zeros. @example initializers.zeros().apply([2, 2]); */
const zerosInit = (): Initializer => new Zeros();
/** Ones. @example initializers.ones().apply([2]); */
const onesInit = (): Initializer => new Ones();
/** A constant. @example initializers.constant(0.1).apply([3]); */
const constant = (value: number | { value: number }): Initializer => new Constant(typeof value === 'object' && value !== null ? value : { value });
/** Uniform in [minval, maxval). @example initializers.randomUniform(-1, 1, 42) */
function randomUniformInit(minval?: number | { minval?: number; maxval?: number; seed?: Seed }, maxval?: number, seed?: Seed): Initializer {
  return new RandomUniform(typeof minval === 'object' && minval !== null ? minval : { minval, maxval, seed });
}
/** Normal. @example initializers.randomNormal(0, 0.1, 42) */
function randomNormalInit(mean?: number | { mean?: number; stddev?: number; seed?: Seed }, stddev?: number, seed?: Seed): Initializer {
  return new RandomNormal(typeof mean === 'object' && mean !== null ? mean : { mean, stddev, seed });
}
/** Truncated normal. @example initializers.truncatedNormal(0, 0.1, 42) */
function truncatedNormalInit(mean?: number | { mean?: number; stddev?: number; seed?: Seed }, stddev?: number, seed?: Seed): Initializer {
  return new TruncatedNormal(typeof mean === 'object' && mean !== null ? mean : { mean, stddev, seed });
}
/** Identity matrix times gain. @example sprout.initializers.identity(2).apply([3, 3]).print(); // 2 on the diagonal */
const identity = (gain?: number | { gain?: number }): Initializer => new Identity(typeof gain === 'object' && gain !== null ? gain : { gain });
/** Orthogonal matrix times gain. @example sprout.initializers.orthogonal({ gain: 1, seed: 7 }).apply([4, 4]); */
function orthogonal(gain?: number | { gain?: number; seed?: Seed }, seed?: Seed): Initializer {
  return new Orthogonal(typeof gain === 'object' && gain !== null ? gain : { gain, seed });
}
/** VarianceScaling with its config. @example sprout.initializers.varianceScaling({ scale: 2, mode: 'fanIn', distribution: 'truncatedNormal', seed: 1 }).apply([64, 32]); */
const varianceScaling = (config: { scale?: number; mode?: string; distribution?: string; seed?: Seed } = {}): Initializer => new VarianceScaling(config);
/** Glorot (Xavier) uniform: ±√(6 / (fanIn + fanOut)). @example initializers.glorotUniform(42).apply([784, 128]); */
const glorotUniform = (seed?: SeedArg): Initializer => new Preset('GlorotUniform', 1, 'fanAvg', 'uniform', checkSeed('glorotUniform', seedOf(seed)));
/** Glorot (Xavier) normal: truncated, std √(2 / (fanIn + fanOut)). @example sprout.initializers.glorotNormal(42).apply([784, 128]); */
const glorotNormal = (seed?: SeedArg): Initializer => new Preset('GlorotNormal', 1, 'fanAvg', 'truncatedNormal', checkSeed('glorotNormal', seedOf(seed)));
/** He normal: truncated, std √(2 / fanIn). @example sprout.initializers.heNormal(42).apply([784, 128]); */
const heNormal = (seed?: SeedArg): Initializer => new Preset('HeNormal', 2, 'fanIn', 'truncatedNormal', checkSeed('heNormal', seedOf(seed)));
/** He uniform: ±√(6 / fanIn). @example sprout.initializers.heUniform(42).apply([784, 128]); */
const heUniform = (seed?: SeedArg): Initializer => new Preset('HeUniform', 2, 'fanIn', 'uniform', checkSeed('heUniform', seedOf(seed)));
/** LeCun normal: truncated, std √(1 / fanIn) (also `leCunNormal`). @example sprout.initializers.lecunNormal(42).apply([784, 128]); */
const lecunNormal = (seed?: SeedArg): Initializer => new Preset('LeCunNormal', 1, 'fanIn', 'truncatedNormal', checkSeed('lecunNormal', seedOf(seed)));
/** LeCun uniform: ±√(3 / fanIn) (also `leCunUniform`). @example sprout.initializers.lecunUniform(42).apply([784, 128]); */
const lecunUniform = (seed?: SeedArg): Initializer => new Preset('LeCunUniform', 1, 'fanIn', 'uniform', checkSeed('lecunUniform', seedOf(seed)));

/**
 * Initializers, as TF.js' `tf.initializers` (each also takes plain arguments: `randomNormal(0, 0.1, seed)`).
 *
 * @example
 * sprout.layers.dense({ units: 8, kernelInitializer: sprout.initializers.heNormal({ seed: 42 }) });
 */
export const initializers = {
  zeros: zerosInit, ones: onesInit, constant, randomUniform: randomUniformInit, randomNormal: randomNormalInit,
  truncatedNormal: truncatedNormalInit, identity, orthogonal, varianceScaling, glorotUniform, glorotNormal, heNormal, heUniform,
  lecunNormal, lecunUniform, leCunNormal: lecunNormal, leCunUniform: lecunUniform,
};

// ---- getInitializer --------------------------------------------------------------------------

type Config = Record<string, unknown>;
const num = (c: Config, k: string) => (c[k] === null ? undefined : (c[k] as number | undefined));
const seedIn = (c: Config) => (c.seed === null ? undefined : (c.seed as Seed));

const MAKERS = nameTable<(c: Config) => Initializer>([
  [['zeros', 'zero', 'Zeros'], () => new Zeros()],
  [['ones', 'one', 'Ones'], () => new Ones()],
  [['constant'], (c) => new Constant({ value: num(c, 'value') ?? 0 })],
  [['randomUniform', 'uniform'], (c) => new RandomUniform({ minval: num(c, 'minval'), maxval: num(c, 'maxval'), seed: seedIn(c) })],
  [['randomNormal', 'normal'], (c) => new RandomNormal({ mean: num(c, 'mean'), stddev: num(c, 'stddev'), seed: seedIn(c) })],
  [['truncatedNormal'], (c) => new TruncatedNormal({ mean: num(c, 'mean'), stddev: num(c, 'stddev'), seed: seedIn(c) })],
  [['identity'], (c) => new Identity({ gain: num(c, 'gain') })],
  [['orthogonal'], (c) => new Orthogonal({ gain: num(c, 'gain'), seed: seedIn(c) })],
  [['varianceScaling'], (c) => new VarianceScaling({ scale: num(c, 'scale'), mode: c.mode as string | undefined, distribution: c.distribution as string | undefined, seed: seedIn(c) })],
  [['glorotUniform', 'xavierUniform'], (c) => glorotUniform(seedIn(c))],
  [['glorotNormal', 'xavierNormal'], (c) => glorotNormal(seedIn(c))],
  [['heNormal'], (c) => heNormal(seedIn(c))],
  [['heUniform'], (c) => heUniform(seedIn(c))],
  [['lecunNormal'], (c) => lecunNormal(seedIn(c))],
  [['lecunUniform'], (c) => lecunUniform(seedIn(c))],
]);
const INITIALIZER_NAMES = [
  'zeros', 'ones', 'constant', 'randomUniform', 'randomNormal', 'truncatedNormal', 'identity', 'orthogonal', 'varianceScaling',
  'glorotUniform', 'glorotNormal', 'heNormal', 'heUniform', 'lecunNormal', 'lecunUniform',
];

/** Config keys in Keras snake_case or TF.js camelCase → ours. */
function normalizeConfig(config: unknown): Config {
  const out: Config = {};
  if (config === null || typeof config !== 'object') return out;
  const keys: Record<string, string> = { seed: 'seed', scale: 'scale', mode: 'mode', distribution: 'distribution', mean: 'mean', stddev: 'stddev', minval: 'minval', maxval: 'maxval', value: 'value', gain: 'gain' };
  for (const [k, v] of Object.entries(config as Config)) {
    const key = keys[looseName(k)];
    if (key) out[key] = v;
  }
  return out;
}

const isInitializer = (x: unknown): x is Initializer =>
  x !== null && typeof x === 'object' && typeof (x as Initializer).apply === 'function' && typeof (x as Initializer).getConfig === 'function';

/**
 * An initializer from a name ('glorotUniform', 'GlorotUniform', 'glorot_uniform', 'zeros', …), a
 * serialized `{ className, config }` (Keras or TF.js spelling, e.g. `{ className:
 * 'VarianceScaling', config: { scale: 2, mode: 'fan_in', distribution: 'truncated_normal' } }`),
 * or an initializer (returned as is).
 *
 * @example
 * getInitializer('heNormal').apply([3, 3, 8, 16]);
 */
export function getInitializer(identifier: string | SerializedInitializer | Initializer): Initializer {
  if (isInitializer(identifier)) return identifier;
  if (identifier !== null && typeof identifier === 'object') {
    const s = identifier as SerializedInitializer;
    return lookupName('getInitializer', 'initializer', s.className ?? s.class_name, MAKERS, INITIALIZER_NAMES)(normalizeConfig(s.config));
  }
  return lookupName('getInitializer', 'initializer', identifier, MAKERS, INITIALIZER_NAMES)({});
}

/** `{ className, config }` of an initializer, as Keras / TF.js save it. */
export function serializeInitializer(init: Initializer): { className: string; config: Record<string, unknown> } {
  return { className: init.className, config: init.getConfig() };
}

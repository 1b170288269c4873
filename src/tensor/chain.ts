/**
 * Tensor methods (`t.add(1).relu()`): each one calls the op of the same name with the tensor as its
 * first argument. Installed once on the prototype when the tensor layer loads.
 */
import type { DType } from '../core/dtype.js';
import type { TensorLike } from './convert.js';
import { Tensor } from './tensor.js';
import * as ew from './ops/elementwise.js';
import * as red from './ops/reduce.js';
import * as tr from './ops/transform.js';
import * as la from './ops/linalg.js';
import * as cv from './ops/conv.js';
import { clone } from './ops/creation.js';
import { resizeBilinear, resizeNearestNeighbor } from './ops/image.js';

type Axis = number | number[] | null;

declare module './tensor.js' {
  interface Tensor {
    add(b: TensorLike): Tensor; sub(b: TensorLike): Tensor; mul(b: TensorLike): Tensor; div(b: TensorLike): Tensor;
    floorDiv(b: TensorLike): Tensor; mod(b: TensorLike): Tensor; pow(exp: TensorLike): Tensor;
    maximum(b: TensorLike): Tensor; minimum(b: TensorLike): Tensor; squaredDifference(b: TensorLike): Tensor; atan2(b: TensorLike): Tensor;
    equal(b: TensorLike): Tensor; notEqual(b: TensorLike): Tensor; less(b: TensorLike): Tensor; lessEqual(b: TensorLike): Tensor;
    greater(b: TensorLike): Tensor; greaterEqual(b: TensorLike): Tensor;
    logicalAnd(b: TensorLike): Tensor; logicalOr(b: TensorLike): Tensor; logicalXor(b: TensorLike): Tensor; logicalNot(): Tensor;
    neg(): Tensor; abs(): Tensor; exp(): Tensor; expm1(): Tensor; log(): Tensor; log1p(): Tensor; sqrt(): Tensor; rsqrt(): Tensor;
    square(): Tensor; reciprocal(): Tensor; sin(): Tensor; cos(): Tensor; tan(): Tensor; asin(): Tensor; acos(): Tensor; atan(): Tensor;
    sinh(): Tensor; cosh(): Tensor; tanh(): Tensor; sigmoid(): Tensor; softplus(): Tensor; relu(): Tensor; relu6(): Tensor;
    elu(): Tensor; selu(): Tensor; erf(): Tensor; floor(): Tensor; ceil(): Tensor; round(): Tensor; sign(): Tensor;
    isNaN(): Tensor; isFinite(): Tensor; isInf(): Tensor;
    leakyRelu(alpha?: number): Tensor; prelu(alpha: TensorLike): Tensor; step(alpha?: number): Tensor;
    clipByValue(min: number, max: number): Tensor; cast(dtype: DType): Tensor; asType(dtype: DType): Tensor;
    toFloat(): Tensor; toInt(): Tensor; toBool(): Tensor;
    sum(axis?: Axis, keepDims?: boolean): Tensor; mean(axis?: Axis, keepDims?: boolean): Tensor; prod(axis?: Axis, keepDims?: boolean): Tensor;
    max(axis?: Axis, keepDims?: boolean): Tensor; min(axis?: Axis, keepDims?: boolean): Tensor;
    all(axis?: Axis, keepDims?: boolean): Tensor; any(axis?: Axis, keepDims?: boolean): Tensor; logSumExp(axis?: Axis, keepDims?: boolean): Tensor;
    argMax(axis?: number): Tensor; argMin(axis?: number): Tensor;
    softmax(dim?: number): Tensor; logSoftmax(axis?: number): Tensor; topk(k?: number, sorted?: boolean): { values: Tensor; indices: Tensor };
    matMul(b: TensorLike, transposeA?: boolean, transposeB?: boolean): Tensor;
    reshape(shape: number[]): Tensor; flatten(): Tensor; as1D(): Tensor; transpose(perm?: number[]): Tensor;
    expandDims(axis?: number): Tensor; squeeze(axis?: number | number[]): Tensor;
    slice(begin: number | number[], size?: number | number[]): Tensor; gather(indices: TensorLike, axis?: number): Tensor;
    tile(reps: number[]): Tensor; pad(paddings: [number, number][], constantValue?: number): Tensor; broadcastTo(shape: number[]): Tensor;
    concat(x: TensorLike | TensorLike[], axis?: number): Tensor; stack(x: TensorLike | TensorLike[], axis?: number): Tensor;
    unstack(axis?: number): Tensor[]; split(numOrSizeSplits: number | number[], axis?: number): Tensor[];
    clone(): Tensor;
    conv2d(filter: TensorLike, strides: number | [number, number], pad: cv.FusedConv2DConfig['pad']): Tensor;
    depthwiseConv2d(filter: TensorLike, strides: number | [number, number], pad: cv.FusedConv2DConfig['pad']): Tensor;
    maxPool(filterSize: number | [number, number], strides: number | [number, number], pad: cv.FusedConv2DConfig['pad']): Tensor;
    avgPool(filterSize: number | [number, number], strides: number | [number, number], pad: cv.FusedConv2DConfig['pad']): Tensor;
    batchNorm(mean: TensorLike, variance: TensorLike, offset?: TensorLike, scale?: TensorLike, varianceEpsilon?: number): Tensor;
    resizeBilinear(size: [number, number], alignCorners?: boolean, halfPixelCenters?: boolean): Tensor;
    resizeNearestNeighbor(size: [number, number], alignCorners?: boolean, halfPixelCenters?: boolean): Tensor;
  }
}

type AnyFn = (...args: never[]) => unknown;
const methods: Record<string, AnyFn> = {
  add: ew.add, sub: ew.sub, mul: ew.mul, div: ew.div, floorDiv: ew.floorDiv, mod: ew.mod, pow: ew.pow,
  maximum: ew.maximum, minimum: ew.minimum, squaredDifference: ew.squaredDifference, atan2: ew.atan2,
  equal: ew.equal, notEqual: ew.notEqual, less: ew.less, lessEqual: ew.lessEqual, greater: ew.greater, greaterEqual: ew.greaterEqual,
  logicalAnd: ew.logicalAnd, logicalOr: ew.logicalOr, logicalXor: ew.logicalXor, logicalNot: ew.logicalNot,
  neg: ew.neg, abs: ew.abs, exp: ew.exp, expm1: ew.expm1, log: ew.log, log1p: ew.log1p, sqrt: ew.sqrt, rsqrt: ew.rsqrt,
  square: ew.square, reciprocal: ew.reciprocal, sin: ew.sin, cos: ew.cos, tan: ew.tan, asin: ew.asin, acos: ew.acos, atan: ew.atan,
  sinh: ew.sinh, cosh: ew.cosh, tanh: ew.tanh, sigmoid: ew.sigmoid, softplus: ew.softplus, relu: ew.relu, relu6: ew.relu6,
  elu: ew.elu, selu: ew.selu, erf: ew.erf, floor: ew.floor, ceil: ew.ceil, round: ew.round, sign: ew.sign,
  isNaN: ew.isNaN, isFinite: ew.isFinite, isInf: ew.isInf,
  leakyRelu: ew.leakyRelu, prelu: ew.prelu, step: ew.step, clipByValue: ew.clipByValue, cast: ew.cast, asType: ew.cast,
  sum: red.sum, mean: red.mean, prod: red.prod, max: red.max, min: red.min, all: red.all, any: red.any, logSumExp: red.logSumExp,
  argMax: red.argMax, argMin: red.argMin, softmax: red.softmax, logSoftmax: red.logSoftmax, topk: red.topk,
  matMul: la.matMul, reshape: tr.reshape, flatten: tr.flatten, as1D: tr.flatten, transpose: tr.transpose,
  expandDims: tr.expandDims, squeeze: tr.squeeze, slice: tr.slice, gather: tr.gather, tile: tr.tile, pad: tr.pad,
  broadcastTo: tr.broadcastTo, unstack: tr.unstack, split: tr.split, clone,
  conv2d: cv.conv2d, depthwiseConv2d: cv.depthwiseConv2d, maxPool: cv.maxPool, avgPool: cv.avgPool, batchNorm: cv.batchNorm,
  resizeBilinear, resizeNearestNeighbor,
};

const proto = Tensor.prototype as unknown as Record<string, unknown>;
for (const [name, fn] of Object.entries(methods)) {
  proto[name] = function (this: Tensor, ...args: unknown[]) {
    return (fn as (...a: unknown[]) => unknown)(this, ...args);
  };
}
proto.toFloat = function (this: Tensor) { return ew.cast(this, 'float32'); };
proto.toInt = function (this: Tensor) { return ew.cast(this, 'int32'); };
proto.toBool = function (this: Tensor) { return ew.cast(this, 'bool'); };
proto.concat = function (this: Tensor, x: TensorLike | TensorLike[], axis?: number) {
  return tr.concat([this, ...(Array.isArray(x) && x.every((e) => e instanceof Tensor) ? x : [x])] as TensorLike[], axis);
};
proto.stack = function (this: Tensor, x: TensorLike | TensorLike[], axis?: number) {
  return tr.stack([this, ...(Array.isArray(x) && x.every((e) => e instanceof Tensor) ? x : [x])] as TensorLike[], axis);
};

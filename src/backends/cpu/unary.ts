import type { TensorInfo } from '../../core/backend.js';
import { allocArray, type DType, type TypedArray } from '../../core/dtype.js';
import type { CpuKernel } from './cpu-backend.js';
import { erf } from './math.js';

const SELU_SCALE = 1.0507009873554805;
const SELU_ALPHA = 1.6732632423543772;

/**
 * Applies unary op `name` from `x` into `o` (same length). One loop per op: no per-element
 * callbacks, so each loop stays monomorphic and fast.
 */
export function applyUnary(name: string, x: TypedArray, o: TypedArray): void {
  const n = x.length;
  switch (name) {
    case 'Neg': for (let i = 0; i < n; i++) o[i] = -x[i]; break;
    case 'Abs': for (let i = 0; i < n; i++) o[i] = Math.abs(x[i]); break;
    case 'Exp': for (let i = 0; i < n; i++) o[i] = Math.exp(x[i]); break;
    case 'Expm1': for (let i = 0; i < n; i++) o[i] = Math.expm1(x[i]); break;
    case 'Log': for (let i = 0; i < n; i++) o[i] = Math.log(x[i]); break;
    case 'Log1p': for (let i = 0; i < n; i++) o[i] = Math.log1p(x[i]); break;
    case 'Sqrt': for (let i = 0; i < n; i++) o[i] = Math.sqrt(x[i]); break;
    case 'Rsqrt': for (let i = 0; i < n; i++) o[i] = 1 / Math.sqrt(x[i]); break;
    case 'Square': for (let i = 0; i < n; i++) o[i] = x[i] * x[i]; break;
    case 'Reciprocal': for (let i = 0; i < n; i++) o[i] = 1 / x[i]; break;
    case 'Sin': for (let i = 0; i < n; i++) o[i] = Math.sin(x[i]); break;
    case 'Cos': for (let i = 0; i < n; i++) o[i] = Math.cos(x[i]); break;
    case 'Tan': for (let i = 0; i < n; i++) o[i] = Math.tan(x[i]); break;
    case 'Asin': for (let i = 0; i < n; i++) o[i] = Math.asin(x[i]); break;
    case 'Acos': for (let i = 0; i < n; i++) o[i] = Math.acos(x[i]); break;
    case 'Atan': for (let i = 0; i < n; i++) o[i] = Math.atan(x[i]); break;
    case 'Sinh': for (let i = 0; i < n; i++) o[i] = Math.sinh(x[i]); break;
    case 'Cosh': for (let i = 0; i < n; i++) o[i] = Math.cosh(x[i]); break;
    case 'Tanh': for (let i = 0; i < n; i++) o[i] = Math.tanh(x[i]); break;
    case 'Sigmoid': for (let i = 0; i < n; i++) o[i] = 1 / (1 + Math.exp(-x[i])); break;
    case 'Softplus':
      // log(1 + e^x) without overflow: max(x, 0) + log1p(e^-|x|).
      for (let i = 0; i < n; i++) { const v = x[i]; o[i] = Math.max(v, 0) + Math.log1p(Math.exp(-Math.abs(v))); }
      break;
    case 'Relu': for (let i = 0; i < n; i++) { const v = x[i]; o[i] = v < 0 ? 0 : v; } break;
    case 'Relu6': for (let i = 0; i < n; i++) { const v = x[i]; o[i] = v < 0 ? 0 : v > 6 ? 6 : v; } break;
    case 'Elu': for (let i = 0; i < n; i++) { const v = x[i]; o[i] = v < 0 ? Math.expm1(v) : v; } break;
    case 'Selu':
      for (let i = 0; i < n; i++) { const v = x[i]; o[i] = v < 0 ? SELU_SCALE * SELU_ALPHA * Math.expm1(v) : SELU_SCALE * v; }
      break;
    case 'Erf': for (let i = 0; i < n; i++) o[i] = erf(x[i]); break;
    case 'Floor': for (let i = 0; i < n; i++) o[i] = Math.floor(x[i]); break;
    case 'Ceil': for (let i = 0; i < n; i++) o[i] = Math.ceil(x[i]); break;
    case 'Round':
      // Banker's rounding (half to even), as TensorFlow does.
      for (let i = 0; i < n; i++) {
        const v = x[i];
        const f = Math.floor(v);
        const d = v - f;
        o[i] = d < 0.5 ? f : d > 0.5 ? f + 1 : f % 2 === 0 ? f : f + 1;
      }
      break;
    case 'Sign': for (let i = 0; i < n; i++) { const v = x[i]; o[i] = v > 0 ? 1 : v < 0 ? -1 : v === 0 ? 0 : NaN; } break;
    default: throw new Error(`cpu: unknown unary kernel ${name}`);
  }
}

/** Every plain unary kernel: output has the input's dtype. */
export const unaryKernel: CpuKernel = (b, [x], _attrs, name) => {
  const xv = b.data(x);
  const out = allocArray(x.dtype, xv.length);
  applyUnary(name, xv, out);
  return b.output(out, x.shape, x.dtype);
};

/** Unary kernels with attributes or a different output dtype. */
export const unaryAttrKernel: CpuKernel = (b, [x], attrs, name) => {
  const xv = b.data(x);
  const n = xv.length;
  let dtype: DType = x.dtype;
  if (name === 'Cast') dtype = attrs.dtype as DType;
  else if (name === 'IsNaN' || name === 'IsFinite' || name === 'IsInf' || name === 'LogicalNot') dtype = 'bool';
  const o = allocArray(dtype, n);
  switch (name) {
    case 'LeakyRelu': {
      const a = attrs.alpha as number;
      for (let i = 0; i < n; i++) { const v = xv[i]; o[i] = v < 0 ? a * v : v; }
      break;
    }
    case 'Step': {
      const a = attrs.alpha as number;
      for (let i = 0; i < n; i++) { const v = xv[i]; o[i] = v > 0 ? 1 : v !== v ? NaN : a; }
      break;
    }
    case 'ClipByValue': {
      const lo = attrs.min as number, hi = attrs.max as number;
      for (let i = 0; i < n; i++) { const v = xv[i]; o[i] = v < lo ? lo : v > hi ? hi : v; }
      break;
    }
    case 'Cast':
      if (dtype === 'bool') for (let i = 0; i < n; i++) o[i] = xv[i] !== 0 ? 1 : 0;
      else if (dtype === 'int32') for (let i = 0; i < n; i++) o[i] = xv[i]; // Int32Array truncates
      else o.set(xv);
      break;
    case 'IsNaN': for (let i = 0; i < n; i++) o[i] = xv[i] !== xv[i] ? 1 : 0; break;
    case 'IsFinite': for (let i = 0; i < n; i++) o[i] = Number.isFinite(xv[i]) ? 1 : 0; break;
    case 'IsInf': for (let i = 0; i < n; i++) o[i] = xv[i] === Infinity || xv[i] === -Infinity ? 1 : 0; break;
    case 'LogicalNot': for (let i = 0; i < n; i++) o[i] = xv[i] ? 0 : 1; break;
    default: throw new Error(`cpu: unknown kernel ${name}`);
  }
  return b.output(o, x.shape, dtype);
};

export type { TensorInfo };

/** The element types a tensor can have. `bool` is stored as 0/1 bytes. */
export type DType = 'float32' | 'int32' | 'bool';

/** The storage array of each dtype. */
export type TypedArray = Float32Array | Int32Array | Uint8Array;

/** Any typed array a user may hand to `tensor()`. */
export type AnyTypedArray =
  | Float32Array | Float64Array | Int32Array | Int16Array | Int8Array
  | Uint32Array | Uint16Array | Uint8Array | Uint8ClampedArray;

export const DTYPES: readonly DType[] = ['float32', 'int32', 'bool'];

/** Allocates a zero-filled storage array for `size` elements of `dtype`. */
export function allocArray(dtype: DType, size: number): TypedArray {
  if (dtype === 'float32') return new Float32Array(size);
  if (dtype === 'int32') return new Int32Array(size);
  return new Uint8Array(size);
}

/** Bytes per element of a dtype. */
export function bytesPerElement(dtype: DType): number {
  return dtype === 'bool' ? 1 : 4;
}

/** True for arrays whose elements are numbers (every typed array but BigInt ones). */
export function isTypedArray(v: unknown): v is AnyTypedArray {
  return ArrayBuffer.isView(v) && !(v instanceof DataView) && !(v instanceof BigInt64Array) && !(v instanceof BigUint64Array);
}

/** The dtype a typed array maps to when no dtype is given (integers → int32, floats → float32). */
export function inferDtypeOfTypedArray(v: AnyTypedArray): DType {
  if (v instanceof Float32Array || v instanceof Float64Array) return 'float32';
  return 'int32';
}

/** The common dtype two operands are promoted to: float32 > int32 > bool. */
export function upcastType(a: DType, b: DType): DType {
  if (a === 'float32' || b === 'float32') return 'float32';
  if (a === 'int32' || b === 'int32') return 'int32';
  return 'bool';
}

/** Copies `values` into a fresh storage array of `dtype`, converting as TF.js does. */
export function toStorage(values: ArrayLike<number>, dtype: DType): TypedArray {
  const out = allocArray(dtype, values.length);
  if (dtype === 'bool') {
    for (let i = 0; i < values.length; i++) out[i] = values[i] !== 0 ? 1 : 0; // NaN is true, as in TF.js
  } else {
    // Int32Array truncates toward zero and wraps like int32, exactly as TF.js' storage does.
    out.set(values as ArrayLike<number>);
  }
  return out;
}

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
  if (dtype === 'float32') {
    if (size > 0 && size <= POOL_MAX_LENGTH) {
      const reused = freeLists.get(size)?.pop();
      if (reused) return reused.fill(0);
      const fresh = new Float32Array(size);
      poolable.add(fresh);
      return fresh;
    }
    return new Float32Array(size);
  }
  if (dtype === 'int32') return new Int32Array(size);
  return new Uint8Array(size);
}

// Small float32 arrays are recycled: allocating a typed array costs more than a small kernel's
// arithmetic (it dominates ops on the tensors of a small MLP). Only arrays that `allocArray`
// made are ever recycled, and only when their owner (a backend) gives them back.
const POOL_MAX_LENGTH = 4096;
const POOL_MAX_PER_LENGTH = 16;
const poolable = new WeakSet<TypedArray>();
const freeLists = new Map<number, Float32Array[]>();

/**
 * Gives an array made by `allocArray` back for reuse. The caller must hold the only reference
 * (a backend freeing a tensor's storage); arrays not made by `allocArray` are ignored.
 */
export function releaseArray(a: TypedArray): void {
  if (!(a instanceof Float32Array) || !poolable.has(a)) return;
  let list = freeLists.get(a.length);
  if (!list) freeLists.set(a.length, (list = []));
  if (list.length < POOL_MAX_PER_LENGTH) list.push(a);
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

import type { DType, TypedArray } from '../core/dtype.js';
import { sizeOf } from '../core/shape.js';
import { ENGINE } from './engine.js';

/** A nested array of numbers or booleans, as `array()` returns it. */
export type NestedArray = number | boolean | NestedArray[];

/**
 * An immutable n-dimensional array of numbers living on a backend (CPU, WebGL or WebGPU).
 * Make tensors with `sprout.tensor()` and the other creation functions; every op returns a new one.
 * Free them with `dispose()`, or let `tidy()` / `scope()` do it.
 *
 * @example
 * const t = sprout.tensor([[1, 2], [3, 4]]);
 * t.shape;          // [2, 2]
 * t.add(1).print(); // [[2, 3], [4, 5]]
 */
export class Tensor {
  /** A unique id, handy when debugging leaks. */
  readonly id: number;
  /** The size of each dimension. */
  readonly shape: number[];
  readonly dtype: DType;
  /** Number of elements. */
  readonly size: number;
  /** @internal The engine's key to this tensor's data (shared between views; a Variable's changes on assign). */
  dataKey: object;
  /** True once disposed; using it then throws. */
  isDisposed = false;
  /** @internal Set by `keep()`: survives the end of tidy/scope. */
  kept = false;

  /** @internal Tensors are made by the engine; use `sprout.tensor()`. */
  constructor(id: number, shape: readonly number[], dtype: DType, dataKey: object) {
    this.id = id;
    this.shape = shape.slice();
    this.dtype = dtype;
    this.size = sizeOf(shape);
    this.dataKey = dataKey;
  }

  /** Number of dimensions. */
  get rank(): number {
    return this.shape.length;
  }

  /**
   * The values, flat, in row-major order (a copy; bool as 0/1 bytes). Works on every backend.
   *
   * @example
   * const values = await sprout.tensor([1, 2, 3]).data(); // Float32Array [1, 2, 3]
   */
  data(): Promise<TypedArray> {
    return ENGINE.read(this);
  }

  /**
   * The values, synchronously. Fast on the CPU backend; on a GPU backend prefer `await data()`.
   *
   * @example
   * sprout.tensor([1, 2, 3]).dataSync(); // Float32Array [1, 2, 3]
   */
  dataSync(): TypedArray {
    return ENGINE.readSync(this);
  }

  /**
   * The values as nested arrays (bool tensors give 0/1, as in TF.js).
   *
   * @example
   * await sprout.tensor([[1, 2], [3, 4]]).array(); // [[1, 2], [3, 4]]
   */
  async array(): Promise<NestedArray> {
    return toNested(await this.data(), this.shape, this.dtype);
  }

  /**
   * The values as nested arrays, synchronously.
   *
   * @example
   * sprout.tensor([[1, 2], [3, 4]]).arraySync(); // [[1, 2], [3, 4]]
   */
  arraySync(): NestedArray {
    return toNested(this.dataSync(), this.shape, this.dtype);
  }

  /**
   * Prints the tensor to the console.
   *
   * @example
   * sprout.tensor([1, 2]).print();
   */
  print(verbose = false): void {
    console.log(this.toString(verbose));
  }

  /** A readable description with the values. */
  toString(verbose = false): string {
    if (this.isDisposed) return `Tensor (disposed, id ${this.id})`;
    const head = verbose ? `Tensor\n  dtype: ${this.dtype}\n  rank: ${this.rank}\n  shape: [${this.shape}]\n  values:\n` : 'Tensor\n';
    return head + '    ' + formatValues(this.dataSync(), this.shape, this.dtype);
  }

  /**
   * Frees the tensor's memory. Safe to call twice.
   *
   * @example
   * const t = sprout.ones([1000, 1000]);
   * t.dispose();
   */
  dispose(): void {
    ENGINE.disposeTensor(this);
  }
}

/** Turns flat values into nested arrays of `shape`. */
export function toNested(values: TypedArray, shape: readonly number[], dtype: DType): NestedArray {
  void dtype;
  if (shape.length === 0) return values[0];
  const build = (dim: number, offset: number, stride: number): NestedArray[] => {
    const n = shape[dim];
    const out: NestedArray[] = new Array(n);
    const inner = stride / (n || 1);
    for (let i = 0; i < n; i++) {
      out[i] = dim === shape.length - 1 ? values[offset + i] : build(dim + 1, offset + i * inner, inner);
    }
    return out;
  };
  return build(0, 0, sizeOf(shape));
}

function formatValues(values: TypedArray, shape: readonly number[], dtype: DType): string {
  const fmt = (v: number) => (dtype === 'bool' ? String(v !== 0) : dtype === 'int32' ? String(v) : fmtFloat(v));
  const render = (n: NestedArray): string => (Array.isArray(n) ? `[${n.map(render).join(', ')}]` : fmt(n as number));
  if (values.length > 1000) return `[${shape.join('×')} tensor: ${Array.from(values.subarray(0, 6), fmt).join(', ')}, …]`;
  return render(toNested(values, shape, 'float32'));
}

function fmtFloat(v: number): string {
  if (Number.isInteger(v)) return String(v);
  return Number(v.toPrecision(6)).toString();
}

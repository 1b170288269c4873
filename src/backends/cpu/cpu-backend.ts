import type { Backend, BackendMemory, DataId, KernelAttrs, TensorInfo } from '../../core/backend.js';
import { bytesPerElement, releaseArray, type DType, type TypedArray } from '../../core/dtype.js';
import { raise } from '../../errors/index.js';
import { KERNELS } from './kernel-table.js';

/** A CPU tensor's storage. */
interface CpuData {
  values: TypedArray;
  dtype: DType;
}

/**
 * The reference backend: plain typed arrays, synchronous reads, kernels written for speed in
 * JavaScript (blocked matmul, im2col convolutions). Every other backend is tested against it.
 */
export class CpuBackend implements Backend {
  readonly name = 'cpu';
  private readonly store = new Map<DataId, CpuData>();
  private bytes = 0;

  write(values: TypedArray, _shape: readonly number[], dtype: DType): DataId {
    const id = {};
    this.store.set(id, { values, dtype });
    this.bytes += values.length * bytesPerElement(dtype);
    return id;
  }

  read(dataId: DataId): Promise<TypedArray> {
    // Copy now: the storage may be recycled once its tensor is disposed, before the caller runs.
    return Promise.resolve(this.readSync(dataId).slice());
  }

  readSync(dataId: DataId): TypedArray {
    const d = this.store.get(dataId);
    if (!d) raise('internal', { detail: 'cpu backend: read of a data handle it does not hold' });
    return d.values;
  }

  /** The values of a kernel input (kernels must not modify them). */
  data(t: TensorInfo): TypedArray {
    return this.readSync(t.dataId);
  }

  /** Wraps freshly computed values as a kernel output. */
  output(values: TypedArray, shape: readonly number[], dtype: DType): TensorInfo {
    return { dataId: this.write(values, shape, dtype), shape: [...shape], dtype };
  }

  disposeData(dataId: DataId): void {
    const d = this.store.get(dataId);
    if (!d) return;
    this.bytes -= d.values.length * bytesPerElement(d.dtype);
    this.store.delete(dataId);
    releaseArray(d.values);
  }

  runKernel(name: string, inputs: readonly TensorInfo[], attrs: KernelAttrs): TensorInfo[] {
    const kernel = KERNELS[name];
    if (!kernel) raise('backend.noKernel', { op: name, backend: 'cpu', kernel: name });
    const out = kernel(this, inputs, attrs, name);
    return Array.isArray(out) ? out : [out];
  }

  hasKernel(name: string): boolean {
    return name in KERNELS;
  }

  memory(): BackendMemory {
    return { numBytes: this.bytes, numDataBuffers: this.store.size };
  }

  destroy(): void {
    this.store.clear();
    this.bytes = 0;
  }
}

/** The signature of a CPU kernel. `name` lets one function serve a family (all unary ops). */
export type CpuKernel = (
  backend: CpuBackend,
  inputs: readonly TensorInfo[],
  attrs: KernelAttrs,
  name: string,
) => TensorInfo | TensorInfo[];

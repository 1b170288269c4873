import type { DType, TypedArray } from './dtype.js';

/**
 * An opaque handle to data held by a backend. The front end never looks inside: a CPU backend may
 * keep a typed array behind it, a GPU backend a texture or a buffer.
 */
export type DataId = object;

/** What a kernel sees of a tensor: its data handle, shape and dtype. */
export interface TensorInfo {
  readonly dataId: DataId;
  readonly shape: readonly number[];
  readonly dtype: DType;
}

/** Attributes of a kernel call: plain, serialisable values (the GPU backends key programs on them). */
export type KernelAttrs = Readonly<Record<string, unknown>>;

/** Memory a backend holds. */
export interface BackendMemory {
  numBytes: number;
  numDataBuffers: number;
}

/**
 * The contract every backend fulfils. It is deliberately small (allocate/write, read, dispose, run
 * a kernel by name) so that a WebGL2 or WebGPU backend fits without touching the front end.
 *
 * Ownership: `write` and kernels return new handles; the engine calls `disposeData` exactly once for
 * each handle when the last tensor viewing it is disposed. Kernels never dispose their inputs.
 */
export interface Backend {
  readonly name: string;
  /** Stores a copy of `values` (already in the storage type of `dtype`); returns its handle. */
  write(values: TypedArray, shape: readonly number[], dtype: DType): DataId;
  /** Reads the values behind a handle, in the storage type of its dtype. */
  read(dataId: DataId): Promise<TypedArray>;
  /** Synchronous read, only for backends that can (the CPU backend; a GPU one may stall). */
  readSync?(dataId: DataId): TypedArray;
  /** Frees a handle. */
  disposeData(dataId: DataId): void;
  /** Runs kernel `name`. Inputs and the meaning of attrs are listed in `core/kernels.ts`. */
  runKernel(name: string, inputs: readonly TensorInfo[], attrs: KernelAttrs): TensorInfo[];
  /** True when `runKernel(name, …)` is implemented. */
  hasKernel(name: string): boolean;
  memory(): BackendMemory;
  /** Releases everything (called when the backend is removed). */
  destroy?(): void;
}

/** Creates a backend, synchronously or after loading its code lazily. */
export type BackendFactory = () => Backend | Promise<Backend>;

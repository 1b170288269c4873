import type { Backend, DataId, KernelAttrs, TensorInfo } from '../core/backend.js';
import { bytesPerElement, type DType, type TypedArray } from '../core/dtype.js';
import { sizeOf } from '../core/shape.js';
import { findBackend, registeredBackends } from '../backends/registry.js';
import { raise } from '../errors/index.js';
import { Tensor } from './tensor.js';

/** Where a tensor's data lives: the backend and its handle, shared by views (reshape, clone). */
export interface DataRecord {
  backend: Backend;
  handle: DataId;
  refCount: number;
  bytes: number;
}

/** A set of tensors to dispose when its `tidy` or `scope` ends. */
interface Scope {
  /** Tensors made in the scope (an array: cheaper than a Set for the few tensors most ops make). */
  tensors: Tensor[];
}

/** What autograd sees of each kernel call while a tape is recording. */
export interface KernelRecord {
  name: string;
  inputs: Tensor[];
  attrs: KernelAttrs;
  outputs: Tensor[];
}

/** Memory in use, as `sprout.memory()` reports it. */
export interface MemoryInfo {
  numTensors: number;
  numDataBuffers: number;
  numBytes: number;
  backends: Record<string, { numBytes: number; numDataBuffers: number }>;
}

/**
 * The engine: owns the active backend, every tensor's data record, the memory scopes, and the
 * kernel dispatch. It never touches a backend's arrays: only handles. The one instance is `sprout.ENGINE`.
 *
 * @example
 * console.log(sprout.ENGINE.backendName(), sprout.ENGINE.memory().numTensors);
 */
export class Engine {
  private instances = new Map<string, Backend>();
  private pending = new Map<string, Promise<Backend | null>>();
  private activeName: string | null = null;
  private active: Backend | null = null;
  private records = new Map<object, DataRecord>();
  private tidyStack: Scope[] = [];
  private asyncScopes: Scope[] = [];
  private nextId = 0;
  numTensors = 0;
  /** Listeners told of every kernel call (autograd's tape). */
  readonly kernelListeners: ((r: KernelRecord) => void)[] = [];

  // ---- backends --------------------------------------------------------------------------

  /** The active backend, starting the best registered one that can start synchronously. */
  backend(): Backend {
    if (this.active) return this.active;
    for (const name of registeredBackends()) {
      const b = this.instances.get(name) ?? this.tryStartSync(name);
      if (b) {
        this.activate(name, b);
        return b;
      }
    }
    return raise('backend.notReady', { name: registeredBackends()[0] ?? '(none registered)' });
  }

  backendName(): string {
    return this.activeName ?? this.backend().name;
  }

  private tryStartSync(name: string): Backend | null {
    const entry = findBackend(name);
    if (!entry) return null;
    try {
      const made = entry.factory();
      if (made instanceof Promise) {
        this.pending.set(name, made.then((b) => { this.instances.set(name, b); return b; }, () => null));
        return null;
      }
      this.instances.set(name, made);
      return made;
    } catch {
      return null;
    }
  }

  private activate(name: string, b: Backend): void {
    this.activeName = name;
    this.active = b;
  }

  /** Switches backend, loading it first if needed. Resolves false when it cannot start. */
  async setBackend(name: string): Promise<boolean> {
    const entry = findBackend(name);
    if (!entry) raise('backend.unknown', { name, known: registeredBackends().join(', ') || 'none' });
    let b = this.instances.get(name);
    if (!b) {
      let p = this.pending.get(name);
      if (!p) {
        p = Promise.resolve()
          .then(() => entry.factory())
          .then((made) => { this.instances.set(name, made); return made; }, (err: unknown) => {
            console.warn(`Sprout: backend '${name}' could not start: ${err instanceof Error ? err.message : String(err)}`);
            return null;
          });
        this.pending.set(name, p);
      }
      const made = await p;
      this.pending.delete(name);
      if (!made) return false;
      b = made;
    }
    await this.migrateUnreadable(b);
    this.activate(name, b);
    return true;
  }

  /**
   * Moves to `target` the data of backends that cannot be read synchronously (the lazy move in
   * `infoOn` needs a sync read), so tensors keep working after a switch.
   */
  private async migrateUnreadable(target: Backend): Promise<void> {
    const moves = [...this.records.values()].filter((r) => r.backend !== target && !r.backend.readSync);
    await Promise.all(moves.map(async (rec) => {
      const values = await rec.backend.read(rec.handle);
      if (rec.backend === target || rec.refCount === 0) return;
      const handle = target.write(values.slice(), [values.length], dtypeOfArray(values));
      rec.backend.disposeData(rec.handle);
      rec.backend = target;
      rec.handle = handle;
    }));
  }

  /** Resolves once the active (or default) backend is ready. */
  async ready(): Promise<void> {
    if (this.active) return;
    const pendingDefault = [...this.pending.values()][0];
    if (pendingDefault) await pendingDefault;
    this.backend();
  }

  /** Removes all backend instances (tests use this after registering a fake). */
  resetBackends(): void {
    this.instances.clear();
    this.pending.clear();
    this.active = null;
    this.activeName = null;
  }

  // ---- tensors and data ------------------------------------------------------------------

  /** Creates a tensor from storage values on the active backend. */
  makeTensor(values: TypedArray, shape: readonly number[], dtype: DType): Tensor {
    const backend = this.backend();
    const handle = backend.write(values, shape, dtype);
    return this.wrap(backend, handle, shape, dtype);
  }

  /** Wraps a backend handle into a new tensor (taking ownership of the handle). */
  private wrap(backend: Backend, handle: DataId, shape: readonly number[], dtype: DType): Tensor {
    const key = {};
    this.records.set(key, { backend, handle, refCount: 1, bytes: sizeOf(shape) * bytesPerElement(dtype) });
    return this.track(new Tensor(this.nextId++, shape, dtype, key));
  }

  /** A new tensor viewing `t`'s data with another shape (reshape, clone): no copy. */
  makeView(t: Tensor, shape: readonly number[]): Tensor {
    const rec = this.record(t, 'reshape', 'x');
    rec.refCount++;
    const view = this.track(new Tensor(this.nextId++, shape, t.dtype, t.dataKey));
    // Autograd sees a view as a 'Reshape' so gradients flow through it.
    if (this.kernelListeners.length) {
      const r: KernelRecord = { name: 'Reshape', inputs: [t], attrs: { shape: [...shape] }, outputs: [view] };
      for (const l of this.kernelListeners) l(r);
    }
    return view;
  }

  /**
   * A view of `t` that no scope tracks: autograd saves tensors with it so that a `tidy` inside the
   * recorded function cannot free what the backward pass needs. The caller must dispose it.
   */
  retainView(t: Tensor): Tensor {
    const rec = this.record(t, 'retain', 'x');
    rec.refCount++;
    this.numTensors++;
    // Same id as the original: rules computed on the view then stay linked to it for an outer
    // tape (second-order gradients).
    return new Tensor(t.id, t.shape, t.dtype, t.dataKey);
  }

  /** Registers a Variable sharing `initial`'s data (untracked by scopes); returns its id. */
  adoptAsVariable(v: Tensor, initial: Tensor): number {
    const rec = this.record(initial, 'variable', 'initialValue');
    rec.refCount++;
    this.numTensors++;
    v.dataKey = initial.dataKey;
    this.liveVariables.add(v);
    return this.nextId++;
  }

  private liveVariables = new Set<Tensor>();

  /** Live variables, in creation order (optimizers and variableGrads use them). */
  variables<V extends Tensor = Tensor>(): V[] {
    for (const v of this.liveVariables) if (v.isDisposed) this.liveVariables.delete(v);
    return [...this.liveVariables] as V[];
  }

  /** Points `target` at `source`'s data (Variable.assign); the old data is released. */
  assignData(target: Tensor, source: Tensor): void {
    const rec = this.record(source, 'assign', 'value');
    this.record(target, 'assign', 'variable');
    rec.refCount++;
    const oldKey = target.dataKey;
    const old = this.records.get(oldKey);
    target.dataKey = source.dataKey;
    if (old && --old.refCount === 0) {
      old.backend.disposeData(old.handle);
      this.records.delete(oldKey);
    }
  }

  private track(t: Tensor): Tensor {
    this.numTensors++;
    const scope = this.tidyStack[this.tidyStack.length - 1] ?? this.asyncScopes[this.asyncScopes.length - 1];
    scope?.tensors.push(t);
    return t;
  }

  private record(t: Tensor, op: string, param: string): DataRecord {
    if (t.isDisposed) raise('tensor.disposed', { op, param, id: t.id });
    const rec = this.records.get(t.dataKey);
    if (!rec) return raise('internal', { detail: `tensor ${t.id} has no data record` });
    return rec;
  }

  /** The kernel view of `t` on `backend`, moving its data there first if it lives elsewhere. */
  private infoOn(t: Tensor, backend: Backend, op: string, index: number): TensorInfo {
    // The parameter name is only built for an error (this runs for every input of every op).
    const rec = t.isDisposed ? this.record(t, op, `input ${index + 1}`) : this.records.get(t.dataKey) ?? this.record(t, op, `input ${index + 1}`);
    if (rec.backend !== backend) {
      if (!rec.backend.readSync) raise('backend.cannotMove', { op, param: `input ${index + 1}`, from: rec.backend.name, to: backend.name });
      const values = this.readSyncRecord(rec);
      const handle = backend.write(values.slice(), t.shape, t.dtype);
      rec.backend.disposeData(rec.handle);
      rec.backend = backend;
      rec.handle = handle;
    }
    return { dataId: rec.handle, shape: t.shape, dtype: t.dtype };
  }

  private readSyncRecord(rec: DataRecord): TypedArray {
    if (!rec.backend.readSync) raise('backend.noSyncRead', { backend: rec.backend.name });
    return rec.backend.readSync(rec.handle);
  }

  /** Reads a tensor's values (a copy the caller may keep). */
  readSync(t: Tensor): TypedArray {
    return this.readSyncRecord(this.record(t, 'dataSync', 'tensor')).slice();
  }

  async read(t: Tensor): Promise<TypedArray> {
    const rec = this.record(t, 'data', 'tensor');
    const values = await rec.backend.read(rec.handle);
    return values.slice();
  }

  disposeTensor(t: Tensor): void {
    if (t.isDisposed) return;
    t.isDisposed = true;
    this.numTensors--;
    const rec = this.records.get(t.dataKey);
    if (!rec) return;
    if (--rec.refCount === 0) {
      rec.backend.disposeData(rec.handle);
      this.records.delete(t.dataKey);
    }
  }

  // ---- kernels ---------------------------------------------------------------------------

  /**
   * Runs kernel `name` on the active backend and wraps its outputs as tracked tensors.
   * `op` is the user-facing op name, used in error messages.
   */
  runKernel(name: string, inputs: readonly Tensor[], attrs: KernelAttrs = {}, op = name): Tensor[] {
    const backend = this.backend();
    if (!backend.hasKernel(name)) raise('backend.noKernel', { op, backend: backend.name, kernel: name });
    const infos: TensorInfo[] = new Array(inputs.length);
    for (let i = 0; i < inputs.length; i++) infos[i] = this.infoOn(inputs[i], backend, op, i);
    const outInfos = backend.runKernel(name, infos, attrs);
    const outputs: Tensor[] = new Array(outInfos.length);
    for (let o = 0; o < outInfos.length; o++) outputs[o] = this.adopt(backend, outInfos[o], inputs, infos);
    if (this.kernelListeners.length) {
      const r: KernelRecord = { name, inputs: [...inputs], attrs, outputs };
      for (const l of this.kernelListeners) l(r);
    }
    return outputs;
  }

  /** Wraps one kernel output; a kernel may hand back an input's handle (identity): share it. */
  private adopt(backend: Backend, info: TensorInfo, inputs: readonly Tensor[], infos: TensorInfo[]): Tensor {
    for (let i = 0; i < infos.length; i++) {
      if (infos[i].dataId === info.dataId) {
        const t = inputs[i];
        (this.records.get(t.dataKey) as DataRecord).refCount++;
        return this.track(new Tensor(this.nextId++, info.shape, info.dtype, t.dataKey));
      }
    }
    return this.wrap(backend, info.dataId, info.shape, info.dtype);
  }

  // ---- scopes ----------------------------------------------------------------------------

  /** Runs `fn`, then disposes every tensor it made except the returned ones and kept ones. */
  tidy<T>(fn: () => T): T {
    const scope: Scope = { tensors: [] };
    this.tidyStack.push(scope);
    let result: T;
    try {
      result = fn();
    } catch (err) {
      this.tidyStack.pop();
      this.endScope(scope, undefined);
      throw err;
    }
    this.tidyStack.pop();
    if (result instanceof Promise) {
      this.endScope(scope, undefined);
      raise('scope.asyncInTidy');
    }
    this.endScope(scope, result);
    return result;
  }

  /** Like tidy, but `fn` may be async: tensors made while it runs (across awaits) are disposed. */
  async scope<T>(fn: () => Promise<T> | T): Promise<T> {
    const scope: Scope = { tensors: [] };
    this.asyncScopes.push(scope);
    let result: T;
    try {
      result = await fn();
    } catch (err) {
      this.closeAsync(scope);
      this.endScope(scope, undefined);
      throw err;
    }
    this.closeAsync(scope);
    this.endScope(scope, result);
    return result;
  }

  private closeAsync(scope: Scope): void {
    const i = this.asyncScopes.lastIndexOf(scope);
    if (i >= 0) this.asyncScopes.splice(i, 1);
  }

  private endScope(scope: Scope, result: unknown): void {
    const parent = this.tidyStack[this.tidyStack.length - 1] ?? this.asyncScopes[this.asyncScopes.length - 1];
    // Fast path: one tensor returned (what most ops do).
    if (result instanceof Tensor) {
      for (const t of scope.tensors) {
        if (t === result) parent?.tensors.push(t); // now belongs to the enclosing scope
        else if (!t.kept) this.disposeTensor(t);
      }
      return;
    }
    const keepers = new Set<Tensor>();
    collectTensors(result, keepers);
    for (const t of scope.tensors) {
      if (keepers.has(t)) parent?.tensors.push(t);
      else if (!t.kept) this.disposeTensor(t);
    }
  }

  /** Marks a tensor to survive the scopes it was made in. */
  keep<T extends Tensor>(t: T): T {
    t.kept = true;
    return t;
  }

  memory(): MemoryInfo {
    const backends: MemoryInfo['backends'] = {};
    let numBytes = 0;
    for (const rec of this.records.values()) numBytes += rec.bytes;
    for (const [name, b] of this.instances) backends[name] = b.memory();
    return { numTensors: this.numTensors, numDataBuffers: this.records.size, numBytes, backends };
  }
}

function dtypeOfArray(v: TypedArray): DType {
  return v instanceof Float32Array ? 'float32' : v instanceof Int32Array ? 'int32' : 'bool';
}

/** Finds the tensors inside a result (a tensor, an array, or an object of them). */
export function collectTensors(value: unknown, into: Set<Tensor>, depth = 0): void {
  if (value instanceof Tensor) into.add(value);
  else if (depth > 4 || value === null || typeof value !== 'object') return;
  else if (Array.isArray(value)) for (const v of value) collectTensors(v, into, depth + 1);
  else if (Object.getPrototypeOf(value) === Object.prototype) {
    for (const v of Object.values(value)) collectTensors(v, into, depth + 1);
  }
}

/** The one engine of this page or process. */
export const ENGINE = new Engine();

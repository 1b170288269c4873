// The backend contract (src/core/backend.ts): a fake backend that loads lazily through an async
// factory and has no readSync (like a GPU backend would), delegating its storage and kernels to a
// CpuBackend. Checks switching, dispatch, async-only reads, migration between backends, ready(),
// and factories that fail.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import * as sp from '../../src/index.ts';
import type { Backend, BackendMemory, DataId, KernelAttrs, TensorInfo } from '../../src/core/backend.ts';
import type { DType, TypedArray } from '../../src/core/dtype.ts';
import { CpuBackend } from '../../src/backends/cpu/index.ts';
import { registerBackend, registeredBackends, unregisterBackend } from '../../src/backends/registry.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A backend with only async reads. Kernels and storage are delegated to a private CpuBackend. */
class FakeAsyncBackend implements Backend {
  readonly name: string;
  protected readonly inner = new CpuBackend();
  readonly kernelCalls: string[] = [];
  readonly missing = new Set<string>();
  writes = 0;
  disposals = 0;

  constructor(name: string) {
    this.name = name;
  }
  write(values: TypedArray, shape: readonly number[], dtype: DType): DataId {
    this.writes++;
    return this.inner.write(values, shape, dtype);
  }
  async read(dataId: DataId): Promise<TypedArray> {
    await sleep(1); // really asynchronous, as a GPU download would be
    return this.inner.readSync(dataId);
  }
  disposeData(dataId: DataId): void {
    this.disposals++;
    this.inner.disposeData(dataId);
  }
  runKernel(name: string, inputs: readonly TensorInfo[], attrs: KernelAttrs): TensorInfo[] {
    this.kernelCalls.push(name);
    return this.inner.runKernel(name, inputs, attrs);
  }
  hasKernel(name: string): boolean {
    return !this.missing.has(name) && this.inner.hasKernel(name);
  }
  memory(): BackendMemory {
    return this.inner.memory();
  }
}

/** The same, plus a synchronous read. */
class FakeSyncBackend extends FakeAsyncBackend {
  readSync(dataId: DataId): TypedArray {
    return this.inner.readSync(dataId);
  }
}

const FAKE = 'fake-async';
const FAKE_SYNC = 'fake-sync';
let fake: FakeAsyncBackend | undefined;
let fakeSync: FakeSyncBackend | undefined;
let loads = 0;
/** Backends registered before this file adds its fakes (the entry registers 'cpu'). */
let initial: string[] = [];

beforeAll(async () => {
  initial = registeredBackends();
  await sp.setBackend('cpu');
  registerBackend(FAKE, async () => {
    loads++;
    await sleep(10); // "downloads its code"
    fake = new FakeAsyncBackend(FAKE);
    return fake;
  }, 0);
  registerBackend(FAKE_SYNC, async () => {
    await sleep(1);
    fakeSync = new FakeSyncBackend(FAKE_SYNC);
    return fakeSync;
  }, -1);
});

afterAll(async () => {
  await sp.setBackend('cpu');
  for (const name of [FAKE, FAKE_SYNC, 'broken', 'broken-async']) unregisterBackend(name);
  expect(registeredBackends()).toEqual(initial);
  expect(sp.getBackend()).toBe('cpu');
});

describe('a lazily loaded backend without readSync', () => {
  it('is registered but not loaded until asked for', async () => {
    // listed by priority: cpu (1) before the fakes (0 and -1)
    const names = registeredBackends();
    expect(names.indexOf('cpu')).toBeLessThan(names.indexOf(FAKE));
    expect(names.indexOf(FAKE)).toBeLessThan(names.indexOf(FAKE_SYNC));
    expect(names.filter((n) => !initial.includes(n))).toEqual([FAKE, FAKE_SYNC]);
    sp.tidy(() => sp.ones([2]).add(1));
    await sp.ready();
    expect(sp.getBackend()).toBe('cpu');
    expect(loads).toBe(0);
  });

  it('setBackend resolves true once loaded, and loads only once', async () => {
    const p = sp.setBackend(FAKE);
    expect(p).toBeInstanceOf(Promise);
    await expect(p).resolves.toBe(true);
    expect(sp.getBackend()).toBe(FAKE);
    expect(loads).toBe(1);
    await expect(sp.setBackend(FAKE)).resolves.toBe(true);
    expect(loads).toBe(1);
    await expect(sp.ready()).resolves.toBeUndefined();
    expect(sp.getBackend()).toBe(FAKE);
  });

  it('runs ops through the backend, and data() works', async () => {
    const before = fake!.kernelCalls.length;
    const a = sp.tensor([[1, 2], [3, 4]]);
    const b = sp.tensor([10, 20]);
    const c = sp.add(a, b).mul(2).sum(1);
    const calls = fake!.kernelCalls.slice(before);
    expect(calls).toContain('Add');
    expect(calls).toContain('Mul');
    expect(calls).toContain('Sum');
    expect(c.shape).toEqual([2]);
    expect(Array.from(await c.data())).toEqual([(11 + 22) * 2, (13 + 24) * 2]);
    expect(await c.array()).toEqual([66, 74]);
    // matMul too
    const m = sp.matMul(a, [[1], [1]]);
    expect(fake!.kernelCalls).toContain('BatchMatMul');
    expect(Array.from(await m.data())).toEqual([3, 7]);
    // the data lives on the fake backend
    expect(sp.memory().backends[FAKE].numDataBuffers).toBeGreaterThanOrEqual(4);
    sp.dispose([a, b, c, m]);
  });

  it('dataSync throws the noSyncRead message', () => {
    const t = sp.tensor([1, 2, 3]);
    let err: unknown;
    try {
      t.dataSync();
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(sp.SproutError);
    expect((err as sp.SproutError).code).toBe('backend.noSyncRead');
    expect((err as Error).message).toBe(`dataSync: backend '${FAKE}' cannot read synchronously; use await tensor.data() instead`);
    expect(() => t.arraySync()).toThrowError(/cannot read synchronously/);
    t.dispose();
  });

  it('a missing kernel is reported with the op and the kernel name', () => {
    fake!.missing.add('Cos');
    try {
      let err: unknown;
      try {
        sp.cos([0, 1]);
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(sp.SproutError);
      expect((err as sp.SproutError).code).toBe('backend.noKernel');
      expect((err as Error).message).toBe(`cos: backend '${FAKE}' has no kernel 'Cos'`);
    } finally {
      fake!.missing.delete('Cos');
    }
  });

  it('tensors made on the CPU move to the fake backend when used there', async () => {
    await sp.setBackend('cpu');
    const onCpu = sp.tensor([1, 2, 3]);
    await sp.setBackend(FAKE);
    const writes = fake!.writes;
    const r = sp.mul(onCpu, 2);
    expect(fake!.writes).toBeGreaterThan(writes);
    expect(Array.from(await r.data())).toEqual([2, 4, 6]);
    expect(Array.from(await onCpu.data())).toEqual([1, 2, 3]);
    sp.dispose([onCpu, r]);
  });

  it('disposing frees the data on the backend', () => {
    const before = sp.memory().backends[FAKE].numDataBuffers;
    const disposals = fake!.disposals;
    const t = sp.ones([8]);
    expect(sp.memory().backends[FAKE].numDataBuffers).toBe(before + 1);
    t.dispose();
    expect(fake!.disposals).toBe(disposals + 1);
    expect(sp.memory().backends[FAKE].numDataBuffers).toBe(before);
  });

  it("switching back to 'cpu' migrates tensors created on the fake backend", async () => {
    await sp.setBackend(FAKE);
    const a = sp.tensor([[1, 2], [3, 4]]);
    const b = a.add(1);
    expect(await sp.setBackend('cpu')).toBe(true);
    expect(sp.getBackend()).toBe('cpu');
    // async reads work wherever the data is
    expect(Array.from(await b.data())).toEqual([2, 3, 4, 5]);
    // and once on the CPU, ops and synchronous reads work on the old tensors
    const c = sp.matMul(a, b);
    expect(c.arraySync()).toEqual([[1 * 2 + 2 * 4, 1 * 3 + 2 * 5], [3 * 2 + 4 * 4, 3 * 3 + 4 * 5]]);
    expect(Array.from(a.dataSync())).toEqual([1, 2, 3, 4]);
    sp.dispose([a, b, c]);
  });

  it('a backend with readSync migrates to the CPU synchronously when its tensors are used', async () => {
    expect(await sp.setBackend(FAKE_SYNC)).toBe(true);
    const a = sp.tensor([1, 2, 3]);
    const b = a.square();
    expect(fakeSync!.kernelCalls).toContain('Square');
    expect(Array.from(b.dataSync())).toEqual([1, 4, 9]);
    await sp.setBackend('cpu');
    const cpuBefore = sp.memory().backends.cpu.numDataBuffers;
    const c = sp.add(a, b);
    expect(Array.from(c.dataSync())).toEqual([2, 6, 12]);
    // a and b now live on the CPU (plus the result c)
    expect(sp.memory().backends.cpu.numDataBuffers).toBe(cpuBefore + 3);
    sp.dispose([a, b, c]);
  });
});

describe('backends that cannot start', () => {
  it('a factory that throws makes setBackend resolve false and keeps the active backend', async () => {
    await sp.setBackend('cpu');
    registerBackend('broken', () => {
      throw new Error('no GPU here');
    });
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    try {
      await expect(sp.setBackend('broken')).resolves.toBe(false);
      expect(warn).toHaveBeenCalledWith("Sprout: backend 'broken' could not start: no GPU here");
    } finally {
      warn.mockRestore();
    }
    expect(sp.getBackend()).toBe('cpu');
    expect(Array.from(sp.tidy(() => sp.add([1], [2])).dataSync())).toEqual([3]);
  });

  it('an async factory that rejects makes setBackend resolve false too', async () => {
    registerBackend('broken-async', async () => {
      await sleep(2);
      throw new Error('adapter lost');
    });
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    try {
      await expect(sp.setBackend('broken-async')).resolves.toBe(false);
      expect(warn).toHaveBeenCalledWith("Sprout: backend 'broken-async' could not start: adapter lost");
    } finally {
      warn.mockRestore();
    }
    expect(sp.getBackend()).toBe('cpu');
    await expect(sp.ready()).resolves.toBeUndefined();
  });
});

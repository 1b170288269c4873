// Memory management: tidy, scope (across awaits), keep, dispose, and memory() accounting, including
// views (reshape, clone) that share one data buffer.
import { beforeAll, describe, expect, it } from 'vitest';
import * as sp from '../../src/index.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** memory() counters relative to a starting point. */
function counter() {
  const start = sp.memory();
  return () => {
    const now = sp.memory();
    return {
      tensors: now.numTensors - start.numTensors,
      buffers: now.numDataBuffers - start.numDataBuffers,
      bytes: now.numBytes - start.numBytes,
    };
  };
}

beforeAll(async () => {
  await sp.setBackend('cpu');
});

describe('memory() accounting', () => {
  it('counts tensors, data buffers and bytes per dtype', () => {
    const delta = counter();
    const f = sp.ones([2, 3]); // 6 × 4 bytes
    expect(delta()).toEqual({ tensors: 1, buffers: 1, bytes: 24 });
    const i = sp.tensor([1, 2, 3], [3], 'int32'); // 12 bytes
    const b = sp.tensor([true, false, true, true, false]); // bool: 1 byte each
    expect(delta()).toEqual({ tensors: 3, buffers: 3, bytes: 24 + 12 + 5 });
    const s = sp.scalar(1);
    expect(delta()).toEqual({ tensors: 4, buffers: 4, bytes: 45 });
    sp.dispose([f, i, b, s]);
    expect(delta()).toEqual({ tensors: 0, buffers: 0, bytes: 0 });
  });

  it('reports the cpu backend memory too', () => {
    const before = sp.memory().backends.cpu;
    const t = sp.zeros([10]);
    const after = sp.memory().backends.cpu;
    expect(after.numBytes - before.numBytes).toBe(40);
    expect(after.numDataBuffers - before.numDataBuffers).toBe(1);
    t.dispose();
    expect(sp.memory().backends.cpu).toEqual(before);
  });

  it('reshape and clone share one buffer: numDataBuffers and numBytes do not grow', () => {
    const delta = counter();
    const base = sp.tensor([1, 2, 3, 4, 5, 6]);
    const r = base.reshape([2, 3]);
    const c = sp.clone(base);
    const f = r.flatten();
    const e = sp.expandDims(base, 0);
    expect(delta()).toEqual({ tensors: 5, buffers: 1, bytes: 24 });
    // disposing views keeps the base alive (and the other views)
    r.dispose();
    c.dispose();
    expect(delta()).toEqual({ tensors: 3, buffers: 1, bytes: 24 });
    expect(Array.from(base.dataSync())).toEqual([1, 2, 3, 4, 5, 6]);
    // disposing the base keeps the remaining views alive
    base.dispose();
    expect(delta()).toEqual({ tensors: 2, buffers: 1, bytes: 24 });
    expect(f.arraySync()).toEqual([1, 2, 3, 4, 5, 6]);
    expect(e.arraySync()).toEqual([[1, 2, 3, 4, 5, 6]]);
    // the last one frees the buffer
    f.dispose();
    e.dispose();
    expect(delta()).toEqual({ tensors: 0, buffers: 0, bytes: 0 });
  });

  it('a same-dtype cast and an identity transpose are views too', () => {
    const delta = counter();
    const t = sp.tensor([[1, 2], [3, 4]]);
    const a = sp.cast(t, 'float32');
    const b = sp.transpose(t, [0, 1]);
    expect(delta()).toEqual({ tensors: 3, buffers: 1, bytes: 16 });
    const c = sp.cast(t, 'int32'); // a real conversion: a new buffer
    expect(delta()).toEqual({ tensors: 4, buffers: 2, bytes: 32 });
    sp.dispose([t, a, b, c]);
    expect(delta()).toEqual({ tensors: 0, buffers: 0, bytes: 0 });
  });
});

describe('tidy', () => {
  it('disposes intermediates and keeps the result', () => {
    const delta = counter();
    let intermediate: sp.Tensor | undefined;
    const y = sp.tidy(() => {
      const x = sp.tensor([1, 2, 3]);
      intermediate = x.square();
      return intermediate.sum();
    });
    expect(delta()).toEqual({ tensors: 1, buffers: 1, bytes: 4 });
    expect(intermediate!.isDisposed).toBe(true);
    expect(y.isDisposed).toBe(false);
    expect(y.dataSync()[0]).toBe(14); // 1 + 4 + 9
    y.dispose();
    expect(delta()).toEqual({ tensors: 0, buffers: 0, bytes: 0 });
  });

  it('keeps every tensor of a returned array or object, and nothing else', () => {
    const delta = counter();
    const out = sp.tidy(() => {
      const a = sp.ones([2]);
      const b = a.add(1);
      const c = b.mul(3);
      sp.zeros([5]);
      return { list: [a, c], n: 3, nested: { b } };
    });
    expect(delta().tensors).toBe(3);
    expect(out.n).toBe(3);
    expect(Array.from(out.list[1].dataSync())).toEqual([6, 6]);
    expect(Array.from(out.nested.b.dataSync())).toEqual([2, 2]);
    sp.dispose(out);
    expect(delta()).toEqual({ tensors: 0, buffers: 0, bytes: 0 });
  });

  it('does not touch tensors made outside it', () => {
    const outside = sp.tensor([1, 2]);
    const r = sp.tidy(() => outside.add(outside));
    expect(outside.isDisposed).toBe(false);
    expect(Array.from(r.dataSync())).toEqual([2, 4]);
    sp.dispose([outside, r]);
  });

  it('a returned view of an intermediate keeps the shared buffer alive', () => {
    const delta = counter();
    const v = sp.tidy(() => sp.tensor([1, 2, 3, 4]).reshape([2, 2]));
    expect(delta()).toEqual({ tensors: 1, buffers: 1, bytes: 16 });
    expect(v.arraySync()).toEqual([[1, 2], [3, 4]]);
    v.dispose();
    expect(delta()).toEqual({ tensors: 0, buffers: 0, bytes: 0 });
  });

  it('nested tidy moves its result to the parent, which disposes it unless returned', () => {
    const delta = counter();
    let inner: sp.Tensor | undefined;
    let innerTemp: sp.Tensor | undefined;
    const outer = sp.tidy(() => {
      inner = sp.tidy(() => {
        innerTemp = sp.ones([3]);
        return innerTemp.add(1);
      });
      // the inner temp is gone as soon as the inner tidy ends; the inner result lives on
      expect(innerTemp!.isDisposed).toBe(true);
      expect(inner.isDisposed).toBe(false);
      return inner.sum();
    });
    // the inner result was not returned by the outer tidy: disposed at its end
    expect(inner!.isDisposed).toBe(true);
    expect(outer.dataSync()[0]).toBe(6);
    expect(delta().tensors).toBe(1);
    outer.dispose();

    const kept = sp.tidy(() => sp.tidy(() => sp.tensor([7])));
    expect(kept.isDisposed).toBe(false);
    expect(kept.dataSync()[0]).toBe(7);
    kept.dispose();
    expect(delta()).toEqual({ tensors: 0, buffers: 0, bytes: 0 });
  });

  it('keep() lets a tensor survive the tidy it was made in', () => {
    const delta = counter();
    let kept: sp.Tensor | undefined;
    let dropped: sp.Tensor | undefined;
    sp.tidy(() => {
      kept = sp.keep(sp.tensor([1, 2]));
      dropped = sp.tensor([3, 4]);
    });
    expect(kept!.isDisposed).toBe(false);
    expect(dropped!.isDisposed).toBe(true);
    expect(Array.from(kept!.dataSync())).toEqual([1, 2]);
    // kept also survives an enclosing tidy
    sp.tidy(() => {
      sp.tidy(() => {
        kept = sp.keep(sp.ones([1]));
      });
    });
    expect(kept!.isDisposed).toBe(false);
    kept!.dispose();
    expect(delta().tensors).toBe(1); // the first kept tensor
  });

  it('tensors made before fn throws are disposed (as TF.js does)', () => {
    const delta = counter();
    let made: sp.Tensor | undefined;
    expect(() =>
      sp.tidy(() => {
        made = sp.ones([4]);
        throw new Error('boom');
      }),
    ).toThrow('boom');
    expect(made!.isDisposed).toBe(true);
    expect(delta()).toEqual({ tensors: 0, buffers: 0, bytes: 0 });
    // and the scope stack is intact afterwards: a new tensor outside any tidy is not tracked
    const after = sp.ones([1]);
    sp.tidy(() => sp.ones([1]));
    expect(after.isDisposed).toBe(false);
    after.dispose();
  });
});

describe('ops outside any tidy', () => {
  it('leave only their results alive: intermediates (casts, reshapes, number operands) are freed, as in TF.js', () => {
    // TF.js runs every op in its own scope, so e.g. tf.mean(x) or tf.add(x, 1) outside tidy adds
    // exactly its outputs to tf.memory().numTensors (checked against TF.js 4.22). Inputs are made
    // beforehand, so each op must add exactly its outputs.
    const x = sp.tensor([[1, 2, 3], [4, 5, 6]]);
    const xi = sp.tensor([[1, 2, 3], [4, 5, 6]], undefined, 'int32');
    const col = sp.tensor([[1], [1], [1]]);
    const bias = sp.tensor([[1], [2]]);
    const img = sp.ones([1, 3, 3, 1]);
    const filter = sp.ones([2, 2, 1, 1]);
    const imgInt = sp.ones([2, 2, 1], 'int32');
    const cond = sp.tensor([true, false, true]);
    const idx = sp.tensor([1], undefined, 'int32');
    const row = sp.tensor([1, 2, 3]);
    const zeros3 = sp.zeros([3]), ones3 = sp.ones([3]);
    const probes: [string, number, () => unknown][] = [
      ['add(x, 1)', 1, () => sp.add(x, 1)],
      ['add(int32, float32)', 1, () => sp.add(xi, x)],
      ['sqrt(int32)', 1, () => sp.sqrt(xi)],
      ['sum(x, 0)', 1, () => sp.sum(x, 0)],
      ['mean(x)', 1, () => sp.mean(x)],
      ['argMax(x, 0)', 1, () => sp.argMax(x, 0)],
      ['logSumExp(x)', 1, () => sp.logSumExp(x)],
      ['softmax(x, 0)', 1, () => sp.softmax(x, 0)],
      ['moments(x)', 2, () => sp.moments(x)],
      ['topk(x, 2)', 2, () => sp.topk(x, 2)],
      ['matMul(x, col)', 1, () => sp.matMul(x, col)],
      ['fused.matMul + bias + relu', 1, () => sp.fused.matMul({ a: x, b: col, bias, activation: 'relu' })],
      ['conv2d', 1, () => sp.conv2d(img, filter, 1, 'same')],
      ['batchNorm', 1, () => sp.batchNorm(x, zeros3, ones3)],
      ['where', 1, () => sp.where(cond, x, xi)],
      ['concat(float32, int32)', 1, () => sp.concat([x, xi])],
      ['stack', 1, () => sp.stack([x, x])],
      ['gather', 1, () => sp.gather(x, idx)],
      ['broadcastTo', 1, () => sp.broadcastTo(row, [2, 3])],
      ['resizeBilinear(int32)', 1, () => sp.image.resizeBilinear(imgInt, [3, 3])],
      ['reshape (a view)', 1, () => sp.reshape(x, [3, 2])],
      ['split (3 outputs)', 3, () => sp.split(x, 3, 1)],
    ];
    const leaked: Record<string, number> = {};
    for (const [name, outputs, fn] of probes) {
      const delta = counter();
      fn();
      const extra = delta().tensors - outputs;
      if (extra !== 0) leaked[name] = extra;
    }
    expect(leaked, 'tensors left alive besides the results, per op').toEqual({});
  });
});

describe('scope (async)', () => {
  it('disposes tensors made across awaits and keeps the returned ones', async () => {
    const delta = counter();
    const made: sp.Tensor[] = [];
    const result = await sp.scope(async () => {
      const a = sp.tensor([1, 2, 3]);
      made.push(a);
      await sleep(5);
      const b = a.mul(2);
      made.push(b);
      const values = await b.data();
      await sleep(5);
      const c = sp.tensor(Array.from(values)).add(1);
      made.push(c);
      return { c, values };
    });
    expect(made[0].isDisposed).toBe(true);
    expect(made[1].isDisposed).toBe(true);
    expect(result.c.isDisposed).toBe(false);
    expect(Array.from(result.values)).toEqual([2, 4, 6]);
    expect(Array.from(result.c.dataSync())).toEqual([3, 5, 7]);
    expect(delta().tensors).toBe(1);
    result.c.dispose();
    expect(delta()).toEqual({ tensors: 0, buffers: 0, bytes: 0 });
  });

  it('keep() works inside scope, and a tidy inside a scope hands its result to the scope', async () => {
    const delta = counter();
    let kept: sp.Tensor | undefined;
    let fromTidy: sp.Tensor | undefined;
    await sp.scope(async () => {
      kept = sp.keep(sp.ones([2]));
      await sleep(1);
      fromTidy = sp.tidy(() => sp.ones([2]).add(1));
      await sleep(1);
    });
    expect(kept!.isDisposed).toBe(false);
    expect(fromTidy!.isDisposed).toBe(true);
    kept!.dispose();
    expect(delta()).toEqual({ tensors: 0, buffers: 0, bytes: 0 });
  });

  it('cleans up when the function throws (before or after an await)', async () => {
    const delta = counter();
    let made: sp.Tensor | undefined;
    await expect(
      sp.scope(async () => {
        made = sp.ones([3]);
        await sleep(2);
        sp.zeros([3]);
        throw new Error('async boom');
      }),
    ).rejects.toThrow('async boom');
    expect(made!.isDisposed).toBe(true);
    expect(delta()).toEqual({ tensors: 0, buffers: 0, bytes: 0 });

    await expect(
      sp.scope(() => {
        sp.ones([1]);
        throw new Error('sync boom');
      }),
    ).rejects.toThrow('sync boom');
    expect(delta()).toEqual({ tensors: 0, buffers: 0, bytes: 0 });
  });

  it('works with a synchronous function too', async () => {
    const delta = counter();
    const r = await sp.scope(() => {
      sp.ones([3]);
      return sp.tensor([4]);
    });
    expect(r.dataSync()[0]).toBe(4);
    expect(delta().tensors).toBe(1);
    r.dispose();
  });
});

describe('dispose', () => {
  it('disposes a tensor, an array or an object of tensors (nested)', () => {
    const delta = counter();
    const a = sp.ones([1]), b = sp.ones([2]), c = sp.ones([3]), d = sp.ones([4]);
    sp.dispose(a);
    expect(a.isDisposed).toBe(true);
    sp.dispose([b, 'not a tensor', 3]);
    expect(b.isDisposed).toBe(true);
    sp.dispose({ x: c, y: { z: [d] } });
    expect(c.isDisposed).toBe(true);
    expect(d.isDisposed).toBe(true);
    expect(delta()).toEqual({ tensors: 0, buffers: 0, bytes: 0 });
  });

  it('disposing twice is safe and counts once', () => {
    const delta = counter();
    const t = sp.ones([5]);
    const other = sp.ones([5]);
    t.dispose();
    t.dispose();
    sp.dispose([t, t]);
    expect(delta()).toEqual({ tensors: 1, buffers: 1, bytes: 20 });
    expect(Array.from(other.dataSync())).toEqual([1, 1, 1, 1, 1]);
    other.dispose();
    expect(delta()).toEqual({ tensors: 0, buffers: 0, bytes: 0 });
  });

  it('a disposed tensor throws on dataSync and in ops, and says so', () => {
    const t = sp.tensor([1, 2]);
    t.dispose();
    expect(() => t.dataSync()).toThrowError(/disposed/);
    expect(() => t.dataSync()).toThrowError(/^dataSync:/);
    expect(() => sp.add(t, 1)).toThrowError(/^add: a is a disposed tensor/);
    expect(() => t.mul(2)).toThrowError(/^mul: a is a disposed tensor/);
    expect(() => sp.matMul(t, [[1]])).toThrowError(/^matMul: a is a disposed tensor/);
    expect(t.toString()).toBe(`Tensor (disposed, id ${t.id})`);
  });

  it('a disposed view does not free the data of a live view', () => {
    const a = sp.tensor([5, 6]);
    const b = a.clone();
    a.dispose();
    expect(() => a.dataSync()).toThrowError(/disposed/);
    expect(Array.from(b.dataSync())).toEqual([5, 6]);
    b.dispose();
  });
});

describe('reads return copies', () => {
  it('mutating what data() returns does not change the tensor', async () => {
    const t = sp.tensor([1, 2, 3]);
    const v = await t.data();
    v[0] = 100;
    expect(Array.from(await t.data())).toEqual([1, 2, 3]);
    expect(Array.from(t.dataSync())).toEqual([1, 2, 3]);
    t.dispose();
  });

  it('mutating what dataSync() returns does not change the tensor or its views', () => {
    const t = sp.tensor([1, 2, 3, 4]);
    const view = t.reshape([2, 2]);
    const v = t.dataSync();
    v.fill(0);
    expect(Array.from(t.dataSync())).toEqual([1, 2, 3, 4]);
    expect(view.arraySync()).toEqual([[1, 2], [3, 4]]);
    sp.dispose([t, view]);
  });

  it('mutating the array a tensor was made from does not change it', () => {
    const src = new Float32Array([1, 2, 3]);
    const t = sp.tensor(src);
    src[1] = 50;
    expect(Array.from(t.dataSync())).toEqual([1, 2, 3]);
    const nested = [[1, 2]];
    const u = sp.tensor(nested);
    nested[0][0] = 9;
    expect(u.arraySync()).toEqual([[1, 2]]);
    sp.dispose([t, u]);
  });
});

// Memory management (tidy, scope, keep, dispose, memory()), backends, engine errors, and the
// Tensor object itself (reads, printing, method chaining).
import { assert, assertDtype, assertEqual, assertIs, assertRejects, assertShape, assertThrows } from './assert.js';
import { defineCase, defineRawCase } from './util.js';
import * as N from '../reference/naive.js';

const numTensors = (sp) => sp.memory().numTensors;

/** True when the active backend can read synchronously (dataSync/arraySync). */
const canReadSync = (sp) => typeof sp.ENGINE.backend().readSync === 'function';

const DISPOSED = /is a disposed tensor \(id \d+\); it was freed by dispose\(\) or by the end of a tidy\(\)\/scope\(\) — keep\(\) it to use it later/;

const tidyCases = [
  defineRawCase('tidy: frees intermediates and keeps the returned tensor', async (ctx) => {
    const { sp } = ctx;
    const before = numTensors(sp);
    const y = sp.tidy(() => {
      const a = sp.tensor([1, 2, 3]);
      const b = a.square();
      return b.sum();
    });
    assertIs(numTensors(sp), before + 1, 'numTensors after tidy (only the result)');
    ctx.expect(y, [14], { shape: [] });
    await ctx.flush();
    y.dispose();
    assertIs(numTensors(sp), before, 'numTensors after disposing the result');
  }),
  defineRawCase('tidy: returned arrays and objects keep every tensor in them', async (ctx) => {
    const { sp } = ctx;
    const before = numTensors(sp);
    const out = sp.tidy(() => {
      const x = sp.tensor([1, 2]);
      const tmp = x.mul(10);
      return { sum: tmp.sum(), parts: [x.neg(), tmp.add(1)], label: 'not a tensor' };
    });
    assertIs(numTensors(sp), before + 3, 'three returned tensors survive');
    ctx.expect(out.sum, [30], { what: 'sum' });
    ctx.expect(out.parts[0], [-1, -2], { what: 'neg' });
    ctx.expect(out.parts[1], [11, 21], { what: 'add' });
    await ctx.flush();
    sp.dispose(out);
    assertIs(numTensors(sp), before, 'dispose(container) frees them all');
  }),
  defineRawCase('tidy: nested scopes hand results to the enclosing scope', async (ctx) => {
    const { sp } = ctx;
    const before = numTensors(sp);
    let inner;
    const outer = sp.tidy(() => {
      inner = sp.tidy(() => sp.ones([2]).add(1)); // survives the inner tidy…
      assertIs(numTensors(sp), before + 1, 'only the inner result is alive inside the outer tidy');
      return inner.mul(3);
    });
    assert(inner.isDisposed, '…but the outer tidy frees it since it was not returned');
    ctx.expect(outer, [6, 6]);
    await ctx.flush();
    assertIs(numTensors(sp), before + 1, 'only the outer result is alive');
    outer.dispose();
  }),
  defineRawCase('keep: a kept tensor survives tidy until disposed', async (ctx) => {
    const { sp } = ctx;
    const before = numTensors(sp);
    let kept;
    let lost;
    sp.tidy(() => {
      kept = sp.keep(sp.tensor([4, 5]));
      lost = sp.tensor([6]);
      assert(sp.keep(kept) === kept, 'keep returns its argument');
    });
    assert(!kept.isDisposed, 'kept tensor is alive');
    assert(lost.isDisposed, 'other tensor is freed');
    ctx.expect(kept, [4, 5]);
    await ctx.flush();
    assertIs(numTensors(sp), before + 1, 'one tensor alive');
    kept.dispose();
    assertIs(numTensors(sp), before, 'back to the start');
  }),
  defineRawCase('dispose: tensors, arrays and objects; twice is safe', (ctx) => {
    const { sp } = ctx;
    const before = numTensors(sp);
    const a = sp.ones([3]);
    const b = sp.zeros([2]);
    const c = sp.scalar(1);
    assertIs(numTensors(sp), before + 3, 'three tensors made');
    sp.dispose([a, { b, nested: [c] }, 'text', 5, null]);
    assert(a.isDisposed && b.isDisposed && c.isDisposed, 'all disposed');
    assertIs(numTensors(sp), before, 'numTensors back');
    a.dispose();
    sp.dispose(b);
    assertIs(numTensors(sp), before, 'disposing twice changes nothing');
  }),
  defineRawCase('tidy: rejects a non-function and an async function', async (ctx) => {
    const { sp } = ctx;
    assertThrows(() => sp.tidy(3), 'tidy: expects a function, got the number 3');
    let pending;
    assertThrows(() => sp.tidy(() => { pending = Promise.resolve(1); return pending; }),
      'tidy: the function returned a Promise; tidy() only works with synchronous code — use await sprout.scope(async () => ...) instead');
    await pending;
    await assertRejects(() => sp.scope('nope'), 'scope: expects a function, got a string ("nope")');
  }),
  defineRawCase('tidy: a throwing function propagates its error', (ctx) => {
    const { sp } = ctx;
    assertThrows(() => sp.tidy(() => { throw new Error('boom inside tidy'); }), 'boom inside tidy');
  }),
  defineRawCase('scope: frees tensors made across awaits, keeps the result', async (ctx) => {
    const { sp } = ctx;
    const before = numTensors(sp);
    let tmp;
    const result = await sp.scope(async () => {
      tmp = sp.tensor([1, 2, 3]);
      const values = await tmp.square().data();
      const t = sp.tensor(Array.from(values)).sum();
      await Promise.resolve();
      return t;
    });
    assert(tmp.isDisposed, 'intermediate freed');
    assertIs(numTensors(sp), before + 1, 'only the result survives');
    ctx.expect(result, [14]);
    await ctx.flush();
    result.dispose();
  }),
  defineRawCase('scope: a rejection frees the tensors and rethrows', async (ctx) => {
    const { sp } = ctx;
    const before = numTensors(sp);
    let made;
    await assertRejects(() => sp.scope(async () => {
      made = sp.ones([4]);
      await Promise.resolve();
      throw new Error('boom inside scope');
    }), 'boom inside scope');
    assert(made.isDisposed, 'tensor freed on rejection');
    assertIs(numTensors(sp), before, 'numTensors back');
    const plain = await sp.scope(() => 42);
    assertIs(plain, 42, 'scope of a sync function returning a non-tensor');
  }),
  defineRawCase('memory: numTensors, numDataBuffers and numBytes by dtype; views share data', (ctx) => {
    const { sp } = ctx;
    const m0 = sp.memory();
    const f = sp.zeros([10]);
    const m1 = sp.memory();
    assertIs(m1.numTensors - m0.numTensors, 1, 'float32 numTensors');
    assertIs(m1.numDataBuffers - m0.numDataBuffers, 1, 'float32 numDataBuffers');
    assertIs(m1.numBytes - m0.numBytes, 40, 'float32 [10] bytes');
    const i = sp.zeros([3], 'int32');
    const b = sp.zeros([8], 'bool');
    const m2 = sp.memory();
    assertIs(m2.numBytes - m1.numBytes, 12 + 8, 'int32 [3] + bool [8] bytes');
    const v = f.reshape([2, 5]);
    const c = f.clone();
    const m3 = sp.memory();
    assertIs(m3.numTensors - m2.numTensors, 2, 'views are tensors');
    assertIs(m3.numDataBuffers - m2.numDataBuffers, 0, 'views share the buffer');
    assertIs(m3.numBytes - m2.numBytes, 0, 'views add no bytes');
    assert(typeof m3.backends === 'object' && m3.backends !== null, 'memory().backends is an object');
    f.dispose();
    const m4 = sp.memory();
    assertIs(m4.numDataBuffers, m3.numDataBuffers, 'buffer alive while a view uses it');
    sp.dispose([v, c]);
    const m5 = sp.memory();
    assertIs(m5.numDataBuffers, m3.numDataBuffers - 1, 'buffer freed with its last view');
    assertIs(m5.numBytes, m2.numBytes - 40, 'bytes freed with the last view');
    sp.dispose([i, b]);
    const m6 = sp.memory();
    assertIs(m6.numTensors, m0.numTensors, 'numTensors back');
    assertIs(m6.numBytes, m0.numBytes, 'numBytes back');
    assertIs(m6.numDataBuffers, m0.numDataBuffers, 'numDataBuffers back');
  }),
];

tidyCases.push(defineRawCase('memory: a reshape view outlives its source', async (ctx) => {
  const { sp } = ctx;
  const x = sp.tensor([1, 2, 3, 4]);
  const v = x.reshape([2, 2]);
  x.dispose();
  const w = v.add(v);
  ctx.expect(v, [[1, 2], [3, 4]], { shape: [2, 2] });
  ctx.expect(w, [[2, 4], [6, 8]], { what: 'used in an op' });
  await ctx.flush();
  sp.dispose([v, w]);
}));

/** [label, op] pairs: each op must add exactly its one result tensor. */
const OUTSIDE_TIDY = [
  ['add(t, 1)', (sp, t) => sp.add(t, 1)],
  ['t.mul(2)', (sp, t) => t.mul(2)],
  ['mean(t)', (sp, t) => sp.mean(t)],
  ['sum(t, 0)', (sp, t) => sp.sum(t, 0)],
  ['softmax(t, 0)', (sp, t) => sp.softmax(t, 0)],
  ['matMul(t, t)', (sp, t) => sp.matMul(t, t)],
  ['exp(int32)', (sp, t) => sp.exp(t.toInt())],
  ['conv2d(rank 3)', (sp, t) => sp.conv2d(t.reshape([2, 2, 1]), [[[[1]]]], 1, 'same')],
];

const leakCases = [
  defineRawCase('ops add exactly one tensor, their result (temporaries are freed, as TF.js)', (ctx) => {
    const { sp } = ctx;
    const leaks = [];
    // Measured inside a tidy so that whatever an op leaves behind is still freed at the end and
    // the suite stays leak-neutral; outside a tidy the extra tensors would be lost for good.
    sp.tidy(() => {
      const t = sp.tensor([[1, 2], [3, 4]]);
      for (const [label, op] of OUTSIDE_TIDY) {
        const extra = label === 'exp(int32)' || label === 'conv2d(rank 3)' ? 1 : 0; // t.toInt() / t.reshape() made by the caller
        const before = numTensors(sp);
        op(sp, t);
        const made = numTensors(sp) - before - extra;
        if (made !== 1) leaks.push(`${label}: ${made} new tensors (expected 1)`);
      }
    });
    if (leaks.length) throw new Error(`ops leave temporaries alive: ${leaks.join('; ')}`);
  }),
];

const disposedCases = [
  defineCase('disposed tensors: every use throws the engine message', async (ctx) => {
    const { sp } = ctx;
    const t = sp.tensor([1, 2]);
    const id = t.id;
    t.dispose();
    assert(t.isDisposed, 'isDisposed is true');
    assertThrows(() => sp.add(t, 1), new RegExp(`^add: a is a disposed tensor \\(id ${id}\\)`));
    assertThrows(() => sp.add(1, t), /^add: b is a disposed tensor/);
    assertThrows(() => t.square(), /^square: x is a disposed tensor/);
    assertThrows(() => sp.matMul(t, [[1]]), /^matMul: a is a disposed tensor/);
    assertThrows(() => t.dataSync(), /^dataSync: tensor is a disposed tensor/);
    assertThrows(() => t.reshape([2, 1]), DISPOSED);
    assertThrows(() => sp.conv2d(t, sp.ones([1, 1, 1, 1]), 1, 'same'), /^conv2d: x is a disposed tensor/);
    await assertRejects(() => t.data(), /^data: tensor is a disposed tensor/);
    assertIs(t.toString(), `Tensor (disposed, id ${id})`, 'toString of a disposed tensor');
  }),
  defineCase('disposed tensors: freed by tidy, then used', (ctx) => {
    const { sp } = ctx;
    let leaked;
    sp.tidy(() => {
      leaked = sp.ones([2]);
    });
    assertThrows(() => leaked.add(1), /^add: a is a disposed tensor .* keep\(\) it to use it later$/);
  }),
  defineCase('errors: SproutError with a code and the engine voice', (ctx) => {
    const { sp } = ctx;
    const err = assertThrows(() => sp.conv2d(sp.ones([1, 4, 4, 3]), sp.ones([3, 3, 3]), 1, 'same'),
      'conv2d: filter must have rank 4, got rank 3 (shape [3,3,3])');
    assert(err instanceof sp.SproutError, 'error is a SproutError');
    assert(err instanceof Error, 'error is an Error');
    assertIs(err.name, 'SproutError', 'name');
    assertIs(err.code, 'op.badArgument', 'code');
    assertIs(err.message, 'conv2d: filter must have rank 4, got rank 3 (shape [3,3,3])', 'exact message');
    const b = assertThrows(() => sp.add(sp.ones([2]), sp.ones([3])), /cannot be broadcast/);
    assertIs(b.code, 'op.shapesNotBroadcastable', 'broadcast code');
    const d = assertThrows(() => { const t = sp.ones([1]); t.dispose(); t.abs(); }, DISPOSED);
    assertIs(d.code, 'tensor.disposed', 'disposed code');
  }),
];

const backendCases = [
  defineRawCase('backends: getBackend, setBackend, ready, registeredBackends', async (ctx) => {
    const { sp, backend } = ctx;
    assertIs(sp.getBackend(), backend, 'getBackend() is the backend under test');
    const ok = await sp.setBackend(backend);
    assertIs(ok, true, `setBackend('${backend}') resolves true`);
    await sp.ready();
    assertIs(sp.getBackend(), backend, 'still the same backend');
    const names = sp.registeredBackends();
    assert(Array.isArray(names) && names.includes('cpu') && names.includes(backend), `registeredBackends() = ${JSON.stringify(names)}`);
    await assertRejects(() => sp.setBackend('no-such-backend'), /^setBackend: no backend named 'no-such-backend' is registered \(registered: .*cpu.*\)$/);
    assertIs(sp.getBackend(), backend, 'unchanged after a failed setBackend');
  }),
  defineRawCase('backends: a backend that fails to start resolves false and changes nothing', async (ctx) => {
    const { sp, backend } = ctx;
    const name = 'cases-failing-backend';
    sp.registerBackend(name, () => { throw new Error('this backend never starts'); }, -100);
    const names = sp.registeredBackends();
    assert(names.includes(name), 'registered');
    assert(names.indexOf('cpu') < names.indexOf(name), `priority order: ${JSON.stringify(names)}`);
    const warn = console.warn;
    const warnings = [];
    console.warn = (...args) => warnings.push(args.join(' '));
    let ok;
    try {
      ok = await sp.setBackend(name);
    } finally {
      console.warn = warn;
    }
    assertIs(ok, false, 'setBackend resolves false');
    assertIs(sp.getBackend(), backend, 'active backend unchanged');
    assert(warnings.some((w) => w.includes('this backend never starts')), `a warning names the reason: ${JSON.stringify(warnings)}`);
    const t = sp.tidy(() => sp.ones([2]).add(1));
    ctx.expect(t, [2, 2], { what: 'ops still run' });
    await ctx.flush();
    t.dispose();
  }),
  defineRawCase('engine exports: ENGINE, Engine, Tensor, toTensor, version, namespaces', async (ctx) => {
    const { sp } = ctx;
    assert(sp.ENGINE instanceof sp.Engine, 'ENGINE is an Engine');
    assertIs(sp.ENGINE.numTensors, sp.memory().numTensors, 'ENGINE.numTensors matches memory()');
    assert(typeof sp.version === 'string' && /^\d+\.\d+\.\d+/.test(sp.version), `version ${sp.version}`);
    for (const [ns, keys] of [['image', ['resizeBilinear', 'resizeNearestNeighbor']], ['browser', ['fromPixels']], ['fused', ['matMul', 'conv2d', 'depthwiseConv2d']]]) {
      for (const k of keys) assert(typeof sp[ns][k] === 'function', `sp.${ns}.${k} is a function`);
    }
    const made = sp.toTensor([1, 2], 'x', 'myOp');
    assert(made instanceof sp.Tensor, 'toTensor makes a Tensor');
    assertIs(sp.toTensor(made, 'x', 'myOp'), made, 'toTensor passes tensors through');
    ctx.expect(made, [1, 2]);
    await ctx.flush();
    made.dispose();
    assertThrows(() => sp.toTensor(made, 'x', 'myOp'), /^myOp: x is a disposed tensor/);
    assertThrows(() => sp.toTensor(undefined, 'input', 'myOp'), 'myOp: input must be a Tensor, a number, a boolean, a (nested) array or a TypedArray, got undefined');
  }),
];

const variableCases = [
  defineRawCase('variable: a Tensor that assign() updates and tidy never frees', async (ctx) => {
    const { sp } = ctx;
    const before = numTensors(sp);
    let v;
    sp.tidy(() => {
      v = sp.variable(sp.tensor([1, 2]));
    });
    assert(v instanceof sp.Variable && v instanceof sp.Tensor, 'variable() makes a Variable, which is a Tensor');
    assert(!v.isDisposed, 'a variable made inside tidy survives it');
    assertIs(numTensors(sp), before + 1, 'only the variable is alive');
    assertIs(v.trainable, true, 'trainable by default');
    assert(/^variable\d+$/.test(v.name), `default name ${v.name}`);
    ctx.expect(v, [1, 2], { shape: [2], dtype: 'float32', what: 'initial values' });
    await ctx.flush();
    sp.tidy(() => v.assign(sp.tensor([5, 6])));
    ctx.expect(v, [5, 6], { what: 'after assign' });
    await ctx.flush();
    const y = sp.tidy(() => v.mul(2).add(v));
    ctx.expect(y, [15, 18], { what: 'used in ops' });
    await ctx.flush();
    y.dispose();
    v.dispose();
    assertIs(numTensors(sp), before, 'numTensors back after disposing the variable');
  }),
  defineRawCase('variable: keeps its values when the initial and assigned tensors are freed', async (ctx) => {
    const { sp } = ctx;
    const init = sp.tensor([1, 2, 3]);
    const v = sp.variable(init, false, 'cases/w');
    assertIs(v.name, 'cases/w', 'given name');
    assertIs(v.trainable, false, 'trainable false');
    const next = sp.tensor([7, 8, 9]);
    v.assign(next);
    ctx.expect(init, [1, 2, 3], { what: 'the initial tensor is not changed by assign' });
    await ctx.flush();
    init.dispose();
    next.dispose();
    ctx.expect(v, [7, 8, 9], { what: 'values after freeing both tensors' });
    await ctx.flush();
    v.dispose();
  }),
  defineRawCase('variable: from an array or with a dtype leaves no temporary tensors behind', (ctx) => {
    const { sp } = ctx;
    const leaks = [];
    for (const [label, make] of [
      ['variable(tensor)', (t) => sp.variable(t)],
      ['variable(array)', () => sp.variable([1, 2])],
      ["variable(array, …, 'int32')", () => sp.variable([1.5, 2], true, undefined, 'int32')],
      ["variable(tensor, …, 'int32')", (t) => sp.variable(t, true, undefined, 'int32')],
    ]) {
      const t = sp.tensor([3, 4]);
      const before = numTensors(sp);
      const v = make(t);
      const made = numTensors(sp) - before;
      v.dispose();
      t.dispose();
      if (made !== 1) leaks.push(`${label}: ${made} new tensors (expected 1, the variable)`);
    }
    if (leaks.length) throw new Error(`variable() leaves temporaries alive (unreachable, so leaked for good): ${leaks.join('; ')}`);
  }),
  defineRawCase('variable: dtype option and assign errors', async (ctx) => {
    const { sp } = ctx;
    // Made inside a tidy so that temporaries are freed whatever variable() does with them (the
    // case below checks that variable() itself leaves none).
    const v = sp.tidy(() => sp.variable([1.7, 2.2], true, undefined, 'int32'));
    try {
      assertDtype(v, 'int32');
      ctx.expect(v, [1, 2], { what: 'cast to int32' });
      await ctx.flush();
      sp.tidy(() => {
        assertThrows(() => v.assign(sp.tensor([1, 2, 3], [3], 'int32')), "assign: value must have the variable's shape [2], got shape [3]");
        assertThrows(() => v.assign(sp.tensor([0.5, 1])), 'assign: value must have dtype int32, got float32');
      });
    } finally {
      v.dispose();
    }
  }),
];

const tensorObjectCases = [
  defineCase('Tensor: shape, rank, size, dtype, id', (ctx) => {
    const { sp } = ctx;
    const t = sp.ones([2, 3, 4], 'int32');
    assertShape(t, [2, 3, 4]);
    assertIs(t.rank, 3, 'rank');
    assertIs(t.size, 24, 'size');
    assertDtype(t, 'int32');
    assert(t instanceof sp.Tensor, 'instanceof Tensor');
    const u = sp.ones([1]);
    assert(typeof t.id === 'number' && t.id !== u.id, 'ids are unique numbers');
    assertIs(sp.scalar(1).rank, 0, 'scalar rank');
    assertIs(sp.zeros([3, 0]).size, 0, 'empty size');
  }),
  defineCase('Tensor: data() and array() (async) with dtypes', async (ctx) => {
    const { sp } = ctx;
    const f = await sp.tensor([[1.5, 2], [3, 4]]).data();
    assert(f instanceof Float32Array, `float32 data is a Float32Array, got ${f.constructor.name}`);
    assertEqual(f, [1.5, 2, 3, 4], 'float32 data');
    const i = await sp.tensor([1, 2], [2], 'int32').data();
    assert(i instanceof Int32Array, `int32 data is an Int32Array, got ${i.constructor.name}`);
    const b = await sp.tensor([true, false]).data();
    assert(b instanceof Uint8Array, `bool data is a Uint8Array, got ${b.constructor.name}`);
    assertEqual(b, [1, 0], 'bool data 0/1');
    const nested = await sp.tensor([[1, 2], [3, 4]]).array();
    assert(JSON.stringify(nested) === '[[1,2],[3,4]]', `array() = ${JSON.stringify(nested)}`);
    const bn = await sp.tensor([[true], [false]]).array();
    assert(JSON.stringify(bn) === '[[1],[0]]', `bool array() gives 0/1: ${JSON.stringify(bn)}`);
    const sc = await sp.scalar(5).array();
    assertIs(sc, 5, 'scalar array() is a number');
    const empty = await sp.zeros([2, 0]).array();
    assert(JSON.stringify(empty) === '[[],[]]', `empty array() = ${JSON.stringify(empty)}`);
  }),
  defineCase('Tensor: dataSync/arraySync return copies (or the no-sync-read error)', (ctx) => {
    const { sp } = ctx;
    const t = sp.tensor([[1, 2], [3, 4]]);
    if (!canReadSync(sp)) {
      assertThrows(() => t.dataSync(), /^dataSync: backend '.*' cannot read synchronously; use await tensor\.data\(\) instead$/);
      return;
    }
    const d = t.dataSync();
    assertEqual(d, [1, 2, 3, 4], 'dataSync');
    d[0] = 99;
    assertEqual(t.dataSync(), [1, 2, 3, 4], 'mutating the copy leaves the tensor');
    const a = t.arraySync();
    assert(JSON.stringify(a) === '[[1,2],[3,4]]', `arraySync() = ${JSON.stringify(a)}`);
    a[0][0] = 99;
    assert(JSON.stringify(t.arraySync()) === '[[1,2],[3,4]]', 'mutating arraySync result leaves the tensor');
  }),
  defineCase('Tensor: toString and print show dtype-appropriate values', (ctx) => {
    const { sp } = ctx;
    if (!canReadSync(sp)) return;
    const s = sp.tensor([[1, 2.5], [3, 4]]).toString();
    assert(s.includes('[[1, 2.5], [3, 4]]'), `toString: ${s}`);
    const v = sp.tensor([true, false]).toString(true);
    assert(v.includes('dtype: bool') && v.includes('shape: [2]') && v.includes('[true, false]'), `verbose bool toString: ${v}`);
    const log = console.log;
    const lines = [];
    console.log = (...args) => lines.push(args.join(' '));
    try {
      sp.tensor([7, 8], [2], 'int32').print();
    } finally {
      console.log = log;
    }
    assert(lines.length === 1 && lines[0].includes('[7, 8]'), `print() logs the values: ${JSON.stringify(lines)}`);
  }),
  defineCase('Tensor: method chaining across op families', (ctx) => {
    const { sp, rng } = ctx;
    const x = rng.tensor([6], -2, 2);
    const w = rng.tensor([2, 4], -1, 1);
    const y = ctx.t(x).reshape([2, 3]).transpose().matMul(ctx.t(w)).relu().sum(1).expandDims(0).concat(sp.zeros([1, 3])).mean(0);
    const m = N.matMul(N.transpose({ shape: [2, 3], data: x.data }), w);
    const s = N.reduce(N.map(m, N.fn.relu), [1], false, N.reducers.sum);
    ctx.expect(y, s.data.map((v) => v / 2), { shape: [3], rtol: 1e-5, atol: 1e-5 });
    const z = sp.tensor([[1, -2], [3, -4]]).abs().max(1).sub(1).square().sqrt().toInt().cast('float32').exp().log().round();
    ctx.expect(z, [1, 3], { dtype: 'float32', what: 'unary chain' });
  }),
];

export const memoryCases = [...tidyCases, ...leakCases, ...disposedCases, ...backendCases, ...variableCases, ...tensorObjectCases];

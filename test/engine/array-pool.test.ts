// The CPU backend recycles the storage of small float32 tensors once they are disposed. These
// tests pin the ways that could go wrong: stale reads and arrays still in use being handed out.
import { describe, expect, it } from 'vitest';
import * as sp from '../../src/index.js';
import { allocArray, releaseArray } from '../../src/core/dtype.js';

describe('recycled storage', () => {
  it('data() started before dispose still gives the values the tensor had', async () => {
    const t = sp.tensor([1, 2, 3, 4]);
    const pending = t.data();
    t.dispose();
    // Reuse of the freed array must not reach the pending read.
    const others = Array.from({ length: 20 }, (_, i) => sp.fill([4], 100 + i));
    expect(Array.from(await pending)).toEqual([1, 2, 3, 4]);
    sp.dispose(others);
  });

  it('a recycled array comes back zero-filled, and live tensors keep their values', () => {
    const keep = sp.tensor([5, 6, 7]);
    for (let i = 0; i < 50; i++) sp.tidy(() => sp.add(sp.fill([3], 9), 1));
    const fresh = allocArray('float32', 3);
    expect(Array.from(fresh)).toEqual([0, 0, 0]);
    expect(Array.from(keep.dataSync())).toEqual([5, 6, 7]);
    keep.dispose();
  });

  it('only arrays made by allocArray are recycled', () => {
    const mine = new Float32Array(8).fill(3);
    releaseArray(mine);
    for (let i = 0; i < 20; i++) expect(allocArray('float32', 8)).not.toBe(mine);
    expect(Array.from(mine)).toEqual(new Array(8).fill(3));
  });

  it('views and clones share storage until the last one is disposed', () => {
    const a = sp.tensor([1, 2, 3, 4]);
    const v = a.reshape([2, 2]);
    a.dispose();
    for (let i = 0; i < 20; i++) sp.tidy(() => sp.fill([4], 42).add(0));
    expect(v.arraySync()).toEqual([[1, 2], [3, 4]]);
    v.dispose();
  });
});

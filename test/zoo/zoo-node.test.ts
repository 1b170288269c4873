// The zoo runtime in Node: the default location is the built zoo on disk (build/zoo/ under the
// current folder, or $SPROUT_ZOO_DIR), files are read from disk and checked like downloads, and
// nothing is cached (no IndexedDB, and no warning about it).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import * as sp from '../../src/index.ts';
import { createZoo } from '../../src/zoo/index.ts';
import { expected, indexOf, makeModel, weights } from './fixture.ts';

const dir = mkdtempSync(join(tmpdir(), 'sprout-zoo-node-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const served = makeModel('tiny', '1.0.0', 1, 'f16');
for (const [name, bytes] of served.files) writeFileSync(join(dir, name), bytes);
writeFileSync(join(dir, 'index.json'), indexOf([served]));

describe('zoo in Node', () => {
  it('defaults to build/zoo/ under the current folder, or $SPROUT_ZOO_DIR', () => {
    expect(createZoo().baseUrl).toBe(`${process.cwd()}/build/zoo/`);
    expect(sp.zoo.baseUrl).toBe(`${process.cwd()}/build/zoo/`);
    vi.stubEnv('SPROUT_ZOO_DIR', '/srv/zoo');
    try {
      expect(createZoo().baseUrl).toBe('/srv/zoo/');
    } finally {
      vi.unstubAllEnvs();
    }
  });

  it('loads from a folder on disk with progress, float16 weights decoded, and no cache warnings', async () => {
    const warn = vi.spyOn(console, 'warn');
    const zoo = createZoo({ baseUrl: dir });
    const events: string[] = [];
    const model = await zoo.load('tiny', { onProgress: (p) => events.push(p.status) });
    expect(events[0]).toBe('download');
    expect(events.at(-1)).toBe('ready');
    const x = Array.from({ length: 16 }, (_, i) => (i % 3) - 1);
    const y = model.predict(sp.tensor(x)); // no batch dimension: added
    expect(y.shape).toEqual([1, 8]);
    const want = expected(x, weights(1));
    Array.from(y.dataSync()).forEach((v, i) => expect(Math.abs(v - want[i])).toBeLessThan(2e-3));
    y.dispose();
    model.dispose();
    expect((await zoo.list()).map((m) => m.id)).toEqual(['tiny']);
    expect(await zoo.cached()).toEqual([]);
    expect(warn).not.toHaveBeenCalled();
    warn.mockRestore();
  });

  it('a damaged file on disk and an unknown id give the friendly errors', async () => {
    const zoo = createZoo({ baseUrl: dir });
    const w = served.files.get('tiny.weights.bin')!;
    writeFileSync(join(dir, 'tiny.weights.bin'), w.slice(0, 10));
    await expect(zoo.load('tiny')).rejects.toThrow(`The model 'tiny' arrived damaged: tiny.weights.bin should be ${w.byteLength} bytes with a known checksum, but what came was 10 bytes that do not match.`);
    writeFileSync(join(dir, 'tiny.weights.bin'), w);
    await expect(zoo.load('tinny')).rejects.toThrow(`There is no model called 'tinny' in the zoo at ${dir}/. Models you can load: 'tiny'.`);
    await expect(zoo.load('../etc/passwd')).rejects.toThrow("There is no model called '../etc/passwd'");
  });
});

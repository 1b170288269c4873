// The zoo's storage encodings (float16, int8 per channel, value tables) round-trip as designed,
// damaged storage is rejected, and every committed manifest matches zoo/manifest.schema.json.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeZooWeights, halfToFloat } from '../../src/zoo/format.ts';
import { encodeIrModel, floatToHalf } from '../../zoo/tools/encode.ts';
import { validateManifest } from '../../zoo/tools/schema.mjs';
import type { IrGraph } from '../../src/models/index.ts';

const ZOO = join(import.meta.dirname, '../../zoo');

/** A graph holding just constants (the encoder and decoder look only at those). */
function constGraph(shapes: number[][]): { graph: IrGraph; weights: Uint8Array; values: Float32Array[] } {
  let offset = 0;
  const values = shapes.map((s, k) => Float32Array.from({ length: s.reduce((a, b) => a * b, 1) }, (_, i) => Math.sin(i * 0.37 + k) * (1 + (i % 5))));
  const constants = shapes.map((shape, k) => {
    const c = { name: `c${k}`, shape, dtype: 'float32' as const, offset, byteLength: values[k].byteLength };
    offset += values[k].byteLength;
    return c;
  });
  const weights = new Uint8Array(offset);
  constants.forEach((c, k) => weights.set(new Uint8Array(values[k].buffer), c.offset));
  return { graph: { format: 'sprout-ir', version: 1, inputs: [], outputs: [], constants, nodes: [] }, weights, values };
}

const decoded = (blob: Uint8Array, offset: number, n: number) => new Float32Array(blob.buffer.slice(offset, offset + 4 * n));

describe('float16', () => {
  it('every finite half value survives half → float → half', () => {
    for (let h = 0; h < 0x10000; h++) {
      if (((h >> 10) & 0x1f) === 31) continue; // Inf / NaN
      expect(floatToHalf(halfToFloat(h))).toBe(h);
    }
  });

  it('rounds to nearest, ties to even; overflows to Infinity; keeps subnormals', () => {
    expect(halfToFloat(floatToHalf(1 + 2 ** -11))).toBe(1); // tie → even (1.0)
    expect(halfToFloat(floatToHalf(1 + 3 * 2 ** -11))).toBe(1 + 2 ** -9); // tie → even (up)
    expect(halfToFloat(floatToHalf(1 + 2 ** -11 + 2 ** -20))).toBe(1 + 2 ** -10);
    expect(halfToFloat(floatToHalf(70000))).toBe(Infinity);
    expect(halfToFloat(floatToHalf(-65504))).toBe(-65504);
    expect(halfToFloat(floatToHalf(2 ** -24))).toBe(2 ** -24);
    expect(halfToFloat(floatToHalf(2 ** -26))).toBe(0);
    expect(Number.isNaN(halfToFloat(floatToHalf(NaN)))).toBe(true);
  });
});

describe('storage plans', () => {
  const shapes = [[3, 3, 4, 8], [3, 3, 32, 1], [8], [64, 40]];

  it('f32 is exact; f16 is within half-float rounding; vectors stay float32', () => {
    const m = constGraph(shapes);
    for (const plan of ['f32', 'f16'] as const) {
      const { file, bin, encodings } = encodeIrModel(m, plan);
      const blob = decodeZooWeights(file, bin);
      m.graph.constants.forEach((c, k) => {
        const got = decoded(blob, c.offset, m.values[k].length);
        m.values[k].forEach((v, i) => {
          if (plan === 'f32' || c.shape.length < 2) expect(got[i]).toBe(Math.fround(v));
          else expect(Math.abs(got[i] - v)).toBeLessThanOrEqual(Math.abs(v) * 2 ** -11 + 2 ** -25);
        });
      });
      expect(encodings).toEqual(plan === 'f32' ? { f32: 4 } : { f16: 3, f32: 1 });
    }
  });

  it('compact: int8 with one scale per output channel (the last axis longer than 1)', () => {
    const m = constGraph(shapes);
    const { file, bin, encodings } = encodeIrModel(m, 'compact');
    expect(encodings).toEqual({ q8: 3, f32: 1 });
    expect(file.storage.map((s) => s.axis)).toEqual([3, 2, undefined, 1]);
    const blob = decodeZooWeights(file, bin);
    m.graph.constants.forEach((c, k) => {
      if (c.shape.length < 2) return;
      const axis = file.storage[k].axis!;
      const inner = c.shape.slice(axis + 1).reduce((a, b) => a * b, 1);
      const channels = c.shape[axis];
      const maxOf = new Float32Array(channels);
      m.values[k].forEach((v, i) => { const ch = Math.floor(i / inner) % channels; maxOf[ch] = Math.max(maxOf[ch], Math.abs(v)); });
      const got = decoded(blob, c.offset, m.values[k].length);
      m.values[k].forEach((v, i) => {
        const step = maxOf[Math.floor(i / inner) % channels] / 127;
        expect(Math.abs(got[i] - v)).toBeLessThanOrEqual(step / 2 + 1e-6);
      });
    });
  });

  it('weights with at most 256 distinct values are stored losslessly as a value table', () => {
    const m = constGraph([[32, 32]]);
    m.values[0].forEach((_, i) => { m.values[0][i] = ((i * 7) % 200) * 0.013 - 1.1; });
    m.weights.set(new Uint8Array(m.values[0].buffer), 0);
    for (const plan of ['compact', 'f16'] as const) {
      const { file, bin } = encodeIrModel(m, plan);
      expect(file.storage[0]).toMatchObject({ enc: 'pal', tableSize: 200, byteLength: 1024 });
      expect(bin.byteLength).toBe(200 * 4 + 1024);
      expect(decoded(decodeZooWeights(file, bin), 0, 1024)).toEqual(m.values[0]);
    }
  });

  it('damaged storage is rejected with the constant named', () => {
    const m = constGraph([[20, 20]]);
    const { file, bin } = encodeIrModel(m, 'f16');
    expect(file.storage[0].enc).toBe('f16');
    expect(() => decodeZooWeights(file, bin.slice(0, 100))).toThrow("zoo.load: the zoo model file is damaged: constant 'c0': bytes 0..+800 lie outside the weights file (100 bytes)");
    expect(() => decodeZooWeights({ ...file, storage: [{ ...file.storage[0], enc: 'f8' as never }] }, bin)).toThrow("constant 'c0': unknown encoding a string (\"f8\")");
    expect(() => decodeZooWeights({ ...file, storage: [] }, bin)).toThrow("'storage' must list one entry per constant");
    const pal = encodeIrModel({ ...m, weights: new Uint8Array(1600) }, 'compact');
    const broken = pal.bin.slice();
    broken[pal.file.storage[0].offset] = 9; // index 9 of a 1-entry table
    expect(() => decodeZooWeights(pal.file, broken)).toThrow("constant 'c0': index 9 is outside its table of 1");
  });
});

describe('manifests', () => {
  const schema = JSON.parse(readFileSync(join(ZOO, 'manifest.schema.json'), 'utf8'));
  const files = readdirSync(ZOO).filter((f) => f.endsWith('.json') && !f.endsWith('.schema.json'));

  it('there is a manifest for each first model', () => {
    for (const id of ['mobilenet-v2', 'mobilenet-v1-0.25', 'mobilenet-v1-0.75', 'darknet-tiny', 'doodlenet', 'crepe', 'coco-ssd', 'movenet-lightning']) expect(files).toContain(`${id}.json`);
  });

  for (const f of files) {
    it(`${f} matches the schema, names its file by its id and records every hash`, () => {
      const m = JSON.parse(readFileSync(join(ZOO, f), 'utf8'));
      expect(validateManifest(m, schema)).toEqual([]);
      expect(`${m.id}.json`).toBe(f);
      expect(m.files, 'built files recorded (npm run zoo -- --update)').toBeDefined();
      for (const s of m.source.files) expect(s.sha256).not.toBe('0'.repeat(64));
      if (m.labelsFrom) expect(m.source.files.map((s: { path: string }) => s.path)).toContain(m.labelsFrom.file);
      if (m.input.kind === 'image') expect(m.outputs.length).toBeGreaterThan(0);
    });
  }

  it('the schema check finds what is wrong', () => {
    const m = JSON.parse(readFileSync(join(ZOO, 'doodlenet.json'), 'utf8'));
    const { id, ...noId } = m;
    void id;
    expect(validateManifest(noId, schema)).toEqual(["$: is missing 'id'"]);
    expect(validateManifest({ ...m, colour: 'green' }, schema)).toEqual(["$: has unknown property 'colour'"]);
    const badHash = structuredClone(m);
    badHash.source.files[0].sha256 = 'abc';
    expect(validateManifest(badHash, schema)).toEqual(['$.source.files[0].sha256: must match /^[0-9a-f]{64}$/']);
    expect(validateManifest({ ...m, input: { ...m.input, channels: 2 } }, schema)[0]).toMatch(/^\$\.input: matches none of the allowed forms \(\$\.input\.channels: must be one of 1, 3/);
    expect(validateManifest({ ...m, tasks: [] }, schema)).toEqual(['$.tasks: must have at least 1 item(s)']);
  });
});

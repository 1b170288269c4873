/**
 * The zoo build's converter (run by zoo/build.mjs through Vite's module runner, so it uses
 * Sprout's own TypeScript sources): source files → Sprout IR with the manifest's output names →
 * compact storage, keeping the most compact plan whose outputs stay within the manifest's
 * tolerance of the float32 original on deterministic check inputs.
 */
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import '../../src/index.ts'; // registers the CPU backend
import { loadLayersModel, model as functionalModel, type SymbolicTensor } from '../../src/nn/index.ts';
import { tfliteFromBytes, loadGraphModel, GraphModel, optimizeIr, type IrModel } from '../../src/models/index.ts';
import { layersModelToIr } from '../../src/models/layers/index.ts';
import { decodeZooWeights } from '../../src/zoo/format.ts';
import { preprocessImage } from '../../src/zoo/preprocess.ts';
import { tensor, tidy, type Tensor } from '../../src/tensor/index.ts';
import type { ZooManifest } from '../../src/zoo/types.ts';
import { encodeIrModel, PLANS, type Plan } from './encode.ts';

/** A build manifest: the runtime manifest plus where each output is cut (`from`, a layer or node name). */
export type BuildManifest = ZooManifest & { outputs: (ZooManifest['outputs'][number] & { from?: string })[] };

const fail = (m: BuildManifest, msg: string): never => {
  throw new Error(`zoo build: ${m.id}: ${msg}`);
};

/** The model's graph with outputs named as the manifest says. */
export async function convert(m: BuildManifest, main: string): Promise<IrModel> {
  const src = m.source!;
  let ir: IrModel;
  if (src.format === 'tflite') {
    const t = tfliteFromBytes(new Uint8Array(readFileSync(main)), src.files[0].path);
    ir = cutIr({ graph: t.graph, weights: t.weights }, m);
    t.dispose();
  } else if (src.format === 'graph') {
    const g = await loadGraphModel(pathToFileURL(main).href);
    ir = cutIr({ graph: g.graph, weights: g.weights }, m);
    g.dispose();
  } else {
    const lm = await loadLayersModel(pathToFileURL(main).href);
    const outs = m.outputs.map((o, i) => (o.from ? (lm.getLayer(o.from).output as SymbolicTensor) : lm.outputs[i] ?? fail(m, `the model has no output ${i}`)));
    const cut = functionalModel({ inputs: lm.inputs, outputs: outs });
    const shapes = lm.inputs.map((t) => t.shape.slice(1) as number[]);
    const raw = layersModelToIr(cut, shapes) ?? fail(m, 'a layer of the model has no IR translation');
    const opt = optimizeIr(raw);
    ir = { graph: { ...opt.graph, outputs: opt.graph.outputs.map((o, i) => ({ name: m.outputs[i].name, ref: o.ref })) }, weights: opt.weights };
  }
  if (ir.graph.outputs.length !== m.outputs.length) fail(m, `the graph has ${ir.graph.outputs.length} outputs, the manifest names ${m.outputs.length}`);
  return ir;
}

/** Renames (and, with `from`, re-points) the outputs of an IR graph. */
function cutIr(ir: IrModel, m: BuildManifest): IrModel {
  const g = ir.graph;
  const outputs = m.outputs.map((o, i) => {
    if (!o.from) return { name: o.name, ref: (g.outputs[i] ?? fail(m, `the graph has no output ${i}`)).ref };
    const k = g.nodes.findIndex((n) => n.name === o.from);
    const out = g.outputs.find((x) => x.name === o.from);
    if (out) return { name: o.name, ref: out.ref };
    if (k < 0) fail(m, `no node named '${o.from}'`);
    return { name: o.name, ref: { kind: 'node' as const, node: k, output: 0 } };
  });
  return optimizeIr({ graph: { ...g, outputs }, weights: ir.weights });
}

/** A seeded generator (mulberry32). */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = Math.imul(s ^ (s >>> 15), s | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Deterministic inputs for the tolerance check: smooth random pictures (sums of waves) put through
 * the manifest's preprocessing, or for audio models tones with noise, normalised.
 */
export function checkInputs(m: BuildManifest, count = 3): Tensor[] {
  const r = rng(12345);
  const input = m.input;
  if (input.kind === 'image') {
    return Array.from({ length: count }, () => tidy(() => {
      const h = input.height, w = input.width;
      const px = new Float32Array(h * w * 3);
      const waves = Array.from({ length: 9 }, () => [r() * 0.3, r() * 0.3, r() * 6.28, 40 + r() * 80]);
      for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) for (let c = 0; c < 3; c++) {
        let v = 128;
        for (let k = c; k < 9; k += 3) v += waves[k][3] * Math.sin(waves[k][0] * x + waves[k][1] * y + waves[k][2]);
        px[(y * w + x) * 3 + c] = Math.max(0, Math.min(255, Math.round(v)));
      }
      return preprocessImage(tensor(px, [h, w, 3]), input);
    }));
  }
  const shape = input.shape;
  const n = shape.reduce((a, b) => a * b, 1);
  return Array.from({ length: count }, () => {
    const f = 100 + r() * 900;
    const v = Float32Array.from({ length: n }, (_, i) => Math.sin((2 * Math.PI * f * i) / 16000) + 0.1 * (r() - 0.5));
    let mean = 0; for (const x of v) mean += x / n;
    let sd = 0; for (const x of v) sd += (x - mean) ** 2 / n;
    return tensor(v.map((x) => (x - mean) / Math.sqrt(sd)), [1, ...shape]);
  });
}

/** Every output on every input (the graph runner picks the static or the dynamic executor). */
function runAll(ex: GraphModel, xs: Tensor[]): Float32Array[][] {
  const names = ex.outputNodes;
  return xs.map((x) => (ex.execute(x, names) as Tensor[]).map((t) => { const d = t.dataSync() as Float32Array; t.dispose(); return Float32Array.from(d); }));
}

/** Largest |a − b| over all outputs, relative to the largest |a| of that output. */
function relativeDiff(a: Float32Array[][], b: Float32Array[][]): number {
  let worst = 0;
  a.forEach((outs, i) => outs.forEach((ref, k) => {
    let scale = 0, diff = 0;
    ref.forEach((v, j) => { scale = Math.max(scale, Math.abs(v)); diff = Math.max(diff, Math.abs(v - b[i][k][j])); });
    worst = Math.max(worst, diff / (scale || 1));
  }));
  return worst;
}

const argMax = (v: Float32Array): number => v.reduce((best, x, i) => (x > v[best] ? i : best), 0);

/**
 * For classifier outputs ('probabilities', 'logits'): the stored model's top class must be the
 * original's, or a near tie of it (its original score within the tolerance of the top score).
 */
function sameTopClass(m: BuildManifest, a: Float32Array[][], b: Float32Array[][], tolerance: number): boolean {
  return m.outputs.every((o, k) => !/^(probabilities|logits)$/.test(o.name) || a.every((outs, i) => {
    const ref = outs[k];
    const top = ref[argMax(ref)];
    const scale = ref.reduce((mx, v) => Math.max(mx, Math.abs(v)), 0) || 1;
    return top - ref[argMax(b[i][k])] <= tolerance * scale;
  }));
}

export interface Built {
  json: string;
  bin: Uint8Array;
  plan: Plan;
  measured: number;
  encodings: Record<string, number>;
  /** Each plan tried and its measured difference. */
  tried: string[];
}

/**
 * Converts and stores a model with the most compact plan within `m.build.tolerance`.
 *
 * @example
 * const built = await buildModel(manifest, '/path/to/zoo-sources/tflite/mobilenet_v2_1.0_224_quant.tflite');
 */
export async function buildModel(m: BuildManifest, main: string): Promise<Built> {
  const ir = await convert(m, main);
  const tolerance = m.build?.tolerance ?? 0;
  const xs = checkInputs(m);
  const ref = new GraphModel(ir.graph, ir.weights, m.id);
  const expected = runAll(ref, xs);
  ref.dispose();
  const tried: string[] = [];
  for (const plan of PLANS) {
    const { file, bin, encodings } = encodeIrModel(ir, plan);
    const ex = new GraphModel(file, decodeZooWeights(file, bin), m.id);
    const got = runAll(ex, xs);
    const measured = relativeDiff(expected, got);
    const sameTop1 = sameTopClass(m, expected, got, tolerance);
    ex.dispose();
    tried.push(`${plan}: ${measured.toExponential(2)}${sameTop1 ? '' : ' (top class changed)'}`);
    if (measured <= tolerance && sameTop1) {
      xs.forEach((x) => x.dispose());
      // Round the measurement so the manifest records a stable number.
      return { json: JSON.stringify(file), bin, plan, measured: Number(measured.toPrecision(3)), encodings, tried };
    }
  }
  return fail(m, `no storage keeps the outputs within the tolerance ${tolerance} (${tried.join(', ')})`);
}

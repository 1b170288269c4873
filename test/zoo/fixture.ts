// A tiny zoo served from memory for the runtime tests: one model (x·W → softmax) built with the
// zoo build's own encoder, its manifest with real sha256s, and a fetch stand-in whose failures
// (offline, truncated or corrupted bodies, 404) each test chooses.
import { createHash } from 'node:crypto';
import { encodeIrModel, type Plan } from '../../zoo/tools/encode.ts';
import type { IrGraph } from '../../src/models/index.ts';
import type { ZooManifest } from '../../src/zoo/types.ts';

export const BASE = 'http://zoo.test/sprout/zoo/';
const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

/** Seeded weights W [16, 8] (128 values: stored as float32). */
export function weights(seed: number): Float32Array {
  let s = seed;
  return Float32Array.from({ length: 128 }, () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return (s / 2147483648 - 0.5) * 2;
  });
}

/** softmax(x·W) computed directly, the reference for the loaded model. */
export function expected(x: number[], w: Float32Array): number[] {
  const z = Array.from({ length: 8 }, (_, j) => x.reduce((acc, xi, i) => acc + xi * w[i * 8 + j], 0));
  const m = Math.max(...z);
  const e = z.map((v) => Math.exp(v - m));
  const sum = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / sum);
}

export interface Served {
  manifest: ZooManifest;
  files: Map<string, Uint8Array>;
}

/** Builds the model `id` at `version` with weights from `seed`. */
export function makeModel(id: string, version: string, seed: number, plan: Plan = 'f32'): Served {
  const w = weights(seed);
  const graph: IrGraph = {
    format: 'sprout-ir', version: 1,
    inputs: [{ name: 'x', shape: [-1, 16], dtype: 'float32' }],
    outputs: [{ name: 'probabilities', ref: { kind: 'node', node: 1, output: 0 } }],
    constants: [{ name: 'w', shape: [16, 8], dtype: 'float32', offset: 0, byteLength: 512 }],
    nodes: [
      { op: 'matMul', inputs: [{ kind: 'input', index: 0 }, { kind: 'const', index: 0 }], attrs: {}, numOutputs: 1, name: 'dense' },
      { op: 'softmax', inputs: [{ kind: 'node', node: 0, output: 0 }], attrs: { dim: -1 }, numOutputs: 1, name: 'probs' },
    ],
  };
  const { file, bin } = encodeIrModel({ graph, weights: new Uint8Array(w.buffer) }, plan);
  const json = new TextEncoder().encode(JSON.stringify(file));
  const manifest: ZooManifest = {
    id, version, title: `Test model ${id}`, tasks: ['imageClassifier'], license: 'MIT', attribution: 'test', card: 'a test model',
    input: { kind: 'other', shape: [16], description: '16 numbers' },
    outputs: [{ name: 'probabilities', shape: [-1, 8], meaning: 'softmax over 8 classes' }],
    labels: ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'],
    files: {
      model: { path: `${id}.model.json`, bytes: json.byteLength, sha256: sha(json) },
      weights: { path: `${id}.weights.bin`, bytes: bin.byteLength, sha256: sha(bin) },
    },
  };
  const files = new Map<string, Uint8Array>([
    [`${id}.json`, new TextEncoder().encode(JSON.stringify(manifest))],
    [`${id}.model.json`, json],
    [`${id}.weights.bin`, bin],
  ]);
  return { manifest, files };
}

/** What the fake server does now. */
export interface ServerState {
  offline: boolean;
  /** File name → how to damage it: 'truncate' (half the bytes) or 'flip' (one byte changed). */
  damage: Map<string, 'truncate' | 'flip'>;
  requests: string[];
  files: Map<string, Uint8Array>;
}

/** A fetch over `state.files` under BASE, streaming bodies in 3 chunks. */
export function fakeFetch(state: ServerState): typeof fetch {
  return (async (input: RequestInfo | URL) => {
    const url = String(input instanceof Request ? input.url : input);
    state.requests.push(url);
    if (state.offline) throw new TypeError('Failed to fetch');
    const name = url.startsWith(BASE) ? url.slice(BASE.length) : '';
    let body = state.files.get(name);
    if (!body) return new Response('not found', { status: 404 });
    const how = state.damage.get(name);
    if (how === 'truncate') body = body.slice(0, body.byteLength >> 1);
    if (how === 'flip') { body = body.slice(); body[body.byteLength >> 1] ^= 0xff; }
    const b = body;
    const third = Math.ceil(b.byteLength / 3);
    const stream = new ReadableStream<Uint8Array>({
      start(c) {
        for (let i = 0; i < b.byteLength; i += third) c.enqueue(b.slice(i, i + third));
        c.close();
      },
    });
    return new Response(stream, { status: 200, headers: { 'content-length': String(b.byteLength) } });
  }) as typeof fetch;
}

/** The index.json of served models. */
export function indexOf(models: Served[]): Uint8Array {
  return new TextEncoder().encode(JSON.stringify(models.map((m) => ({ ...m.manifest, labels: undefined }))));
}

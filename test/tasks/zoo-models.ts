// Zoo models for the task tests. When the built zoo is here (build/zoo, made by `npm run zoo`), tasks
// load through the real `zoo.load`. Otherwise the same models are assembled from ../shared/zoo-sources
// with Sprout's own loaders, behind the ZooModel contract, and injected with setModelResolver.
import fs from 'node:fs';
import path from 'node:path';
import * as sp from '../../src/index.ts';
import { setModelResolver } from '../../src/tasks/index.ts';
import type { ZooManifest, ZooModel } from '../../src/zoo/types.ts';
import { sharedDir } from '../data/shared-data.mjs';

const ROOT = path.resolve(import.meta.dirname, '../..');
const BUILT = path.join(ROOT, 'build/zoo');
const SOURCES = sharedDir() ? path.join(sharedDir()!, 'zoo-sources') : null;

/** Where the zoo models come from in this run: 'zoo' (built zoo), 'sources' (../shared) or null (neither: skip). */
export function zooOrigin(ids: string[]): 'zoo' | 'sources' | null {
  // SPROUT_TASK_ZOO=sources runs the task tests on the sources even where the zoo is built.
  if (process.env.SPROUT_TASK_ZOO !== 'sources' && ids.every((id) => fs.existsSync(path.join(BUILT, `${id}.json`)))) return 'zoo';
  if (SOURCES && fs.existsSync(path.join(SOURCES, 'tflite/mobilenet_v2_1.0_224_quant.tflite'))) return 'sources';
  return null;
}

/** Why tests needing zoo models skip. */
export const ZOO_MISSING = 'skipped: neither build/zoo (npm run zoo) nor ../shared/zoo-sources is here';

const readJSON = (p: string) => JSON.parse(fs.readFileSync(p, 'utf8'));

/** A manifest from zoo/<id>.json (the committed one) with labels filled in from the sources. */
function manifestOf(id: string, labels: string[], labelOffset: number): ZooManifest {
  const m = readJSON(path.join(ROOT, 'zoo', `${id}.json`)) as ZooManifest;
  return { ...m, labels, labelOffset };
}

class SourceModel implements ZooModel {
  peakBytes = 0;
  constructor(readonly manifest: ZooManifest, private readonly run: (x: sp.Tensor, names: string[]) => sp.Tensor[], private readonly free: () => void) {}
  predict(x: sp.Tensor): sp.Tensor {
    return this.run(x, [this.manifest.outputs[0].name])[0];
  }
  execute(x: sp.Tensor, outputs = this.manifest.outputs.map((o) => o.name)): sp.Tensor[] {
    return this.run(x, outputs);
  }
  dispose(): void {
    this.free();
  }
}

async function fromSources(id: string): Promise<ZooModel> {
  const z = (...p: string[]) => path.join(SOURCES!, ...p);
  if (id === 'mobilenet-v2') {
    const model = await sp.loadTFLiteModel(z('tflite/mobilenet_v2_1.0_224_quant.tflite'));
    const labels = fs.readFileSync(z('tflite/imagenet_labels.txt'), 'utf8').split('\n').map((l) => l.trim()).filter(Boolean).slice(1);
    return new SourceModel(manifestOf(id, labels, 1), (x) => [model.predict(x) as sp.Tensor], () => model.dispose());
  }
  const layered: Record<string, { dir: string; outputs: Record<string, string>; labels: () => string[] }> = {
    'mobilenet-v1-0.25': {
      dir: 'mobilenet_v1_0.25_224',
      outputs: { features: 'conv_pw_13_relu', embedding: 'global_average_pooling2d_1', probabilities: 'reshape_2' },
      labels: () => readJSON(z('labels/imagenet-1000.json')),
    },
    'darknet-tiny': { dir: 'darknet-tiny', outputs: {}, labels: () => readJSON(z('labels/imagenet-1000-darknet-order.json')) },
    doodlenet: { dir: 'doodlenet', outputs: {}, labels: () => fs.readFileSync(z('doodlenet/class_names.txt'), 'utf8').split(/\r?\n/).map((l) => l.trim()).filter(Boolean) },
  };
  const spec = layered[id];
  if (!spec) throw new Error(`test zoo: no source for '${id}'`);
  const full = await sp.loadLayersModel(z(spec.dir, 'model.json'));
  const manifest = manifestOf(id, spec.labels(), 0);
  const names = manifest.outputs.map((o) => o.name);
  const outs = names.map((n) => (spec.outputs[n] ? full.getLayer(spec.outputs[n]).output as sp.SymbolicTensor : full.outputs[0]));
  const cut = sp.model({ inputs: full.inputs, outputs: outs });
  return new SourceModel(manifest, (x, want) => sp.tidy(() => {
    const all = cut.predict(x) as sp.Tensor | sp.Tensor[];
    const list = Array.isArray(all) ? all : [all];
    return want.map((n) => list[names.indexOf(n)].clone());
  }), () => full.dispose());
}

/**
 * Points the tasks at the zoo models of this run (and caches them: each loads once per test file).
 * Returns the origin used.
 */
export function useTestZoo(ids: string[]): 'zoo' | 'sources' | null {
  const origin = zooOrigin(ids);
  if (origin === 'sources') {
    const cache = new Map<string, Promise<ZooModel>>();
    setModelResolver((id) => {
      if (!cache.has(id)) cache.set(id, fromSources(id));
      // Tasks dispose their model; hand each task a wrapper whose dispose keeps the shared one.
      return cache.get(id)!.then((m) => ({ manifest: m.manifest, peakBytes: 0, predict: (x) => m.predict(x), execute: (x, o) => m.execute(x, o), dispose: () => undefined }));
    });
  } else setModelResolver(null);
  if (origin) console.log(`task tests: zoo models from ${origin === 'zoo' ? 'the built zoo (build/zoo) via zoo.load' : '../shared/zoo-sources (no build/zoo)'}`);
  return origin;
}

// A tiny image model in Teachable Machine's export format (model.json + weights.bin + metadata.json),
// built here with Sprout's layers and served by an in-memory fetch stand-in.
import * as sp from '../../src/index.ts';

export const TM_BASE = 'https://teachablemachine.test/models/tiny/';
export const TM_LABELS = ['Class 1', 'Blue thing', 'Ünïcode label, with comma'];

/** Files by URL, served by `installFetch`. */
export type Served = Map<string, Uint8Array | string>;

/** A 16×16×3 → 3-class softmax model (conv + pool + dense), seeded so runs repeat. */
export function makeTinyModel(size = 16): sp.LayersModel {
  return sp.sequential({
    layers: [
      sp.layers.conv2d({ inputShape: [size, size, 3], filters: 4, kernelSize: 3, activation: 'relu', kernelInitializer: sp.initializers.glorotUniform({ seed: 1 }) }),
      sp.layers.globalAveragePooling2d({}),
      sp.layers.dense({ units: 3, activation: 'softmax', kernelInitializer: sp.initializers.glorotUniform({ seed: 2 }) }),
    ],
  });
}

/** The model's files as TM exports them: model.json (layers format), weights.bin, metadata.json. */
export async function tmFiles(model: sp.LayersModel, base = TM_BASE, labels = TM_LABELS): Promise<Served> {
  let art: sp.ModelArtifacts | undefined;
  await model.save(sp.io.withSaveHandler(async (a) => { art = a; }));
  const weights = new Uint8Array(art!.weightData as ArrayBuffer);
  const modelJson = {
    modelTopology: art!.modelTopology, format: 'layers-model', generatedBy: 'TensorFlow.js tfjs-layers v1.3.1', convertedBy: null,
    weightsManifest: [{ paths: ['weights.bin'], weights: art!.weightSpecs }],
  };
  const metadata = {
    tfjsVersion: '1.3.1', tmVersion: '2.4.7', packageVersion: '0.8.4', packageName: '@teachablemachine/image',
    timeStamp: '2024-01-01T00:00:00.000Z', userMetadata: {}, modelName: 'tm-my-image-model', labels, imageSize: 224,
  };
  return new Map<string, Uint8Array | string>([
    [`${base}model.json`, JSON.stringify(modelJson)],
    [`${base}weights.bin`, weights],
    [`${base}metadata.json`, JSON.stringify(metadata)],
  ]);
}

/** Replaces globalThis.fetch with one serving `files` (404 otherwise); returns the restore function. */
export function installFetch(files: Served, onRequest?: (url: string) => void): () => void {
  const real = globalThis.fetch;
  globalThis.fetch = (async (input: string | URL | Request) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    onRequest?.(url);
    const body = files.get(url);
    if (body === undefined) return new Response('not found', { status: 404, statusText: 'Not Found' });
    return new Response(typeof body === 'string' ? body : body.slice(), { status: 200 });
  }) as typeof fetch;
  return () => {
    globalThis.fetch = real;
  };
}

/** An RGBA picture `{data, width, height}` (Node's image input) filled by `f(x, y) → [r, g, b]`. */
export function picture(width: number, height: number, f: (x: number, y: number) => [number, number, number]): { data: Uint8ClampedArray; width: number; height: number } {
  const data = new Uint8ClampedArray(width * height * 4);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const [r, g, b] = f(x, y);
      data.set([r, g, b, 255], (y * width + x) * 4);
    }
  }
  return { data, width, height };
}

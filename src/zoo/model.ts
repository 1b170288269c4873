/**
 * A loaded zoo model behind the `ZooModel` contract. The decoded graph runs through the graph
 * model runner, which picks the static plan or, for graphs with control flow (COCO-SSD), the
 * dynamic executor.
 */
import { GraphModel, validateIr } from '../models/index.js';
import type { Tensor } from '../tensor/index.js';
import { decodeZooWeights, type ZooModelFile } from './format.js';
import type { ZooManifest, ZooModel } from './types.js';

class LoadedZooModel implements ZooModel {
  private readonly runner: GraphModel;
  private readonly names: string[];

  constructor(readonly manifest: ZooManifest, file: ZooModelFile, stored: Uint8Array) {
    const blob = decodeZooWeights(file, stored);
    validateIr(file, blob.byteLength);
    this.runner = new GraphModel(file, blob, `zoo model '${manifest.id}'`);
    this.names = manifest.outputs.map((o) => o.name);
  }

  get peakBytes(): number {
    return this.runner.peakBytes;
  }

  predict(x: Tensor): Tensor {
    return this.execute(x, this.names.slice(0, 1))[0];
  }

  execute(x: Tensor, outputs: string[] = this.names): Tensor[] {
    return this.runner.execute(x, outputs) as Tensor[];
  }

  dispose(): void {
    this.runner.dispose();
  }
}

/**
 * Makes a runnable model from a manifest, the model JSON and the stored weights (already checked
 * against the manifest's sha256).
 *
 * @example
 * const model = zooModelFromFiles(manifest, JSON.parse(modelJson), weightsBytes);
 */
export function zooModelFromFiles(manifest: ZooManifest, file: ZooModelFile, stored: Uint8Array): ZooModel {
  return new LoadedZooModel(manifest, file, stored);
}

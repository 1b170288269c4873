/** A loaded zoo model: the IR executor over the decoded weights, behind the `ZooModel` contract. */
import { IrExecutor, validateIr } from '../models/index.js';
import { expandDims, type Tensor } from '../tensor/index.js';
import { decodeZooWeights, type ZooModelFile } from './format.js';
import type { ZooManifest, ZooModel } from './types.js';

class LoadedZooModel implements ZooModel {
  private readonly executor: IrExecutor;
  private readonly names: string[];

  constructor(readonly manifest: ZooManifest, file: ZooModelFile, stored: Uint8Array) {
    const blob = decodeZooWeights(file, stored);
    validateIr(file, blob.byteLength);
    this.executor = new IrExecutor(file, blob);
    this.names = manifest.outputs.map((o) => o.name);
  }

  get peakBytes(): number {
    return this.executor.peakBytes;
  }

  predict(x: Tensor): Tensor {
    return this.execute(x, this.names.slice(0, 1))[0];
  }

  execute(x: Tensor, outputs: string[] = this.names): Tensor[] {
    const spec = this.executor.graph.inputs[0];
    const batched = x.rank === spec.shape.length - 1 ? expandDims(x, 0) : x;
    try {
      return this.executor.run([batched], this.executor.planFor(outputs), `zoo model '${this.manifest.id}'`);
    } finally {
      if (batched !== x) batched.dispose();
    }
  }

  dispose(): void {
    this.executor.dispose();
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

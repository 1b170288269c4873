/**
 * A loaded zoo model behind the `ZooModel` contract: the decoded graph on the static executor, or
 * on the dynamic executor when it has control flow (COCO-SSD). Only the executors are needed here,
 * not the format loaders, so the zoo stays in the core bundle without them.
 */
import { needsDynamicExecutor } from '../models/ir/control-flow.js';
import { DynamicExecutor } from '../models/ir/dynamic-executor.js';
import { IrExecutor } from '../models/ir/execute.js';
import { validateIr } from '../models/ir/serialize.js';
import { cast, expandDims, tidy, type Tensor } from '../tensor/index.js';
import { decodeZooWeights, type ZooModelFile } from './format.js';
import type { ZooManifest, ZooModel } from './types.js';

class LoadedZooModel implements ZooModel {
  private readonly executor: IrExecutor | DynamicExecutor;
  private readonly names: string[];

  constructor(readonly manifest: ZooManifest, file: ZooModelFile, stored: Uint8Array) {
    const blob = decodeZooWeights(file, stored);
    validateIr(file, blob.byteLength);
    this.executor = needsDynamicExecutor(file.nodes) ? new DynamicExecutor(file, blob) : new IrExecutor(file, blob);
    this.names = manifest.outputs.map((o) => o.name);
  }

  get peakBytes(): number {
    return this.executor.peakBytes;
  }

  predict(x: Tensor): Tensor {
    return this.execute(x, this.names.slice(0, 1))[0];
  }

  execute(x: Tensor, outputs: string[] = this.names): Tensor[] {
    const ex = this.executor;
    const op = `zoo model '${this.manifest.id}'`;
    const spec = ex.graph.inputs[0];
    return tidy(() => {
      let t = x.rank === spec.shape.length - 1 ? expandDims(x, 0) : x;
      if (t.dtype !== spec.dtype) t = cast(t, spec.dtype);
      return ex instanceof DynamicExecutor ? ex.run([t], ex.planFor(outputs), op) : ex.run([t], ex.planFor(outputs), op);
    });
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

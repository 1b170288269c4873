/**
 * The compiled predict of LayersModels: the model is translated to IR (to-ir.ts), optimized
 * (constant folding folds batch normalization into the convolutions' weights; bias and
 * activations fuse into them; dead nodes go) and run by an IrExecutor's precomputed plan.
 *
 * One plan per set of per-example input shapes (the batch is free), at most MAX_PLANS kept. The
 * model makes a new CompiledLayersModel when its weights or its graph change (model.ts), so a
 * plan always holds the current weights. Registered with `setPredictCompiler` when src/models
 * is loaded.
 */
import { setPredictCompiler, type CompiledPredict, type LayersModel } from '../../nn/model/model.js';
import type { Tensor } from '../../tensor/index.js';
import { optimizeIr } from '../compiler/passes.js';
import { IrExecutor } from '../ir/execute.js';
import { layersModelToIr, untranslatableLayers } from './to-ir.js';

const MAX_PLANS = 4;

export class CompiledLayersModel implements CompiledPredict {
  peakBytes = 0;
  /** Executors by per-example input shapes; null: those shapes cannot be compiled. */
  private plans = new Map<string, IrExecutor | null>();

  constructor(private readonly model: LayersModel) {}

  /** The executor for inputs like `xs` (made on first use), or null. */
  executorFor(xs: Tensor[]): IrExecutor | null {
    if (xs.some((x) => x.rank === 0 || x.shape[0] === 0)) return null;
    const key = xs.map((x) => x.shape.slice(1).join(',')).join('|');
    let ex = this.plans.get(key);
    if (ex !== undefined) return ex;
    try {
      const ir = layersModelToIr(this.model, xs.map((x) => x.shape.slice(1)));
      const m = ir && optimizeIr(ir);
      ex = m ? new IrExecutor(m.graph, m.weights) : null;
    } catch {
      ex = null; // left to layer-by-layer predict
    }
    if (this.plans.size >= MAX_PLANS) {
      const [oldKey, old] = this.plans.entries().next().value as [string, IrExecutor | null];
      old?.dispose();
      this.plans.delete(oldKey);
    }
    this.plans.set(key, ex);
    return ex;
  }

  run(xs: Tensor[]): Tensor[] | null {
    const ex = this.executorFor(xs);
    if (!ex) return null;
    const out = ex.run(xs, undefined, 'predict');
    this.peakBytes = ex.peakBytes;
    return out;
  }

  dispose(): void {
    for (const ex of this.plans.values()) ex?.dispose();
    this.plans.clear();
  }
}

/**
 * The compiler predict uses: null for models with a layer that has no IR translation.
 *
 * @example
 * const plan = compileLayersModel(model);
 * const [y] = plan?.run([x]) ?? [model.predict(x) as Tensor];
 */
export function compileLayersModel(model: LayersModel): CompiledLayersModel | null {
  return untranslatableLayers(model).length ? null : new CompiledLayersModel(model);
}

setPredictCompiler(compileLayersModel);

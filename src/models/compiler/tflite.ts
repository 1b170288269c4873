/** The compiler passes applied to a translated TFLite model (graph + weights + tensor infos). */
import { optimizeIr, type IrModel, type OptimizeOptions } from './passes.js';

export type { OptimizeOptions };

/** Optimizes a TFLite translation unless `{ optimize: false }`; the tensor infos are kept. */
export function optimizeTFLite<T extends IrModel>(t: T, options: OptimizeOptions = {}): T {
  if (options.optimize === false) return t;
  return { ...t, ...optimizeIr({ graph: t.graph, weights: t.weights }) };
}

/**
 * What layers and models use from the rest of src/nn (initializers, regularizers, losses, metrics,
 * optimizers), in one place. Imported from the modules themselves (not src/nn/index.ts) so that
 * there is no import cycle through the nn entry.
 */
import type { Initializer, SerializedInitializer } from '../initializers.js';
import type { Regularizer, SerializedRegularizer } from '../regularizers.js';

export { getInitializer, type Initializer } from '../initializers.js';
export { getRegularizer, type Regularizer } from '../regularizers.js';
export { getLoss, type LossFn, type SerializedLoss } from '../losses.js';
export { getMetric, type MetricFn } from '../metrics.js';
export { getOptimizer, Optimizer } from '../optimizers/index.js';

/** An initializer identifier: a name, a `{ className, config }`, or an initializer. */
export type InitializerLike = string | SerializedInitializer | Initializer;
/** A regularizer identifier: a name, a `{ className, config }`, or a regularizer. */
export type RegularizerLike = string | SerializedRegularizer | Regularizer;

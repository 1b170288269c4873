/** Compiler passes over Sprout IR, shared by every model format. */
export { foldConstants, fuseOps, removeDeadNodes, optimizeIr, type IrModel, type IrPass, type OptimizeOptions } from './passes.js';

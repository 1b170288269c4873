/**
 * Model formats and Sprout's internal graph form (IR): loaders translate files into an `IrGraph`,
 * which the executor runs on Sprout's engine.
 */
export { loadTFLiteModel, tfliteFromBytes, TFLiteModel, type TFLiteSource, type LoadTFLiteOptions, type TFLiteInputs, type TFLiteTensorInfo, type TFLiteQuantInfo } from './tflite/load.js';
export { supportedTFLiteOps } from './tflite/to-ir.js';
export { IrExecutor, IR_OPS, isIrOp, type ExecutionPlan, type IrOpFn } from './ir/execute.js';
export { serializeIr, deserializeIr, validateIr, type SerializedIr } from './ir/serialize.js';
export type { IrGraph, IrNode, IrConstant, IrAttr, ValueRef } from './ir/graph.js';
export { loadGraphModel, GraphModel, type GraphModelSource, type GraphModelArtifacts, type LoadGraphModelOptions, type GraphModelInputs, type GraphTensorInfo } from './graph/load.js';
export { supportedGraphOps } from './graph/to-ir.js';
export { loadModel, detectModelFormat, type ModelSource, type AnyModel } from './graph/load-model.js';
export { foldConstants, fuseOps, removeDeadNodes, optimizeIr, type IrModel, type IrPass, type OptimizeOptions } from './compiler/index.js';
export { layersModelToIr, untranslatableLayers, CompiledLayersModel } from './layers/index.js';
export { DynamicExecutor, DEFAULT_MAX_LOOP_ITERATIONS, type DynamicPlan } from './ir/dynamic-executor.js';
export { decodeCocoSsd, bestClasses, parseCocoClasses, type DetectedObject, type CocoSsdDecodeOptions } from './detection/coco-ssd-decode.js';

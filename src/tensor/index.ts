import './chain.js';

export { Tensor, type NestedArray } from './tensor.js';
export { ENGINE, Engine, type MemoryInfo, type KernelRecord } from './engine.js';
export { type TensorLike, type NestedValues, toTensor } from './convert.js';
export { tidy, scope, keep, dispose, memory, setBackend, getBackend, ready } from './memory.js';
export * from './ops/creation.js';
export * from './ops/elementwise.js';
export * from './ops/reduce.js';
export * from './ops/transform.js';
export { matMul, fusedMatMul, type FusedMatMulConfig } from './ops/linalg.js';
export { conv2d, depthwiseConv2d, conv2dTranspose, maxPool, avgPool, batchNorm, fusedConv2d, fusedDepthwiseConv2d, type FusedConv2DConfig } from './ops/conv.js';
export { resizeBilinear, resizeNearestNeighbor } from './ops/image.js';
export { fromPixels, type PixelSource, type PixelData } from './browser.js';
export { norm, cumsum, dot, outerProduct, einsum } from './ops/math-extra.js';
export { conv1d, separableConv2d, conv3d, conv3dTranspose, maxPool3d, avgPool3d, pool, maxPoolWithArgmax, localResponseNormalization } from './ops/conv-extra.js';
export { stridedSlice, gatherND, scatterND, mirrorPad, reverse, depthToSpace, spaceToDepth, unique } from './ops/slicing.js';
export { cropAndResize, nonMaxSuppression, nonMaxSuppressionAsync, nonMaxSuppressionWithScore, nonMaxSuppressionWithScoreAsync } from './ops/image-extra.js';
export { dropout } from './ops/dropout.js';

import { BINARY_KERNELS, COMPARE_KERNELS, UNARY_KERNELS } from '../../core/kernels.js';
import type { CpuKernel } from './cpu-backend.js';
import { addNKernel, binaryKernel, selectKernel } from './binary.js';
import { unaryAttrKernel, unaryKernel } from './unary.js';
import { reduceKernel, softmaxKernel, topKKernel } from './reduce.js';
import { concatKernel, gatherKernel, oneHotKernel, padKernel, sliceKernel, tileKernel, transposeKernel } from './shape-kernels.js';
import { batchMatMulKernel } from './matmul.js';
import { conv2DBackpropInputKernel, conv2DKernel, depthwiseConv2DKernel } from './conv.js';
import { poolKernel } from './pool.js';
import { resizeBilinearKernel, resizeNearestKernel } from './resize.js';
import { cropAndResizeKernel, cumsumKernel, gatherNdKernel, lrnKernel, mirrorPadKernel, reverseKernel, scatterNdKernel, stridedSliceKernel } from './extra-kernels.js';
import { conv3DBackpropInputKernel, conv3DKernel, maxPoolWithArgmaxKernel, pool3DKernel } from './conv3d.js';
import {
  avgPool3DGradKernel, avgPoolGradKernel, conv2DBackpropFilterKernel, conv3DBackpropFilterKernel, cropAndResizeGradBoxesKernel,
  cropAndResizeGradImageKernel, depthwiseBackpropFilterKernel, depthwiseBackpropInputKernel, lrnGradKernel, maxPool3DGradGradKernel,
  maxPool3DGradKernel, maxPoolGradGradKernel, maxPoolGradKernel, resizeBilinearGradKernel, resizeNearestGradKernel,
} from './backward.js';

/** Kernel name → CPU implementation (names and contracts: core/kernels.ts). */
export const KERNELS: Record<string, CpuKernel> = {
  Select: selectKernel,
  AddN: addNKernel,
  LeakyRelu: unaryAttrKernel,
  Step: unaryAttrKernel,
  ClipByValue: unaryAttrKernel,
  Cast: unaryAttrKernel,
  IsNaN: unaryAttrKernel,
  IsFinite: unaryAttrKernel,
  IsInf: unaryAttrKernel,
  LogicalNot: unaryAttrKernel,
  Sum: reduceKernel,
  Prod: reduceKernel,
  Max: reduceKernel,
  Min: reduceKernel,
  All: reduceKernel,
  Any: reduceKernel,
  ArgMax: reduceKernel,
  ArgMin: reduceKernel,
  Softmax: softmaxKernel,
  LogSoftmax: softmaxKernel,
  TopK: topKKernel,
  Transpose: transposeKernel,
  Slice: sliceKernel,
  Concat: concatKernel,
  Pad: padKernel,
  Gather: gatherKernel,
  Tile: tileKernel,
  OneHot: oneHotKernel,
  BatchMatMul: batchMatMulKernel,
  Conv2D: conv2DKernel,
  DepthwiseConv2dNative: depthwiseConv2DKernel,
  Conv2DBackpropInput: conv2DBackpropInputKernel,
  MaxPool: poolKernel,
  AvgPool: poolKernel,
  ResizeBilinear: resizeBilinearKernel,
  ResizeNearestNeighbor: resizeNearestKernel,
  Cumsum: cumsumKernel,
  Reverse: reverseKernel,
  MirrorPad: mirrorPadKernel,
  StridedSlice: stridedSliceKernel,
  GatherNd: gatherNdKernel,
  ScatterNd: scatterNdKernel,
  LRN: lrnKernel,
  CropAndResize: cropAndResizeKernel,
  Conv3D: conv3DKernel,
  Conv3DBackpropInput: conv3DBackpropInputKernel,
  MaxPool3D: pool3DKernel,
  AvgPool3D: pool3DKernel,
  MaxPoolWithArgmax: maxPoolWithArgmaxKernel,
  // Backward kernels (core/kernels.ts BACKWARD_KERNELS).
  Conv2DBackpropFilter: conv2DBackpropFilterKernel,
  DepthwiseConv2dNativeBackpropInput: depthwiseBackpropInputKernel,
  DepthwiseConv2dNativeBackpropFilter: depthwiseBackpropFilterKernel,
  MaxPoolGrad: maxPoolGradKernel,
  MaxPoolGradGrad: maxPoolGradGradKernel,
  AvgPoolGrad: avgPoolGradKernel,
  ResizeBilinearGrad: resizeBilinearGradKernel,
  ResizeNearestNeighborGrad: resizeNearestGradKernel,
  Conv3DBackpropFilter: conv3DBackpropFilterKernel,
  MaxPool3DGrad: maxPool3DGradKernel,
  MaxPool3DGradGrad: maxPool3DGradGradKernel,
  AvgPool3DGrad: avgPool3DGradKernel,
  LRNGrad: lrnGradKernel,
  CropAndResizeGradImage: cropAndResizeGradImageKernel,
  CropAndResizeGradBoxes: cropAndResizeGradBoxesKernel,
};
for (const name of UNARY_KERNELS) KERNELS[name] = unaryKernel;
for (const name of [...BINARY_KERNELS, ...COMPARE_KERNELS]) KERNELS[name] = binaryKernel;

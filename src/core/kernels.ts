/**
 * The kernel contract: every kernel a backend may implement, its inputs and its attributes.
 * The front end (src/tensor/ops) checks arguments and reduces every op to these kernels; a backend
 * implements them and nothing else. Shapes are already validated when a kernel runs.
 *
 * Conventions:
 * - Images are NHWC, filters HWIO (depthwise: H, W, inC, multiplier).
 * - Unless noted, the output dtype equals the first input's dtype, and operands share one dtype
 *   (the front end casts first).
 */

/** Elementwise ops of one input. Float-only ones receive float32 (the front end casts ints). */
export const UNARY_KERNELS = [
  'Neg', 'Abs', 'Exp', 'Expm1', 'Log', 'Log1p', 'Sqrt', 'Rsqrt', 'Square', 'Reciprocal',
  'Sin', 'Cos', 'Tan', 'Asin', 'Acos', 'Atan', 'Sinh', 'Cosh', 'Tanh', 'Sigmoid', 'Softplus',
  'Relu', 'Relu6', 'Elu', 'Selu', 'Erf', 'Floor', 'Ceil', 'Round', 'Sign',
] as const;
export type UnaryKernel = (typeof UNARY_KERNELS)[number];

/**
 * Elementwise ops of one input with attributes or another output dtype:
 * - `LeakyRelu` {alpha: number}
 * - `Step` {alpha: number} (x > 0 ? 1 : alpha; NaN stays NaN)
 * - `ClipByValue` {min: number, max: number}
 * - `Cast` {dtype}: float→int truncates toward zero; anything→bool is `x != 0`
 * - `IsNaN`, `IsFinite`, `IsInf`, `LogicalNot` → bool
 */
export const UNARY_ATTR_KERNELS = ['LeakyRelu', 'Step', 'ClipByValue', 'Cast', 'IsNaN', 'IsFinite', 'IsInf', 'LogicalNot'] as const;

/**
 * Elementwise ops of two inputs with numpy broadcasting (shapes may differ; the output shape is
 * their broadcast). Comparisons and logical ops return bool; the rest the inputs' dtype.
 * `Div` on int32 is never sent (the front end uses `FloorDiv`, as TF.js does).
 * `Prelu` is `x < 0 ? alpha * x : x` with alpha broadcast to x.
 */
export const BINARY_KERNELS = [
  'Add', 'Sub', 'Mul', 'Div', 'FloorDiv', 'Mod', 'Pow', 'Maximum', 'Minimum', 'SquaredDifference',
  'Atan2', 'Prelu',
] as const;
export const COMPARE_KERNELS = [
  'Equal', 'NotEqual', 'Less', 'LessEqual', 'Greater', 'GreaterEqual',
  'LogicalAnd', 'LogicalOr', 'LogicalXor',
] as const;
export type BinaryKernel = (typeof BINARY_KERNELS)[number];
export type CompareKernel = (typeof COMPARE_KERNELS)[number];

/**
 * Other kernels (inputs → attrs → output):
 *
 * - `Select` [cond(bool), a, b], all of one shape → where(cond, a, b).
 * - `AddN` [t0, t1, …] of one shape and dtype → their sum.
 * - Reductions `Sum`, `Prod`, `Max`, `Min`, `All`, `Any`, `ArgMax`, `ArgMin`: input of shape
 *   [outer, inner] → output [outer], reduced over `inner`. Sum/Prod of bool are int32; ArgMax/ArgMin
 *   are int32 (the first index of the extreme; a NaN counts as the extreme and wins, as in numpy);
 *   Max/Min propagate NaN. Empty `inner`: Sum 0, Prod 1, Max -Inf, Min +Inf, All true, Any false.
 * - `Softmax`, `LogSoftmax`: [outer, inner] → same shape, along `inner`.
 * - `BatchMatMul` [a, b, bias?, preluAlpha?] (inputs are packed: preluAlpha is at index 2 when there is no bias) {transposeA, transposeB, activation, leakyreluAlpha,
 *   hasBias, hasPreluAlpha}: a is [Ba, M, K] (or [Ba, K, M] when transposed), b [Bb, K, N]
 *   (or [Bb, N, K]); Ba and Bb are equal or one of them is 1 (broadcast). Output [max(Ba,Bb), M, N].
 *   bias and preluAlpha have N elements (or 1) and broadcast along the last axis.
 * - `Conv2D` [x, filter, bias?, preluAlpha?] {info: Conv2DInfo, activation, leakyreluAlpha,
 *   hasBias, hasPreluAlpha} → [batch, outH, outW, outC].
 * - `DepthwiseConv2dNative` same inputs and attrs, filter [fh, fw, inC, multiplier]; output channel
 *   c·multiplier + m reads input channel c.
 * - `Conv2DBackpropInput` [dy, filter] {info: Conv2DInfo of the forward conv} → [batch, inH, inW, inC]
 *   (this is conv2dTranspose).
 * - `MaxPool`, `AvgPool` [x] {info: Conv2DInfo with outC = inC} → pooled. Padded cells are
 *   ignored (AvgPool divides by the number of real cells, as TensorFlow does).
 * - `Transpose` [x] {perm: number[]}.
 * - `Slice` [x] {begin: number[], size: number[]} (already normalised, in range).
 * - `Concat` [t0, t1, …] {}, each of shape [outer, inner_i] → [outer, Σ inner_i].
 * - `Pad` [x] {paddings: [before, after][], constantValue: number}.
 * - `Gather` [x, indices(int32)] {}: x is [outer, n, inner], indices [m] → [outer, m, inner].
 *   Out-of-range indices are rejected by the front end.
 * - `Tile` [x] {reps: number[]} (also used for broadcastTo).
 * - `ResizeBilinear`, `ResizeNearestNeighbor` [x NHWC] {newHeight, newWidth, alignCorners,
 *   halfPixelCenters} → float32 (nearest keeps the dtype).
 * - `OneHot` [indices(int32)] {depth, onValue, offValue, dtype} → [...indices.shape, depth].
 * - `TopK` [x of shape [outer, inner]] {k, sorted} → values [outer, k], indices [outer, k] (int32);
 *   ties go to the lower index.
 */
export const OTHER_KERNELS = [
  'Select', 'AddN', 'Sum', 'Prod', 'Max', 'Min', 'All', 'Any', 'ArgMax', 'ArgMin',
  'Softmax', 'LogSoftmax', 'BatchMatMul', 'Conv2D', 'DepthwiseConv2dNative', 'Conv2DBackpropInput',
  'MaxPool', 'AvgPool', 'Transpose', 'Slice', 'Concat', 'Pad', 'Gather', 'Tile',
  'ResizeBilinear', 'ResizeNearestNeighbor', 'OneHot', 'TopK',
] as const;

/** Activations the fused kernels (BatchMatMul, Conv2D, DepthwiseConv2dNative) apply. */
export type Activation = 'linear' | 'relu' | 'relu6' | 'elu' | 'leakyrelu' | 'prelu' | 'sigmoid';
export const ACTIVATIONS: readonly Activation[] = ['linear', 'relu', 'relu6', 'elu', 'leakyrelu', 'prelu', 'sigmoid'];

/** Attributes of the fused kernels. */
export interface FusedAttrs {
  activation: Activation;
  leakyreluAlpha: number;
  hasBias: boolean;
  hasPreluAlpha: boolean;
}

/**
 * Kernels of the extended op set (inputs → attrs → output):
 *
 * - `Cumsum` [x of shape [outer, n, inner]] {exclusive, reverse} → same shape, summed along n.
 * - `Reverse` [x] {axes: number[]} → x reversed along those axes.
 * - `MirrorPad` [x] {paddings: [before, after][], mode: 'reflect' | 'symmetric'}.
 * - `StridedSlice` [x] {begin: number[], strides: number[], size: number[]} with one entry per axis:
 *   output index i of an axis reads begin + i·stride (strides may be negative; all in range).
 * - `GatherNd` [x of shape [...batch(k dims), ...slice], indices int32 [n, k]] → [n, sliceSize]
 *   (out-of-range index rows are rejected by the front end).
 * - `ScatterNd` [indices int32 [n, k], updates [n, sliceSize]] {shape} → a zero tensor of `shape`
 *   with each update row added at its index (duplicates add up).
 * - `LRN` [x NHWC] {depthRadius, bias, alpha, beta}: x / (bias + alpha·Σ x²)^beta over channels.
 * - `CropAndResize` [image NHWC, boxes [n, 4] (y1, x1, y2, x2 normalised), boxInd int32 [n]]
 *   {cropHeight, cropWidth, method: 'bilinear' | 'nearest', extrapolationValue} → [n, ch, cw, C] float32.
 * - `Conv3D` [x NDHWC, filter DHWIO] {info: Conv3DInfo}; `Conv3DBackpropInput` [dy, filter]
 *   {info: Conv3DInfo of the forward conv} (conv3dTranspose).
 * - `MaxPool3D`, `AvgPool3D` [x] {info: Conv3DInfo with outC = inC}.
 * - `MaxPoolWithArgmax` [x] {info: Conv2DInfo, includeBatchInIndex} → [pooled, argmax int32] where
 *   argmax is the flat index ((b·H + y)·W + x)·C + c (b only when includeBatchInIndex).
 */
export const EXTENDED_KERNELS = [
  'Cumsum', 'Reverse', 'MirrorPad', 'StridedSlice', 'GatherNd', 'ScatterNd', 'LRN', 'CropAndResize',
  'Conv3D', 'Conv3DBackpropInput', 'MaxPool3D', 'AvgPool3D', 'MaxPoolWithArgmax',
] as const;

/**
 * Backward kernels: gradients that autograd's rules (src/autograd/gradients/conv.ts) need and no
 * forward kernel computes. All return float32. `info` is always the plan of the FORWARD op.
 *
 * - `Conv2DBackpropFilter` [x, dy] {info: Conv2DInfo} → dW [fh, fw, inC, outC]:
 *   dW[kh, kw, c, o] = Σ_{b, oh, ow} x[b, oh·strideH − padTop + kh·dilationH, ow·strideW − padLeft + kw·dilationW, c]
 *   · dy[b, oh, ow, o] (taps in the padding count as 0). (Conv2DBackpropInput is the other half of conv2d's gradient.)
 * - `DepthwiseConv2dNativeBackpropInput` [dy, filter] {info} → dx [batch, inH, inW, inC].
 * - `DepthwiseConv2dNativeBackpropFilter` [x, dy] {info} → dW [fh, fw, inC, multiplier].
 * - `MaxPoolGrad` [dy, x] {info} → dx shaped like x: each dy value goes to the FIRST maximum of its
 *   window in row-major tap order (TensorFlow's rule; a NaN counts as the maximum, the first NaN
 *   wins, as in the forward pool); overlapping windows add up.
 * - `MaxPoolGradGrad` [x, g] {info} → pooled shape: g (shaped like x) read at each window's first
 *   maximum (the adjoint of MaxPoolGrad in dy: second-order gradients).
 * - `AvgPoolGrad` [dy] {info, inShape} → dx of inShape: each dy value divided by the number of real
 *   cells of its window (the forward's divisor) and added to each of them.
 * - `ResizeBilinearGrad`, `ResizeNearestNeighborGrad` [dy, x] {alignCorners, halfPixelCenters} → dx
 *   shaped like x (x gives only the shape): the exact adjoints of the forward resizes.
 * - `Conv3DBackpropFilter` [x, dy] {info: Conv3DInfo} → dW [fd, fh, fw, inC, outC].
 * - `MaxPool3DGrad` [dy, x] {info}, `MaxPool3DGradGrad` [x, g] {info}, `AvgPool3DGrad` [dy]
 *   {info, inShape}: as the 2-D ones, over NDHWC.
 * - `LRNGrad` [dy, x] {depthRadius, bias, alpha, beta} → dx shaped like x.
 * - `CropAndResizeGradImage` [dy, boxes, boxInd int32] {imageShape, method} → image-shaped gradient
 *   (samples outside the image, which took the extrapolation value, send nothing back).
 * - `CropAndResizeGradBoxes` [dy, image, boxes, boxInd int32] {method} → [n, 4]: the gradient in
 *   (y1, x1, y2, x2) through the bilinear sample positions; zeros for 'nearest'.
 */
export const BACKWARD_KERNELS = [
  'Conv2DBackpropFilter', 'DepthwiseConv2dNativeBackpropInput', 'DepthwiseConv2dNativeBackpropFilter',
  'MaxPoolGrad', 'MaxPoolGradGrad', 'AvgPoolGrad', 'ResizeBilinearGrad', 'ResizeNearestNeighborGrad',
  'Conv3DBackpropFilter', 'MaxPool3DGrad', 'MaxPool3DGradGrad', 'AvgPool3DGrad', 'LRNGrad',
  'CropAndResizeGradImage', 'CropAndResizeGradBoxes',
] as const;

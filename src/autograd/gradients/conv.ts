import type { KernelAttrs } from '../../core/backend.js';
import {
  ENGINE, add, greaterEqual, reshape, scatterND, where, zerosLike, type Tensor,
} from '../../tensor/index.js';
import { registerGradient, type SavedCall } from '../registry.js';
import { fusedGradients } from './fused.js';

/**
 * Gradients of convolutions, pools, resizes, LRN and cropAndResize. They run the backward kernels
 * of core/kernels.ts (BACKWARD_KERNELS) and the forward ones; `info` in the attributes is always
 * the plan of the forward op, so every kernel of a family shares it.
 *
 * The backward kernels have rules too where they are linear in the gradient they carry (their
 * adjoints are forward kernels), so second-order gradients (a gradient penalty, a Hessian-vector
 * product) work through convolutions, pools and resizes. LRNGrad, CropAndResizeGradImage and
 * CropAndResizeGradBoxes have no rule: differentiating through them raises `grad.noRule`.
 */

const run1 = (name: string, inputs: Tensor[], attrs: KernelAttrs): Tensor =>
  ENGINE.runKernel(name, inputs, attrs, `${name} (gradient)`)[0];

/** Attributes of an unfused forward convolution (Conv2D, DepthwiseConv2dNative). */
const convAttrs = (info: unknown): KernelAttrs =>
  ({ info, activation: 'linear', leakyreluAlpha: 0.2, hasBias: false, hasPreluAlpha: false });

// ---- 2-D convolutions -------------------------------------------------------------------------

/**
 * A fused convolution [x, filter, bias?, preluAlpha?]: fusedGradients gives the gradient before the
 * activation (dz) and those of bias and alpha; dx and dFilter are the two backward kernels of dz.
 */
function fusedConvRule(kind: 'Conv2D' | 'DepthwiseConv2dNative', backInput: string, backFilter: string): void {
  registerGradient(kind, ([dy], call: SavedCall) => {
    const { inputs, attrs } = call;
    const [x, filter] = inputs;
    const info = attrs.info;
    const { dz, dBias, dAlpha } = fusedGradients(dy, call, () =>
      // prelu's alpha gradient needs z = conv + bias, which y alone does not give back.
      run1(kind, attrs.hasBias ? [x, filter, inputs[2]] : [x, filter], { ...attrs, activation: 'linear', hasPreluAlpha: false }));
    const out: (Tensor | null)[] = [run1(backInput, [dz, filter], { info }), run1(backFilter, [x, dz], { info })];
    if (attrs.hasBias) out.push(dBias);
    if (attrs.hasPreluAlpha) out.push(dAlpha);
    return out;
  });
}
fusedConvRule('Conv2D', 'Conv2DBackpropInput', 'Conv2DBackpropFilter');
fusedConvRule('DepthwiseConv2dNative', 'DepthwiseConv2dNativeBackpropInput', 'DepthwiseConv2dNativeBackpropFilter');

/**
 * The two "backprop" kernels of a convolution are bilinear: with F the forward conv,
 * BackpropInput(dy, w) = Fᵀ(dy; w) and BackpropFilter(x, dy) = the filter gradient. Their
 * gradients are the forward conv and the other backprop kernel:
 * - BackpropInput [dy, w], output gradient g: d dy = F(g, w), d w = BackpropFilter(g, dy);
 * - BackpropFilter [x, dy], output gradient h: d x = BackpropInput(dy, h), d dy = F(x, h).
 */
function bilinearConvRules(forward: string, backInput: string, backFilter: string, forwardAttrs: (info: unknown) => KernelAttrs): void {
  registerGradient(backInput, ([g], { inputs: [dy, w], attrs }) =>
    [run1(forward, [g, w], forwardAttrs(attrs.info)), run1(backFilter, [g, dy], { info: attrs.info })]);
  registerGradient(backFilter, ([h], { inputs: [x, dy], attrs }) =>
    [run1(backInput, [dy, h], { info: attrs.info }), run1(forward, [x, h], forwardAttrs(attrs.info))]);
}
// Conv2DBackpropInput is also conv2dTranspose's forward kernel.
bilinearConvRules('Conv2D', 'Conv2DBackpropInput', 'Conv2DBackpropFilter', convAttrs);
bilinearConvRules('DepthwiseConv2dNative', 'DepthwiseConv2dNativeBackpropInput', 'DepthwiseConv2dNativeBackpropFilter', convAttrs);
registerGradient('Conv3D', ([dy], { inputs: [x, filter], attrs: { info } }) =>
  [run1('Conv3DBackpropInput', [dy, filter], { info }), run1('Conv3DBackpropFilter', [x, dy], { info })]);
bilinearConvRules('Conv3D', 'Conv3DBackpropInput', 'Conv3DBackpropFilter', (info) => ({ info }));

// ---- pools ------------------------------------------------------------------------------------

/**
 * Max pools: the gradient goes to each window's first maximum (MaxPoolGrad). MaxPoolGrad is linear
 * in dy, with MaxPoolGradGrad (read at the maxima) as its adjoint, and piecewise constant in x (its
 * x-gradient is zero wherever it exists).
 */
function maxPoolRules(pool: string, grad: string, gradGrad: string): void {
  registerGradient(pool, ([dy], { inputs: [x], attrs: { info } }) => [run1(grad, [dy, x], { info })]);
  registerGradient(grad, ([h], { inputs: [, x], attrs: { info } }) => [run1(gradGrad, [x, h], { info }), zerosLike(x)]);
  registerGradient(gradGrad, ([h], { inputs: [x], attrs: { info } }) => [zerosLike(x), run1(grad, [h, x], { info })]);
}
maxPoolRules('MaxPool', 'MaxPoolGrad', 'MaxPoolGradGrad');
maxPoolRules('MaxPool3D', 'MaxPool3DGrad', 'MaxPool3DGradGrad');

/** Average pools are linear: AvgPoolGrad is the adjoint of AvgPool and the other way round. */
function avgPoolRules(pool: string, grad: string): void {
  registerGradient(pool, ([dy], { inputs: [x], attrs: { info } }) => [run1(grad, [dy], { info, inShape: [...x.shape] })]);
  registerGradient(grad, ([h], { attrs: { info } }) => [run1(pool, [h], { info })]);
}
avgPoolRules('AvgPool', 'AvgPoolGrad');
avgPoolRules('AvgPool3D', 'AvgPool3DGrad');

/**
 * MaxPoolWithArgmax: the pooled values' gradient is scattered to the argmax the kernel reported
 * (so ties and NaNs follow that kernel's choice exactly); the int32 indices have no gradient.
 */
registerGradient('MaxPoolWithArgmax', ([dy], { inputs: [x], outputs: [, idx], attrs }) => {
  const [B, H, W, C] = x.shape;
  // A window with no real cell (all padding) reports -1; it sends nothing back.
  const valid = greaterEqual(idx, 0);
  let flat = idx;
  if (!attrs.includeBatchInIndex && B > 1) {
    const offsets = new Int32Array(B);
    for (let b = 0; b < B; b++) offsets[b] = b * H * W * C;
    flat = add(idx, ENGINE.makeTensor(offsets, [B, 1, 1, 1], 'int32'));
  }
  const n = dy.size;
  const indices = reshape(where(valid, flat, zerosLike(flat)), [n, 1]);
  const updates = reshape(where(valid, dy, zerosLike(dy)), [n]);
  return [reshape(scatterND(indices, updates, [x.size]), x.shape)];
});

// ---- resizes ----------------------------------------------------------------------------------

/** Resizes are linear in the image: the Grad kernels are their adjoints, and the other way round. */
function resizeRules(resize: string, grad: string): void {
  registerGradient(resize, ([dy], { inputs: [x], attrs }) =>
    // Nearest keeps int dtypes, which carry no gradient.
    [x.dtype === 'float32' ? run1(grad, [dy, x], { alignCorners: attrs.alignCorners, halfPixelCenters: attrs.halfPixelCenters }) : null]);
  registerGradient(grad, ([h], { inputs: [dy], attrs }) => [
    run1(resize, [h], { newHeight: dy.shape[1], newWidth: dy.shape[2], alignCorners: attrs.alignCorners, halfPixelCenters: attrs.halfPixelCenters }),
    null, // x gives only the shape
  ]);
}
resizeRules('ResizeBilinear', 'ResizeBilinearGrad');
resizeRules('ResizeNearestNeighbor', 'ResizeNearestNeighborGrad');

// ---- LRN, cropAndResize -----------------------------------------------------------------------

registerGradient('LRN', ([dy], { inputs: [x], attrs }) => [run1('LRNGrad', [dy, x], attrs)]);

registerGradient('CropAndResize', ([dy], { inputs: [image, boxes, boxInd], attrs }) => [
  run1('CropAndResizeGradImage', [dy, boxes, boxInd], { imageShape: [...image.shape], method: attrs.method }),
  run1('CropAndResizeGradBoxes', [dy, image, boxes, boxInd], { method: attrs.method }),
  null, // box indices are integers
]);

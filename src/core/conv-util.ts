/**
 * Output-size and padding arithmetic of convolutions and pools, with TensorFlow's semantics.
 * Used by the front end (to check and plan) and by every backend (to run), so both agree.
 */

/** Explicit padding as TF.js takes it for NHWC: `[[0,0],[top,bottom],[left,right],[0,0]]`. */
export type ExplicitPadding = readonly (readonly [number, number])[];

/** The padding forms ops accept. A number pads every side by that much. */
export type PaddingSpec = 'same' | 'valid' | number | ExplicitPadding;

/** How output sizes are rounded when a numeric padding does not divide evenly. */
export type RoundingMode = 'floor' | 'round' | 'ceil';

/** Everything a backend needs to run a 2-D convolution or pool. All sizes in elements. */
export interface Conv2DInfo {
  batch: number;
  inH: number;
  inW: number;
  inC: number;
  outH: number;
  outW: number;
  outC: number;
  filterH: number;
  filterW: number;
  strideH: number;
  strideW: number;
  dilationH: number;
  dilationW: number;
  padTop: number;
  padBottom: number;
  padLeft: number;
  padRight: number;
  /** Depthwise channel multiplier (1 for ordinary convolutions and pools). */
  channelMultiplier: number;
}

/** The filter's extent once dilated: `(k - 1) * d + 1`. */
export function effectiveSize(k: number, d: number): number {
  return (k - 1) * d + 1;
}

function round(v: number, mode: RoundingMode | undefined): number {
  if (mode === 'ceil') return Math.ceil(v);
  if (mode === 'round') return Math.round(v);
  return Math.floor(v);
}

/**
 * Computes output size and padding of one spatial dimension.
 * TensorFlow's rules: 'same' → ceil(in/stride), padding split with the extra pixel at the end;
 * 'valid' → ceil((in - effK + 1)/stride); numbers and explicit pads → floor((in + pads - effK)/stride) + 1.
 */
export function outputSizeAndPad(
  inSize: number,
  k: number,
  stride: number,
  dilation: number,
  pad: 'same' | 'valid' | number | readonly [number, number],
  roundingMode?: RoundingMode,
): { out: number; before: number; after: number } {
  const effK = effectiveSize(k, dilation);
  if (pad === 'same') {
    const out = Math.ceil(inSize / stride);
    const total = Math.max(0, (out - 1) * stride + effK - inSize);
    const before = Math.floor(total / 2);
    return { out, before, after: total - before };
  }
  if (pad === 'valid') {
    return { out: Math.max(0, Math.ceil((inSize - effK + 1) / stride)), before: 0, after: 0 };
  }
  if (typeof pad === 'number') {
    const out = round((inSize - effK + 2 * pad) / stride + 1, roundingMode);
    return { out: Math.max(0, out), before: pad, after: pad };
  }
  const [before, after] = pad;
  const out = Math.floor((inSize + before + after - effK) / stride) + 1;
  return { out: Math.max(0, out), before, after };
}

/**
 * Plans a 2-D convolution (or pool, or depthwise convolution) over NHWC input.
 * `filterShape` is `[filterH, filterW, inC, outC]`, or `[filterH, filterW, inC, multiplier]` when
 * `depthwise` is true (then outC = inC · multiplier).
 */
export function computeConv2DInfo(
  xShape: readonly number[],
  filterShape: readonly number[],
  strides: readonly [number, number],
  dilations: readonly [number, number],
  pad: PaddingSpec,
  roundingMode?: RoundingMode,
  depthwise = false,
): Conv2DInfo {
  const [batch, inH, inW, inC] = xShape;
  const [filterH, filterW, , fourth] = filterShape;
  const [strideH, strideW] = strides;
  const [dilationH, dilationW] = dilations;
  const padH = typeof pad === 'string' || typeof pad === 'number' ? pad : pad[1];
  const padW = typeof pad === 'string' || typeof pad === 'number' ? pad : pad[2];
  const h = outputSizeAndPad(inH, filterH, strideH, dilationH, padH, roundingMode);
  const w = outputSizeAndPad(inW, filterW, strideW, dilationW, padW, roundingMode);
  return {
    batch, inH, inW, inC,
    outH: h.out, outW: w.out,
    outC: depthwise ? inC * fourth : fourth,
    filterH, filterW, strideH, strideW, dilationH, dilationW,
    padTop: h.before, padBottom: h.after, padLeft: w.before, padRight: w.after,
    channelMultiplier: depthwise ? fourth : 1,
  };
}

/** Everything a backend needs to run a 3-D convolution or pool over NDHWC input. */
export interface Conv3DInfo {
  batch: number;
  inD: number; inH: number; inW: number; inC: number;
  outD: number; outH: number; outW: number; outC: number;
  filterD: number; filterH: number; filterW: number;
  strideD: number; strideH: number; strideW: number;
  dilationD: number; dilationH: number; dilationW: number;
  padFront: number; padTop: number; padLeft: number;
  padBack: number; padBottom: number; padRight: number;
}

/**
 * Plans a 3-D convolution (filter `[fd, fh, fw, inC, outC]`) or pool over NDHWC input.
 * Padding is 'same', 'valid' or a number (every side), with TensorFlow's rules as in 2-D.
 */
export function computeConv3DInfo(
  xShape: readonly number[],
  filterShape: readonly number[],
  strides: readonly [number, number, number],
  dilations: readonly [number, number, number],
  pad: 'same' | 'valid' | number,
  roundingMode?: RoundingMode,
): Conv3DInfo {
  const [batch, inD, inH, inW, inC] = xShape;
  const [filterD, filterH, filterW, , outC] = filterShape;
  const d = outputSizeAndPad(inD, filterD, strides[0], dilations[0], pad, roundingMode);
  const h = outputSizeAndPad(inH, filterH, strides[1], dilations[1], pad, roundingMode);
  const w = outputSizeAndPad(inW, filterW, strides[2], dilations[2], pad, roundingMode);
  return {
    batch, inD, inH, inW, inC, outD: d.out, outH: h.out, outW: w.out, outC,
    filterD, filterH, filterW,
    strideD: strides[0], strideH: strides[1], strideW: strides[2],
    dilationD: dilations[0], dilationH: dilations[1], dilationW: dilations[2],
    padFront: d.before, padTop: h.before, padLeft: w.before,
    padBack: d.after, padBottom: h.after, padRight: w.after,
  };
}

import { describeValue } from '../../errors/index.js';
import { toTensor, type TensorLike } from '../convert.js';
import { ENGINE } from '../engine.js';
import type { Tensor } from '../tensor.js';
import { asFloat, badArg, cast, checkInt, checkNumber, checkRank, run } from './op-utils.js';

/**
 * Crops boxes out of a batch of images and resizes each crop (TensorFlow's sampling; boxes are
 * `[y1, x1, y2, x2]` in [0, 1]; points outside the image get `extrapolationValue`).
 *
 * @example
 * sprout.image.cropAndResize(sprout.ones([1, 4, 4, 3]), [[0, 0, 0.5, 0.5]], [0], [2, 2]).shape; // [1, 2, 2, 3]
 */
export function cropAndResize(
  image: TensorLike, boxes: TensorLike, boxInd: TensorLike, cropSize: [number, number],
  method: 'bilinear' | 'nearest' = 'bilinear', extrapolationValue = 0,
): Tensor {
  return ENGINE.tidy(() => {
    const op = 'image.cropAndResize';
    const img = asFloat(toTensor(image, 'image', op));
    const bx = asFloat(toTensor(boxes, 'boxes', op));
    const bi = cast(toTensor(boxInd, 'boxInd', op, 'int32'), 'int32');
    checkRank(op, 'image', img, 4);
    checkRank(op, 'boxes', bx, 2);
    checkRank(op, 'boxInd', bi, 1);
    if (bx.shape[1] !== 4) badArg(op, 'boxes', 'must have shape [numBoxes, 4]', `shape [${bx.shape}]`);
    if (bi.shape[0] !== bx.shape[0]) badArg(op, 'boxInd', `must have one entry per box (${bx.shape[0]})`, `${bi.shape[0]}`);
    if (!Array.isArray(cropSize) || cropSize.length !== 2 || !cropSize.every((d) => Number.isInteger(d) && d > 0)) {
      badArg(op, 'cropSize', 'must be [height, width] of positive integers', Array.isArray(cropSize) ? JSON.stringify(cropSize) : describeValue(cropSize));
    }
    if (method !== 'bilinear' && method !== 'nearest') badArg(op, 'method', "must be 'bilinear' or 'nearest'", describeValue(method));
    checkNumber(op, 'extrapolationValue', extrapolationValue);
    if (ENGINE.backend().readSync) {
      const v = bi.dataSync();
      for (let i = 0; i < v.length; i++) if (v[i] < 0 || v[i] >= img.shape[0]) badArg(op, 'boxInd', `must be in [0, ${img.shape[0] - 1}]`, `${v[i]} (box ${i + 1})`);
    }
    return run('CropAndResize', [img, bx, bi], { cropHeight: cropSize[0], cropWidth: cropSize[1], method, extrapolationValue }, op);
  });
}

interface NmsArgs {
  boxes: Float32Array | Int32Array | Uint8Array;
  scores: Float32Array | Int32Array | Uint8Array;
  maxOutputSize: number;
  iouThreshold: number;
  scoreThreshold: number;
  softNmsSigma: number;
}

function checkNms(op: string, boxes: TensorLike, scores: TensorLike, maxOutputSize: number, iouThreshold: number, scoreThreshold: number): [Tensor, Tensor] {
  return ENGINE.tidy(() => {
    const b = toTensor(boxes, 'boxes', op), s = toTensor(scores, 'scores', op);
    checkRank(op, 'boxes', b, 2);
    checkRank(op, 'scores', s, 1);
    if (b.shape[1] !== 4) badArg(op, 'boxes', 'must have shape [numBoxes, 4]', `shape [${b.shape}]`);
    if (s.shape[0] !== b.shape[0]) badArg(op, 'scores', `must have one score per box (${b.shape[0]})`, `${s.shape[0]}`);
    checkInt(op, 'maxOutputSize', maxOutputSize, 0);
    if (typeof iouThreshold !== 'number' || !(iouThreshold >= 0 && iouThreshold <= 1)) badArg(op, 'iouThreshold', 'must be in [0, 1]', describeValue(iouThreshold));
    checkNumber(op, 'scoreThreshold', scoreThreshold);
    return [b, s];
  });
}

function iou(boxes: NmsArgs['boxes'], i: number, j: number): number {
  const yminI = Math.min(boxes[i * 4], boxes[i * 4 + 2]), ymaxI = Math.max(boxes[i * 4], boxes[i * 4 + 2]);
  const xminI = Math.min(boxes[i * 4 + 1], boxes[i * 4 + 3]), xmaxI = Math.max(boxes[i * 4 + 1], boxes[i * 4 + 3]);
  const yminJ = Math.min(boxes[j * 4], boxes[j * 4 + 2]), ymaxJ = Math.max(boxes[j * 4], boxes[j * 4 + 2]);
  const xminJ = Math.min(boxes[j * 4 + 1], boxes[j * 4 + 3]), xmaxJ = Math.max(boxes[j * 4 + 1], boxes[j * 4 + 3]);
  const areaI = (ymaxI - yminI) * (xmaxI - xminI), areaJ = (ymaxJ - yminJ) * (xmaxJ - xminJ);
  if (areaI <= 0 || areaJ <= 0) return 0;
  const h = Math.max(Math.min(ymaxI, ymaxJ) - Math.max(yminI, yminJ), 0);
  const w = Math.max(Math.min(xmaxI, xmaxJ) - Math.max(xminI, xminJ), 0);
  const inter = h * w;
  return inter / (areaI + areaJ - inter);
}

/**
 * Greedy (soft-)NMS as TensorFlow: candidates above the score threshold by descending score (ties:
 * lower index first); a candidate overlapping a kept box by IoU ≥ threshold is dropped; with
 * softNmsSigma > 0, overlaps decay the score by exp(-iou²/(2σ)) instead.
 */
function nms(a: NmsArgs): { indices: number[]; scores: number[] } {
  type Cand = { score: number; index: number; checkedUpTo: number };
  const cands: Cand[] = [];
  for (let i = 0; i < a.scores.length; i++) if (a.scores[i] > a.scoreThreshold) cands.push({ score: a.scores[i], index: i, checkedUpTo: 0 });
  const byScore = (p: Cand, q: Cand) => (q.score - p.score) || (p.index - q.index);
  cands.sort(byScore);
  const scale = a.softNmsSigma > 0 ? -0.5 / a.softNmsSigma : 0;
  const indices: number[] = [], scores: number[] = [];
  while (indices.length < a.maxOutputSize && cands.length) {
    const c = cands.shift() as Cand;
    const original = c.score;
    let drop = false;
    for (let j = indices.length - 1; j >= c.checkedUpTo; j--) {
      const overlap = iou(a.boxes, c.index, indices[j]);
      if (overlap >= a.iouThreshold) { drop = true; break; }
      if (scale) c.score *= Math.exp(scale * overlap * overlap);
      if (c.score <= a.scoreThreshold) break;
    }
    c.checkedUpTo = indices.length;
    if (drop) continue;
    if (c.score === original) {
      indices.push(c.index);
      scores.push(c.score);
    } else if (c.score > a.scoreThreshold) {
      // A decayed score goes back into the queue at its new rank.
      let at = cands.findIndex((o) => byScore(c, o) < 0);
      if (at < 0) at = cands.length;
      cands.splice(at, 0, c);
    }
  }
  return { indices, scores };
}

function nmsSync(op: string, boxes: TensorLike, scores: TensorLike, maxOutputSize: number, iouThreshold: number, scoreThreshold: number, softNmsSigma: number) {
  const [b, s] = checkNms(op, boxes, scores, maxOutputSize, iouThreshold, scoreThreshold);
  return nms({ boxes: b.dataSync(), scores: s.dataSync(), maxOutputSize, iouThreshold, scoreThreshold, softNmsSigma });
}

async function nmsAsync(op: string, boxes: TensorLike, scores: TensorLike, maxOutputSize: number, iouThreshold: number, scoreThreshold: number, softNmsSigma: number) {
  const [b, s] = checkNms(op, boxes, scores, maxOutputSize, iouThreshold, scoreThreshold);
  const [bv, sv] = await Promise.all([b.data(), s.data()]);
  return nms({ boxes: bv, scores: sv, maxOutputSize, iouThreshold, scoreThreshold, softNmsSigma });
}

function checkSigma(op: string, sigma: number): void {
  if (typeof sigma !== 'number' || !(sigma >= 0)) badArg(op, 'softNmsSigma', 'must be a number ≥ 0', describeValue(sigma));
}

const int32 = (v: number[]) => ENGINE.makeTensor(Int32Array.from(v), [v.length], 'int32');
const float32 = (v: number[]) => ENGINE.makeTensor(Float32Array.from(v), [v.length], 'float32');

/**
 * Non-max suppression: indices of the boxes to keep, best first.
 *
 * @example
 * sprout.image.nonMaxSuppression([[0, 0, 1, 1], [0, 0, 0.9, 1], [0, 2, 1, 3]], [0.9, 0.8, 0.7], 3, 0.5).print(); // [0, 2]
 */
export function nonMaxSuppression(boxes: TensorLike, scores: TensorLike, maxOutputSize: number, iouThreshold = 0.5, scoreThreshold = -Infinity): Tensor {
  return ENGINE.tidy(() => {
    return int32(nmsSync('image.nonMaxSuppression', boxes, scores, maxOutputSize, iouThreshold, scoreThreshold, 0).indices);
  });
}

/** `nonMaxSuppression` that reads the data asynchronously (for GPU backends). @example const keep = await sprout.image.nonMaxSuppressionAsync(boxes, scores, 10); */
export async function nonMaxSuppressionAsync(boxes: TensorLike, scores: TensorLike, maxOutputSize: number, iouThreshold = 0.5, scoreThreshold = -Infinity): Promise<Tensor> {
  return int32((await nmsAsync('image.nonMaxSuppressionAsync', boxes, scores, maxOutputSize, iouThreshold, scoreThreshold, 0)).indices);
}

/**
 * Non-max suppression returning the kept indices and their scores; with `softNmsSigma` > 0,
 * Soft-NMS (overlapping boxes have their scores decayed instead of dropped).
 *
 * @example
 * const { selectedIndices, selectedScores } = sprout.image.nonMaxSuppressionWithScore(boxes, scores, 10, 0.5, 0, 0.5);
 */
export function nonMaxSuppressionWithScore(
  boxes: TensorLike, scores: TensorLike, maxOutputSize: number, iouThreshold = 0.5, scoreThreshold = -Infinity, softNmsSigma = 0,
): { selectedIndices: Tensor; selectedScores: Tensor } {
  return ENGINE.tidy(() => {
    checkSigma('image.nonMaxSuppressionWithScore', softNmsSigma);
  const r = nmsSync('image.nonMaxSuppressionWithScore', boxes, scores, maxOutputSize, iouThreshold, scoreThreshold, softNmsSigma);
    return { selectedIndices: int32(r.indices), selectedScores: float32(r.scores) };
  });
}

/** Async form of `nonMaxSuppressionWithScore`. @example const r = await sprout.image.nonMaxSuppressionWithScoreAsync(boxes, scores, 10); */
export async function nonMaxSuppressionWithScoreAsync(
  boxes: TensorLike, scores: TensorLike, maxOutputSize: number, iouThreshold = 0.5, scoreThreshold = -Infinity, softNmsSigma = 0,
): Promise<{ selectedIndices: Tensor; selectedScores: Tensor }> {
  checkSigma('image.nonMaxSuppressionWithScoreAsync', softNmsSigma);
  const r = await nmsAsync('image.nonMaxSuppressionWithScoreAsync', boxes, scores, maxOutputSize, iouThreshold, scoreThreshold, softNmsSigma);
  return { selectedIndices: int32(r.indices), selectedScores: float32(r.scores) };
}

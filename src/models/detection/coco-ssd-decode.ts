/**
 * Post-processing of the COCO-SSD graph model (SSD MobileNet V2, 1917 anchors, 90 classes).
 *
 * The graph already decodes the box encodings against its anchors (its 'Postprocessor/Decode'
 * nodes), so its two outputs are per-class scores [1, N, 90] (after a sigmoid) and boxes
 * [1, N, 1, 4] as [yMin, xMin, yMax, xMax] in 0..1. What remains, done the way
 * @tensorflow-models/coco-ssd does it: the best class of each box, non-max suppression over
 * those best scores (that package passes its minimum score as the IoU threshold too, so the
 * defaults here are 0.5 and 0.5), and boxes scaled to the image as [x, y, width, height].
 */
import { raise } from '../../errors/index.js';
import { nonMaxSuppression, tensor, type Tensor } from '../../tensor/index.js';

/** One detected object: its box in pixels as [x, y, width, height], label and score. */
export interface DetectedObject {
  bbox: [number, number, number, number];
  /** The COCO class name (from `labels`), or the class number as text when there are no labels. */
  label: string;
  /** COCO class id (1..90). */
  classId: number;
  score: number;
}

export interface CocoSsdDecodeOptions {
  /** Most objects to return (default 20). */
  maxObjects?: number;
  /** Lowest score kept (default 0.5). */
  minScore?: number;
  /** IoU above which a weaker overlapping box is dropped (default: minScore, as coco-ssd does). */
  iouThreshold?: number;
  /** Class names by COCO id (1..90). */
  labels?: Record<number, string>;
}

/**
 * The best class (index into the score columns) and its score, for each of `numBoxes` boxes.
 *
 * @example
 * const { maxScores, classes } = bestClasses(scores.dataSync(), 1917, 90);
 */
export function bestClasses(scores: ArrayLike<number>, numBoxes: number, numClasses: number): { maxScores: Float32Array; classes: Int32Array } {
  const maxScores = new Float32Array(numBoxes);
  const classes = new Int32Array(numBoxes);
  for (let i = 0; i < numBoxes; i++) {
    let best = Number.MIN_VALUE;
    let at = -1;
    for (let j = 0; j < numClasses; j++) {
      const v = scores[i * numClasses + j];
      if (v > best) { best = v; at = j; }
    }
    maxScores[i] = best;
    classes[i] = at;
  }
  return { maxScores, classes };
}

/**
 * Turns COCO-SSD's raw outputs into objects for an image of `width`×`height` pixels.
 *
 * @example
 * const [scores, boxes] = await model.executeAsync(image) as sprout.Tensor[];
 * const objects = decodeCocoSsd(scores, boxes, 640, 480, { labels });
 * // [{ bbox: [x, y, w, h], label: 'dog', classId: 18, score: 0.98 }, …]
 */
export function decodeCocoSsd(scores: Tensor, boxes: Tensor, width: number, height: number, options: CocoSsdDecodeOptions = {}): DetectedObject[] {
  const op = 'decodeCocoSsd';
  if (scores.rank !== 3 || boxes.size !== scores.shape[1] * 4) {
    raise('op.badArgument', { op, param: 'scores, boxes', expected: 'must be COCO-SSD outputs: scores [1, N, classes] and boxes [1, N, 1, 4]', got: `[${scores.shape}] and [${boxes.shape}]` });
  }
  const minScore = options.minScore ?? 0.5;
  const iou = options.iouThreshold ?? minScore;
  const n = scores.shape[1];
  const { maxScores, classes } = bestClasses(scores.dataSync() as Float32Array, n, scores.shape[2]);
  const b = boxes.dataSync() as Float32Array;
  const boxesT = tensor(b.slice(0, n * 4), [n, 4]);
  const keepT = nonMaxSuppression(boxesT, maxScores, options.maxObjects ?? 20, iou, minScore);
  const keep = keepT.dataSync() as Int32Array;
  boxesT.dispose();
  keepT.dispose();
  return Array.from(keep, (i) => {
    const [y0, x0, y1, x1] = [b[i * 4] * height, b[i * 4 + 1] * width, b[i * 4 + 2] * height, b[i * 4 + 3] * width];
    const classId = classes[i] + 1;
    return { bbox: [x0, y0, x1 - x0, y1 - y0], label: options.labels?.[classId] ?? String(classId), classId, score: maxScores[i] };
  });
}

/**
 * Reads the class table of @tensorflow-models/coco-ssd's `dist/classes.js` as data (entries
 * `{ name: '…', id: N, displayName: '…' }`); the file is never run.
 *
 * @example
 * const labels = parseCocoClasses(text); // { 1: 'person', 2: 'bicycle', … }
 */
export function parseCocoClasses(text: string): Record<number, string> {
  const out: Record<number, string> = {};
  const re = /id:\s*(\d+)\s*,\s*displayName:\s*(['"])((?:(?!\2).)*)\2/g;
  for (let m = re.exec(text); m; m = re.exec(text)) out[Number(m[1])] = m[3];
  return out;
}

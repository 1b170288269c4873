/**
 * The zoo's contract: what a manifest says about a model and what `zoo.load(id)` gives back.
 * The task layer depends only on these types and on `zoo.load`; how the zoo builds, downloads,
 * checks and caches models stays behind them.
 */
import type { Tensor } from '../tensor/index.js';

/** How the original model expects its input image (the exact preprocessing it was trained with). */
export interface ZooImageInput {
  kind: 'image';
  /** Model input size in pixels. */
  height: number;
  width: number;
  /** 3 (RGB) or 1 (grayscale). */
  channels: 1 | 3;
  /**
   * Pixel values p in [0, 255] become (p / 255 − mean) / std per channel (mean and std given per
   * channel, or one number for all). Examples: MobileNet V1 layers `[-1, 1]` → mean 0.5, std 0.5;
   * Darknet `p / 255` → mean 0, std 1.
   */
  mean: number | number[];
  std: number | number[];
  /** How a picture of another size is fitted: squashed to size, or centre-cropped to square first. */
  resize: 'stretch' | 'center-crop';
  /** Resampling used for resizing (bilinear uses half-pixel centres unless `alignCorners`). */
  interpolation: 'bilinear' | 'nearest';
  alignCorners?: boolean;
  /**
   * True when the model takes pictures of any size and resizes them itself (COCO-SSD): `height` and
   * `width` are then its inner size, and `preprocessImage` leaves the picture's size alone.
   */
  anySize?: boolean;
  /** Dtype the model's input takes (MoveNet takes int32 pixels, most take float32). */
  dtype: 'float32' | 'int32';
}

/** A non-image input (audio frames for CREPE, …): shape and meaning only. */
export interface ZooOtherInput {
  kind: 'other';
  shape: number[];
  description: string;
}

/** One named output of a zoo model. */
export interface ZooOutput {
  /** Name passed to `ZooModel.execute` (e.g. 'logits', 'embedding', 'features'). */
  name: string;
  shape: number[];
  /** What the numbers mean, for the model card (e.g. 'probabilities over labels, softmax applied'). */
  meaning: string;
}

/** A zoo manifest (`zoo/<id>.json`), as the runtime sees it. */
export interface ZooManifest {
  id: string;
  title: string;
  /** Task names that can use the model: 'imageClassifier', 'featureExtractor', 'objectDetector', 'poseDetector', … */
  tasks: string[];
  version: string;
  license: string;
  attribution: string;
  /** Model card text for the site. */
  card: string;
  input: ZooImageInput | ZooOtherInput;
  outputs: ZooOutput[];
  /**
   * Labels: class names in output order, or null. When the first output column is a 'background'
   * class that no label stands for, `labelOffset` says how many leading columns to skip.
   */
  labels: string[] | null;
  labelOffset?: number;
  /** The built files (paths relative to the zoo folder), checked against their sha256 before use. */
  files?: { model: ZooFileInfo; weights: ZooFileInfo };
  /** Where the original weights come from (the build's input); see zoo/manifest.schema.json. */
  source?: ZooSource;
  /** How the build stored the weights and how far the outputs stay from the float32 original. */
  build?: ZooBuildInfo;
}

/** A file with its size and SHA-256 (hex). */
export interface ZooFileInfo {
  path: string;
  bytes: number;
  sha256: string;
}

/** The original model: its format, where to get it, and the hash of every file. */
export interface ZooSource {
  format: 'tflite' | 'layers' | 'graph';
  /** npm package holding `files` (paths inside the package); without it, paths are inside ../shared/zoo-sources. */
  npm?: { name: string; version: string };
  /** Public URL of the original model (for the card). */
  url: string;
  /** Every source file; `url` is where the build downloads it when no local copy is there; `npm` a package other than the source's. */
  files: (ZooFileInfo & { url?: string; npm?: { name: string; version: string } })[];
}

/** The build's record: tolerance asked for and what was measured on the check inputs. */
export interface ZooBuildInfo {
  /** Largest allowed |stored − float32 original| over the outputs, relative to max |original|. */
  tolerance: number;
  /** Measured relative difference of the stored model. */
  measured?: number;
  /** Number of constants per storage encoding (f32, f16, q8, pal, …). */
  encodings?: Record<string, number>;
}

/** Progress of one model's load, enough for a progress bar. */
export interface ZooProgress {
  id: string;
  status: 'download' | 'progress' | 'cached' | 'ready';
  /** Bytes loaded so far and in total (total 0 when unknown). */
  loaded: number;
  total: number;
}

export interface ZooLoadOptions {
  onProgress?: (p: ZooProgress) => void;
}

/** A loaded zoo model, ready to run. */
export interface ZooModel {
  readonly manifest: ZooManifest;
  /** Runs the model on a preprocessed batch and returns its first output (the caller owns it). */
  predict(x: Tensor): Tensor;
  /** Runs the model and returns the named outputs (default: all outputs, in manifest order). */
  execute(x: Tensor, outputs?: string[]): Tensor[];
  /** Peak bytes of intermediates during the last run. */
  readonly peakBytes: number;
  /** Frees the weights. */
  dispose(): void;
}

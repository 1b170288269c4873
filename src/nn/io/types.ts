/**
 * The shapes of saved models, identical to TF.js' `tf.io` types, so that handlers written for TF.js
 * (`{ save(artifacts) }`, `{ load() }`) work with Sprout and the other way around.
 */

/** One weight in a manifest. */
export interface WeightsManifestEntry {
  name: string;
  shape: number[];
  dtype: 'float32' | 'int32' | 'bool' | 'string' | 'complex64';
  /** How the values were quantized by the converter, when they were. */
  quantization?: { dtype: 'uint8' | 'uint16' | 'float16'; scale?: number; min?: number; original_dtype?: string };
  group?: string;
}

/** A group of weights stored in one or more files (shards). */
export interface WeightsManifestGroupConfig {
  paths: string[];
  weights: WeightsManifestEntry[];
}

/** The weights' bytes: one buffer, or shards to read one after the other. */
export type WeightData = ArrayBuffer | ArrayBuffer[];

/** Everything a saved model holds. */
export interface ModelArtifacts {
  /** The Keras topology JSON (`{ class_name, config, keras_version, backend }`). */
  modelTopology?: Record<string, unknown> | ArrayBuffer;
  /** 'layers-model' for models saved by Sprout or TF.js' layers API. */
  format?: string;
  generatedBy?: string;
  convertedBy?: string | null;
  weightSpecs?: WeightsManifestEntry[];
  weightData?: WeightData;
  trainingConfig?: Record<string, unknown>;
  userDefinedMetadata?: Record<string, unknown>;
  signature?: Record<string, unknown>;
  modelInitializer?: Record<string, unknown>;
}

/** model.json as written to files: the artifacts with a manifest instead of the weights. */
export interface ModelJSON {
  modelTopology: Record<string, unknown>;
  format?: string;
  generatedBy?: string;
  convertedBy?: string | null;
  weightsManifest: WeightsManifestGroupConfig[];
  trainingConfig?: Record<string, unknown>;
  userDefinedMetadata?: Record<string, unknown>;
  signature?: Record<string, unknown>;
  modelInitializer?: Record<string, unknown>;
}

/** Sizes and date of a save. */
export interface ModelArtifactsInfo {
  dateSaved: Date;
  modelTopologyType: 'JSON' | 'GraphDef';
  modelTopologyBytes?: number;
  weightSpecsBytes?: number;
  weightDataBytes?: number;
}

/** What `save` resolves to. */
export interface SaveResult {
  modelArtifactsInfo: ModelArtifactsInfo;
  responses?: Response[];
  errors?: Array<Record<string, unknown> | string>;
}

/** A place to save to and/or load from (TF.js' IOHandler). */
export interface IOHandler {
  save?: (artifacts: ModelArtifacts) => Promise<SaveResult> | SaveResult;
  load?: () => Promise<ModelArtifacts> | ModelArtifacts;
}

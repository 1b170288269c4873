/** Layer classes by Keras class name, to rebuild layers from saved configs. */
import { raise } from '../../errors/index.js';
import { noteLayerName } from './naming.js';
import type { Layer, LayerConfig } from './topology.js';

/** A layer class: built from its (camelCase) config. */
export interface LayerClass {
  className: string;
  new (args: never): Layer;
}

const REGISTRY = new Map<string, LayerClass>();
const ALIASES = new Map<string, string>();

/** Registers a layer class under its `className` (and aliases, e.g. Keras' 'Functional'). */
export function registerLayerClass(cls: LayerClass, ...aliases: string[]): void {
  REGISTRY.set(cls.className, cls);
  for (const a of aliases) ALIASES.set(a, cls.className);
}

/** The registered class of a name, if any. */
export function layerClass(className: string): LayerClass | undefined {
  return REGISTRY.get(ALIASES.get(className) ?? className);
}

/** The registered class names, sorted (for messages). */
export function registeredLayerClassNames(): string[] {
  return [...REGISTRY.keys()].sort();
}

/** Adapts configs written by Keras (Python) or older TF.js to what the layer classes take. */
function normalizeConfig(config: LayerConfig): LayerConfig {
  const c: LayerConfig = { ...config };
  if (c.batchShape && !c.batchInputShape) c.batchInputShape = c.batchShape;
  delete c.batchShape;
  // Keras 3 writes dtype policies: { className: 'DTypePolicy', config: { name: 'float32' } }.
  if (c.dtype && typeof c.dtype === 'object') c.dtype = 'float32';
  if (c.dtype !== undefined && c.dtype !== 'float32' && c.dtype !== 'int32' && c.dtype !== 'bool') c.dtype = 'float32';
  return c;
}

/** Builds a layer from `{ className, config }` (config in camelCase, as `toTs` gives it). */
export function deserializeLayer(className: string, config: LayerConfig): Layer {
  const cls = layerClass(className);
  if (!cls) raise('io.unknownLayer', { className, known: [...REGISTRY.keys()].sort().join(', ') });
  const c = normalizeConfig(config ?? {});
  if (typeof c.name === 'string') noteLayerName(c.name);
  const fromConfig = (cls as unknown as { fromConfig?: (c: LayerConfig) => Layer }).fromConfig;
  return fromConfig ? fromConfig.call(cls, c) : new (cls as unknown as new (a: LayerConfig) => Layer)(c);
}

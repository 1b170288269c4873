/** `Sequential`: a stack of layers, each feeding the next. */
import { raise } from '../../errors/index.js';
import { uniqueLayerName } from '../layers/naming.js';
import { deserializeLayer, registerLayerClass } from '../layers/registry.js';
import { InputLayer, Layer, SymbolicTensor, input, toList, type LayerConfig, type Shape } from '../layers/topology.js';
import { LayersModel } from './model.js';

/** Arguments of `sprout.sequential()`. */
export interface SequentialArgs {
  layers?: Layer[];
  name?: string;
}

/**
 * A model whose layers run one after the other. The first layer needs an `inputShape` (or the
 * model is built from the first data it sees).
 *
 * @example
 * const model = sprout.sequential();
 * model.add(sprout.layers.dense({ inputShape: [2], units: 4, activation: 'relu' }));
 * model.add(sprout.layers.dense({ units: 1 }));
 */
export class Sequential extends LayersModel {
  static override className = 'Sequential';
  /** Layers added before the input shape is known. */
  private pending: Layer[] = [];
  /** Whether the stack starts with an InputLayer that was added explicitly. */
  private explicitInput = false;

  constructor(args: SequentialArgs = {}) {
    super();
    this.name = args.name ?? uniqueLayerName('sequential');
    if (args.layers !== undefined && !Array.isArray(args.layers)) raise('layersModel.badLayers', { got: String(args.layers) });
    for (const l of args.layers ?? []) this.add(l);
  }

  /** The layers (without the automatic input layer). */
  override get layers(): Layer[] {
    return [...this.layerList.filter((l) => !(l instanceof InputLayer)), ...this.pending];
  }

  /**
   * Adds a layer on top of the stack.
   *
   * @example
   * model.add(sprout.layers.dense({ units: 10, activation: 'softmax' }));
   */
  add(layer: Layer): void {
    if (!(layer instanceof Layer)) raise('layersModel.notALayer', { model: this.name, got: String(layer) });
    if (this.layers.includes(layer)) raise('layersModel.duplicateName', { model: this.name, name: layer.name });
    if (this.outputs.length === 0) {
      if (layer instanceof InputLayer) {
        if (this.pending.length) raise('layersModel.inputLayerFirst', { model: this.name });
        const x = layer.inboundNodes[0].outputTensors[0];
        this.explicitInput = true;
        this.initGraph([x], [x]);
        return;
      }
      if (this.pending.length === 0) {
        const batchShape = layer.batchInputShape ?? (layer instanceof LayersModel && layer.inputs.length === 1 ? layer.inputs[0].shape : undefined);
        if (batchShape) {
          const x = input({ batchShape, dtype: layer.dtype, name: `${layer.name}_input` });
          this.connect(x, layer);
          return;
        }
      } else if (layer.batchInputShape) {
        raise('layersModel.inputShapeNotFirst', { model: this.name, layer: layer.name });
      }
      this.pending.push(layer);
      return;
    }
    const last = this.outputs.length === 1 ? this.outputs[0] : null;
    if (!last) raise('layersModel.multipleOutputs', { model: this.name });
    this.connect(this.inputs[0], layer, last);
  }

  private connect(x: SymbolicTensor, layer: Layer, from: SymbolicTensor = x): void {
    const out = toList(layer.apply(from) as SymbolicTensor | SymbolicTensor[]);
    if (out.length !== 1) raise('layersModel.multipleOutputs', { model: this.name });
    this.initGraph([x], out);
  }

  /**
   * Removes the top layer.
   *
   * @example
   * model.pop();
   */
  pop(): void {
    if (this.pending.length) {
      this.pending.pop();
      return;
    }
    const layers = this.layers;
    if (layers.length === 0) raise('layersModel.empty', { model: this.name });
    if (layers.length > 1) {
      const below = layers[layers.length - 2];
      const node = below.inboundNodes.find((n) => this.nodeList.includes(n))!;
      this.initGraph([this.inputs[0]], [node.outputTensors[0]]);
    } else if (this.explicitInput) {
      this.initGraph([this.inputs[0]], [this.inputs[0]]);
    } else {
      for (const l of this.layerList) l.owners--;
      this.layerList = [];
      this.nodeList = [];
      this.inputs = [];
      this.outputs = [];
      this.built = false;
    }
  }

  /** Builds the graph from the shape of the first data (when the first layer had no inputShape). */
  override ensureGraph(inputShape?: Shape): void {
    if (this.inputs.length) return;
    if (!this.pending.length) raise('layersModel.empty', { model: this.name });
    if (!inputShape) raise('layersModel.notBuilt', { model: this.name, layer: this.pending[0].name });
    const layers = this.pending;
    this.pending = [];
    const x = input({ batchShape: [null, ...inputShape.slice(1)], name: `${layers[0].name}_input` });
    this.connect(x, layers[0]);
    for (const l of layers.slice(1)) this.add(l);
  }

  override build(inputShape: Shape | Shape[]): void {
    const s = Array.isArray(inputShape[0]) ? (inputShape[0] as Shape) : (inputShape as Shape);
    this.ensureGraph(s);
    this.built = true;
  }

  override getConfig(): LayerConfig {
    this.ensureGraph();
    const layers = this.layers.map((l, i) => {
      const config = l.getConfig();
      if (i === 0 && !config.batchInputShape && this.inputs.length) {
        config.batchInputShape = this.inputs[0].shape;
        config.dtype = this.inputs[0].dtype;
      }
      return { className: l.getClassName(), config };
    });
    return { name: this.name, layers };
  }

  /** Builds a Sequential from its config ({ name, layers } or a bare list of layers). */
  static override fromConfig(config: LayerConfig | LayerConfig[]): Sequential {
    const list = (Array.isArray(config) ? config : (config.layers ?? [])) as { className: string; config: LayerConfig }[];
    const model = new Sequential({ name: Array.isArray(config) ? undefined : (config.name as string | undefined) });
    for (const l of list) model.add(deserializeLayer(l.className, l.config));
    return model;
  }
}

registerLayerClass(Sequential as never);

/**
 * Makes a Sequential model.
 *
 * @example
 * const model = sprout.sequential({
 *   layers: [sprout.layers.dense({ inputShape: [4], units: 8, activation: 'relu' }), sprout.layers.dense({ units: 3, activation: 'softmax' })],
 * });
 */
export function sequential(args?: SequentialArgs): Sequential {
  return new Sequential(args);
}

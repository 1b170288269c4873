/**
 * `LayersModel`: a graph of layers from input placeholders to outputs (TF.js' functional model),
 * with predict, evaluate, fit, fitDataset, summary, getLayer, save and the weights of all layers.
 * `Sequential` (sequential.ts) is the special case of a stack.
 */
import { raise } from '../../errors/index.js';
import { ENGINE, Tensor, concat, keep, tidy, toTensor, cast, expandDims, slice, type TensorLike, type Variable } from '../../tensor/index.js';
import type { Optimizer } from '../layers/deps.js';
import { toPythonic, uniqueLayerName } from '../layers/naming.js';
import { deserializeLayer, registerLayerClass } from '../layers/registry.js';
import {
  InputLayer, Layer, SymbolicTensor, fmtShape, toList, type Kwargs, type LayerConfig, type LayerVariable, type Node, type Shape,
} from '../layers/topology.js';
import type { IOHandler, ModelArtifacts, SaveResult } from '../io/types.js';
import { resolveHandler } from '../io/handlers.js';
import { decodeWeights, concatWeightData, encodeWeights } from '../io/weights.js';
import type { History } from './callbacks.js';
import { summaryText } from './summary.js';
import {
  compileModel, evaluateModel, fitDatasetModel, fitModel, trainOnBatchModel, type CompileArgs, type CompiledState, type DatasetLike, type EvaluateArgs,
  type FitArgs, type FitDatasetArgs,
} from './training.js';

/** The Keras version string written into saved topologies (the format is TF.js layers 4.x). */
export const KERAS_VERSION = 'tfjs-layers 4.22.0';
/** Written as `generatedBy` in saved models. */
export const GENERATED_BY = 'Sprout v0.1.0';

/** Arguments of `sprout.model()`. */
export interface ModelArgs {
  inputs: SymbolicTensor | SymbolicTensor[];
  outputs: SymbolicTensor | SymbolicTensor[];
  name?: string;
}

/** Inputs a model accepts: one tensor (or nested array), a list per input, or a map by input name. */
export type ModelInput = TensorLike | Tensor[] | Record<string, TensorLike>;

/** How a model input list was made: tensors the caller owns, and ones made here (to dispose). */
export interface Standardized {
  tensors: Tensor[];
  owned: Tensor[];
}

/** Options of `predict`. */
export interface PredictArgs {
  /** Examples per batch (default 32): bounds the memory a big prediction uses. */
  batchSize?: number;
  verbose?: boolean;
}

/**
 * A compiled inference plan of one model (made by the registered `PredictCompiler`). `run` takes
 * checked float32 inputs, one per model input, and returns the outputs, or null when the plan
 * cannot take inputs of these shapes (predict then runs layer by layer).
 */
export interface CompiledPredict {
  run(inputs: Tensor[]): Tensor[] | null;
  /** Peak bytes of intermediate tensors during the last run. */
  readonly peakBytes: number;
  dispose(): void;
}

/** Makes a model's compiled inference plan; null when the model cannot be compiled. */
export type PredictCompiler = (model: LayersModel) => CompiledPredict | null;

// src/nn cannot import src/models, where the compiler lives: src/models/layers registers it here
// when src/models is loaded. Without one, predict runs layer by layer.
let predictCompiler: PredictCompiler | null = null;

/**
 * @internal Registers the compiler `predict` uses (null removes it). Plans are rebuilt when a
 * model's weights change (each Variable's `version`) or its graph changes.
 *
 * @example
 * setPredictCompiler(compileLayersModel); // what src/models/layers does when it loads
 */
export function setPredictCompiler(fn: PredictCompiler | null): void {
  predictCompiler = fn;
}

const isPlainObject = (x: unknown): x is Record<string, unknown> =>
  x !== null && typeof x === 'object' && !Array.isArray(x) && !(x instanceof Tensor) && !ArrayBuffer.isView(x);

/**
 * A model made of layers connected from `inputs` to `outputs`.
 *
 * @example
 * const inp = sprout.input({ shape: [4] });
 * const hidden = sprout.layers.dense({ units: 8, activation: 'relu' }).apply(inp);
 * const out = sprout.layers.dense({ units: 3, activation: 'softmax' }).apply(hidden);
 * const model = sprout.model({ inputs: inp, outputs: out });
 */
export class LayersModel extends Layer {
  static override className = 'Model';

  inputs: SymbolicTensor[] = [];
  outputs: SymbolicTensor[] = [];
  /** Every layer, input layers included, from inputs to outputs. */
  protected layerList: Layer[] = [];
  /** Calls to run, in order (input layers excluded). */
  protected nodeList: Node[] = [];
  /** Set to true (from a callback) to stop fit() after the current batch. */
  stopTraining = false;
  /** True while fit() runs. */
  isTraining = false;
  /** The History of the last fit(). */
  history: History | null = null;
  /** Set by compile(). */
  optimizer: Optimizer | null = null;
  /** @internal Losses and metrics set by compile(). */
  compiled: CompiledState | null = null;
  /** The compiled inference plan and the weight versions it was made from. */
  private plan: { of: PredictCompiler; run: CompiledPredict | null; vars: Variable[]; versions: number[] } | null = null;
  private lastPeak = 0;

  constructor(args?: ModelArgs) {
    super({ name: args?.name ?? uniqueLayerName('model') });
    if (args) {
      if (!args.inputs || !args.outputs) raise('layersModel.needsInputsOutputs', {});
      this.initGraph(toList(args.inputs), toList(args.outputs));
    }
  }

  // ---- graph --------------------------------------------------------------------------------

  /** @internal Sets the graph from input placeholders to outputs. */
  protected initGraph(inputs: SymbolicTensor[], outputs: SymbolicTensor[]): void {
    for (const x of inputs) {
      if (!(x instanceof SymbolicTensor) || !(x.sourceLayer instanceof InputLayer)) {
        raise('layersModel.inputNotPlaceholder', { model: this.name, got: x instanceof SymbolicTensor ? `the output of layer '${x.sourceLayer.name}'` : String(x) });
      }
    }
    for (const y of outputs) if (!(y instanceof SymbolicTensor)) raise('layersModel.outputNotSymbolic', { model: this.name, got: String(y) });
    const inputIds = new Set(inputs.map((t) => t.id));
    const visited = new Set<Node>();
    const order: Node[] = [];
    const visit = (t: SymbolicTensor, consumer: string) => {
      if (inputIds.has(t.id)) return;
      const node = t.sourceLayer.inboundNodes[t.nodeIndex];
      if (node.inboundLayers.length === 0) {
        raise('layersModel.disconnected', { model: this.name, input: t.sourceLayer.name, layer: consumer, inputs: inputs.map((x) => x.sourceLayer.name).join(', ') });
      }
      if (visited.has(node)) return;
      visited.add(node);
      for (const x of node.inputTensors) visit(x, node.outboundLayer.name);
      order.push(node);
    };
    for (const y of outputs) visit(y, '(model output)');
    const layers: Layer[] = [];
    for (const x of inputs) if (!layers.includes(x.sourceLayer)) layers.push(x.sourceLayer);
    for (const n of order) if (!layers.includes(n.outboundLayer)) layers.push(n.outboundLayer);
    const names = new Set<string>();
    for (const l of layers) {
      if (names.has(l.name)) raise('layersModel.duplicateName', { model: this.name, name: l.name });
      names.add(l.name);
    }
    for (const l of layers) if (!this.layerList.includes(l)) l.owners++;
    for (const l of this.layerList) if (!layers.includes(l)) l.owners--;
    this.inputs = inputs;
    this.outputs = outputs;
    this.layerList = layers;
    this.nodeList = order;
    this.built = true;
    this.dropPlan();
    // Losses and metrics are resolved per output: redo it if the outputs changed (Sequential.add).
    if (this.compiled) this.compiled.resolved = undefined;
  }

  /** The layers, from inputs to outputs (input layers included for functional models). */
  get layers(): Layer[] {
    return this.layerList.slice();
  }

  /** Names of the inputs (their input layers). */
  get inputNames(): string[] {
    return this.inputs.map((t) => t.sourceLayer.name);
  }

  /** Names of the output layers. */
  get outputNames(): string[] {
    return this.outputs.map((t) => t.sourceLayer.name);
  }

  /** The output layers. */
  get outputLayers(): Layer[] {
    return this.outputs.map((t) => t.sourceLayer);
  }

  /**
   * A layer by name or by position in `layers`.
   *
   * @example
   * const conv = model.getLayer('conv2d_1');
   * const first = model.getLayer(0);
   */
  getLayer(nameOrIndex?: string | number, index?: number): Layer {
    this.ensureGraph();
    const layers = this.layers;
    const i = typeof nameOrIndex === 'number' ? nameOrIndex : nameOrIndex === undefined ? index : undefined;
    if (i !== undefined) {
      if (!Number.isInteger(i) || i < 0 || i >= layers.length) raise('layersModel.noLayerIndex', { model: this.name, index: String(i), count: layers.length });
      return layers[i];
    }
    const found = layers.find((l) => l.name === nameOrIndex);
    if (!found) raise('layersModel.noLayer', { model: this.name, name: String(nameOrIndex), names: layers.map((l) => `'${l.name}'`).join(', ') });
    return found;
  }

  /** @internal Makes sure the graph exists (a Sequential may build it from data). */
  ensureGraph(inputShape?: Shape): void {
    void inputShape;
    if (this.inputs.length === 0) raise('layersModel.empty', { model: this.name });
  }

  /**
   * @internal Runs the graph on concrete inputs (one per model input), in the current scope.
   * `training` switches dropout and batch normalization; `extra` is passed to every layer call.
   */
  execute(inputs: Tensor[], training: boolean, extra: Kwargs = {}): Tensor[] {
    const values = new Map<number, Tensor>();
    this.inputs.forEach((t, i) => values.set(t.id, inputs[i]));
    for (const node of this.nodeList) {
      const layer = node.outboundLayer;
      const ins = node.inputTensors.map((t) => values.get(t.id)!);
      const arg = ins.length === 1 && !(node.callArgs.__list) ? ins[0] : ins;
      const kwargs: Kwargs = { ...node.callArgs, ...extra, training };
      delete kwargs.__list;
      const out = toList(ENGINE.tidy(() => layer.call(arg, kwargs)));
      node.outputTensors.forEach((t, i) => values.set(t.id, out[i]));
    }
    return this.outputs.map((t) => values.get(t.id)!);
  }

  override call(inputs: Tensor | Tensor[], kwargs: Kwargs): Tensor | Tensor[] {
    const out = this.execute(toList(inputs), !!kwargs.training, kwargs.activityLosses ? { activityLosses: kwargs.activityLosses } : {});
    return out.length === 1 ? out[0] : out;
  }

  override computeOutputShape(inputShape: Shape | Shape[]): Shape | Shape[] {
    const batch = (toList(inputShape as Shape[])[0] as Shape)?.[0] ?? null;
    const shapes = this.outputs.map((t) => [batch, ...t.shape.slice(1)]);
    return shapes.length === 1 ? shapes[0] : shapes;
  }

  override build(inputShape: Shape | Shape[]): void {
    void inputShape;
    this.ensureGraph();
    this.built = true;
  }

  // ---- weights ------------------------------------------------------------------------------

  override get trainable(): boolean {
    return this.trainable_;
  }

  override set trainable(v: boolean) {
    this.trainable_ = !!v;
  }

  override get trainableWeights(): LayerVariable[] {
    if (!this.trainable_) return [];
    return this.layerList.flatMap((l) => l.trainableWeights);
  }

  override get nonTrainableWeights(): LayerVariable[] {
    if (!this.trainable_) return this.layerList.flatMap((l) => l.weights);
    return this.layerList.flatMap((l) => l.nonTrainableWeights);
  }

  override get allWeights(): LayerVariable[] {
    return this.layerList.flatMap((l) => l.allWeights);
  }

  override countParams(): number {
    this.ensureGraph();
    return this.layerList.reduce((n, l) => n + (l.built ? l.countParams() : 0), 0);
  }

  override regularizationLoss(): Tensor | null {
    if (!this.trainable_) return null;
    let total: Tensor | null = null;
    for (const l of this.layerList) {
      const r = l.regularizationLoss();
      if (r) total = total ? total.add(r) : r;
    }
    return total;
  }

  override reseed(seed: string): void {
    this.layerList.forEach((l, i) => l.reseed(`${seed}/${i}`));
  }

  /**
   * @internal Sets weights by their Keras names ('dense_1/kernel'). With `strict`, every model
   * weight must be given and every given weight must be used.
   */
  loadWeights(named: Map<string, Tensor>, strict = true): void {
    const used = new Set<string>();
    const missing: string[] = [];
    for (const w of this.weights) {
      const t = named.get(w.originalName);
      if (!t) {
        missing.push(w.originalName);
        continue;
      }
      if (t.shape.join() !== w.shape.join()) raise('io.weightShape', { name: w.originalName, expected: fmtShape(w.shape), got: fmtShape(t.shape) });
      w.write(t);
      used.add(w.originalName);
    }
    if (strict && missing.length) raise('io.missingWeights', { names: missing.join(', ') });
    const extra = [...named.keys()].filter((k) => !used.has(k));
    if (strict && extra.length) raise('io.extraWeights', { names: extra.join(', ') });
  }

  // ---- inputs -----------------------------------------------------------------------------------

  /** @internal Turns what the user passed as x into one float tensor per model input. */
  standardizeInputs(x: ModelInput, op: string, param = 'x'): Standardized {
    if (x === undefined || x === null) raise('layersModel.missingData', { op, param });
    const owned: Tensor[] = [];
    const conv = (v: unknown, what: string): Tensor => {
      if (v instanceof Tensor) {
        if (v.isDisposed) raise('layersModel.disposedData', { op, param: what });
        return v;
      }
      const t = toTensor(v as TensorLike, what, op);
      owned.push(t);
      return t;
    };
    let list: Tensor[];
    const names = this.inputNames;
    if (isPlainObject(x)) {
      list = names.map((n) => {
        if (!(n in x)) raise('layersModel.missingInput', { op, param, name: n, names: names.join(', ') });
        return conv(x[n], `${param}['${n}']`);
      });
    } else if (Array.isArray(x) && x.length > 0 && x.every((e) => e instanceof Tensor)) {
      list = (x as Tensor[]).map((t, i) => conv(t, `${param}[${i}]`));
    } else {
      list = [conv(x, param)];
    }
    if (this.inputs.length && list.length !== this.inputs.length) raise('layersModel.inputCount', { op, param, expected: this.inputs.length, got: list.length, names: names.join(', ') });
    list = list.map((t) => {
      if (t.dtype === 'float32') return t;
      const c = cast(t, 'float32');
      owned.push(c);
      return c;
    });
    return { tensors: list, owned };
  }

  /**
   * @internal Checks data against the model's inputs (or outputs for targets): batch sizes and
   * shapes, with errors naming the layer and both shapes. Rank-1 data of a [null, 1] input becomes
   * [n, 1], as in TF.js.
   */
  checkShapes(data: Standardized, which: 'input' | 'target', op: string, sparse: boolean[] = []): void {
    const sym = which === 'input' ? this.inputs : this.outputs;
    data.tensors = data.tensors.map((t, i) => {
      const expected = sym[i].shape;
      if (t.rank === 1 && expected.length === 2 && (expected[1] === 1 || expected[1] === null || (sparse[i] && which === 'target'))) {
        const e = expandDims(t, 1);
        data.owned.push(e);
        return e;
      }
      return t;
    });
    data.tensors.forEach((t, i) => {
      const expected = sym[i].shape;
      const layer = which === 'input' ? this.inputConsumerName(i) : sym[i].sourceLayer.name;
      if (sparse[i] && which === 'target') {
        if (!(t.rank === expected.length && t.shape[t.rank - 1] === 1) && !(t.rank === expected.length - 1)) {
          raise('layersModel.badTargetShape', { op, layer, expected: `[${fmtShape([...expected.slice(0, -1), 1])}] (one class index per example)`, got: fmtShape(t.shape), hint: ' With a sparse loss, labels are class indices, not one-hot vectors.' });
        }
        return;
      }
      const ok = t.rank === expected.length && expected.every((d, k) => d === null || d === t.shape[k]);
      if (ok) return;
      if (which === 'input') {
        const single = t.rank === expected.length - 1 && expected.slice(1).every((d, k) => d === null || d === t.shape[k]);
        raise('layersModel.badInputShape', {
          op, layer, expected: fmtShape(expected), got: fmtShape(t.shape), perExample: fmtShape(expected.slice(1)),
          hint: single ? ` It looks like one example without the batch dimension: wrap it in an array ([example]) or use expandDims(0).`
            : t.rank === expected.length && t.shape[t.rank - 1] !== expected[expected.length - 1]
              ? ` Each example has ${t.shape[t.rank - 1]} value(s) but the model expects ${expected[expected.length - 1]}.` : '',
        });
      }
      raise('layersModel.badTargetShape', {
        op, layer, expected: fmtShape(expected), got: fmtShape(t.shape),
        hint: t.rank === expected.length && expected[expected.length - 1] !== null && t.shape[t.rank - 1] !== expected[expected.length - 1]
          ? ` The last layer has ${expected[expected.length - 1]} unit(s) but each label has ${t.shape[t.rank - 1]} value(s): make them match (e.g. units = number of classes, with one-hot labels).` : '',
      });
    });
  }

  /** The layer that receives input i (for messages: the first real layer of a Sequential). */
  protected inputConsumerName(i: number): string {
    const inputLayer = this.inputs[i].sourceLayer;
    const consumer = this.nodeList.find((n) => n.inboundLayers.includes(inputLayer));
    return consumer ? consumer.outboundLayer.name : inputLayer.name;
  }

  // ---- predict / evaluate / fit ---------------------------------------------------------------

  /**
   * Computes the outputs for a batch of inputs, synchronously (in batches of `batchSize`).
   *
   * @example
   * const y = model.predict(sprout.tensor([[1, 2, 3, 4]]));
   * y.print();
   */
  predict(x: ModelInput, args: PredictArgs = {}): Tensor | Tensor[] {
    const data = this.standardizeInputs(x, 'predict');
    try {
      this.ensureGraph(data.tensors[0]?.shape);
      this.checkShapes(data, 'input', 'predict');
      const out = this.predictStandardized(data.tensors, args.batchSize);
      return out.length === 1 ? out[0] : out;
    } finally {
      for (const t of data.owned) t.dispose();
    }
  }

  /** Predicts on one batch (no splitting). @example model.predictOnBatch(x) */
  predictOnBatch(x: ModelInput): Tensor | Tensor[] {
    return this.predict(x, { batchSize: Number.MAX_SAFE_INTEGER });
  }

  /**
   * Peak bytes of intermediate tensors during the last `predict`, when it ran through the
   * compiled plan (0 when it ran layer by layer).
   *
   * @example
   * model.predict(x);
   * console.log(`${(model.peakBytes / 1e6).toFixed(1)} MB`);
   */
  get peakBytes(): number {
    return this.lastPeak;
  }

  /** The compiled plan, (re)made when the weights changed since it was made. */
  private compiledPlan(): CompiledPredict | null {
    if (!predictCompiler) return null;
    const p = this.plan;
    if (p && p.of === predictCompiler && p.vars.every((v, i) => v.version === p.versions[i] && !v.isDisposed)) return p.run;
    this.dropPlan();
    const vars = this.allWeights.map((w) => w.val);
    let run: CompiledPredict | null = null;
    try {
      run = predictCompiler(this);
    } catch {
      run = null; // a model the compiler cannot take runs layer by layer
    }
    this.plan = { of: predictCompiler, run, vars, versions: vars.map((v) => v.version) };
    return run;
  }

  private dropPlan(): void {
    this.plan?.run?.dispose();
    this.plan = null;
  }

  /** One batch: through the compiled plan when it takes these inputs, else layer by layer. */
  private predictBatch(xs: Tensor[], plan: CompiledPredict | null): Tensor[] {
    const out = plan?.run(xs);
    if (!out) return tidy(() => this.execute(xs, false));
    this.lastPeak = Math.max(this.lastPeak, plan!.peakBytes);
    return out;
  }

  /** @internal predict on checked inputs. */
  predictStandardized(xs: Tensor[], batchSize = 32): Tensor[] {
    if (!Number.isInteger(batchSize) || batchSize < 1) raise('layers.badOption', { layer: 'predict', option: 'batchSize', expected: 'a positive integer', got: String(batchSize) });
    const n = xs[0].shape[0];
    const plan = this.compiledPlan();
    this.lastPeak = 0;
    if (n <= batchSize) return this.predictBatch(xs, plan);
    const parts: Tensor[][] = [];
    try {
      for (let start = 0; start < n; start += batchSize) {
        const size = Math.min(batchSize, n - start);
        parts.push(tidy(() => this.predictBatch(xs.map((t) => slice(t, [start, ...t.shape.slice(1).map(() => 0)], [size, ...t.shape.slice(1)])), plan)));
      }
      return this.outputs.map((_, o) => concat(parts.map((p) => p[o]), 0));
    } finally {
      for (const p of parts) for (const t of p) t.dispose();
    }
  }

  /**
   * Sets the optimizer, the loss and the metrics for fit() and evaluate().
   *
   * @example
   * model.compile({ optimizer: 'adam', loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
   */
  compile(args: CompileArgs): void {
    compileModel(this, args);
  }

  /**
   * Trains the model on x and y. Resolves to the History (loss and metrics per epoch).
   *
   * @example
   * const history = await model.fit(xs, ys, { epochs: 20, batchSize: 16, validationSplit: 0.2 });
   * console.log(history.history.loss);
   */
  fit(x: ModelInput, y: ModelInput, args: FitArgs = {}): Promise<History> {
    return fitModel(this, x, y, args);
  }

  /**
   * Trains from a dataset: an iterable, async iterable, generator function or TF.js-style dataset
   * of `{ xs, ys }` batches.
   *
   * @example
   * function* batches() { for (let i = 0; i < 10; i++) yield { xs: sprout.randomNormal([8, 2]), ys: sprout.zeros([8, 1]) }; }
   * await model.fitDataset(batches, { epochs: 3 });
   */
  fitDataset(dataset: DatasetLike, args: FitDatasetArgs = {}): Promise<History> {
    return fitDatasetModel(this, dataset, args);
  }

  /**
   * One gradient step on one batch (for learning as data arrives). Resolves to the loss, or
   * [loss, ...metrics].
   *
   * @example
   * const loss = await model.trainOnBatch(xBatch, yBatch);
   */
  trainOnBatch(x: ModelInput, y: ModelInput): Promise<number | number[]> {
    return trainOnBatchModel(this, x, y);
  }

  /**
   * The loss (and metrics) on x and y: a scalar, or [loss, ...metrics] when there are metrics.
   *
   * @example
   * const loss = model.evaluate(xs, ys) as sprout.Tensor;
   */
  evaluate(x: ModelInput, y: ModelInput, args: EvaluateArgs = {}): Tensor | Tensor[] {
    return evaluateModel(this, x, y, args);
  }

  // ---- summary / config / save ------------------------------------------------------------------

  /**
   * Prints a table of the layers, their output shapes and parameter counts (and returns it).
   *
   * @example
   * model.summary();
   * model.summary((line) => myDiv.innerText += line + '\n');
   */
  summary(lineLength?: number | ((line: string) => void), positions?: number[], printFn?: (line: string) => void): string {
    this.ensureGraph();
    const print = typeof lineLength === 'function' ? lineLength : printFn ?? ((line: string) => console.log(line));
    const text = summaryText(this, typeof lineLength === 'number' ? lineLength : undefined, positions);
    for (const line of text.split('\n')) print(line);
    return text;
  }

  /** @internal Nodes of a layer that belong to this model, in order (for node indices in configs). */
  protected modelNodesOf(layer: Layer): Node[] {
    if (layer instanceof InputLayer) return layer.inboundNodes.slice(0, 1);
    return layer.inboundNodes.filter((n) => this.nodeList.includes(n));
  }

  override getConfig(): LayerConfig {
    this.ensureGraph();
    const ref = (t: SymbolicTensor) => {
      const node = t.sourceLayer.inboundNodes[t.nodeIndex];
      return [t.sourceLayer.name, Math.max(0, this.modelNodesOf(t.sourceLayer).indexOf(node)), t.tensorIndex];
    };
    const layers = this.layerList.map((l) => ({
      name: l.name,
      className: l.getClassName(),
      config: l.getConfig(),
      inboundNodes: l instanceof InputLayer ? [] : this.modelNodesOf(l).map((n) => n.inputTensors.map((t) => [...ref(t), {}])),
    }));
    return { name: this.name, layers, inputLayers: this.inputs.map(ref), outputLayers: this.outputs.map(ref) };
  }

  /** The Keras topology JSON of the model (snake_case, as saved in model.json). */
  toJSON(): Record<string, unknown>;
  toJSON(unused?: unknown, returnString?: boolean): Record<string, unknown> | string;
  toJSON(unused?: unknown, returnString = false): Record<string, unknown> | string {
    void unused;
    const topo = toPythonic({ className: this.getClassName(), config: this.getConfig(), kerasVersion: KERAS_VERSION, backend: 'tensor_flow.js' }) as Record<string, unknown>;
    return returnString ? JSON.stringify(topo) : topo;
  }

  /** @internal The artifacts of this model (topology and weights). */
  artifacts(): ModelArtifacts {
    const { data, specs } = encodeWeights(this.weights.map((w) => ({ name: w.originalName, tensor: w.read() })));
    return {
      modelTopology: this.toJSON(),
      format: 'layers-model',
      generatedBy: GENERATED_BY,
      convertedBy: null,
      weightSpecs: specs,
      weightData: data,
    };
  }

  /**
   * Saves the model: 'downloads://name', 'indexeddb://name', 'file://path' (Node), or a handler
   * object with `save(artifacts)`. The files are TF.js' layers format.
   *
   * @example
   * await model.save('downloads://my-model');
   * await model.save('indexeddb://my-model');
   */
  async save(target: string | IOHandler): Promise<SaveResult> {
    const handler = resolveHandler(target, 'save');
    return handler.save!(this.artifacts());
  }

  /** @internal Loads weights from artifacts into this model. */
  loadArtifactsWeights(a: ModelArtifacts, strict = true): void {
    if (!a.weightData || !a.weightSpecs) return;
    const named = decodeWeights(concatWeightData(a.weightData), a.weightSpecs);
    try {
      this.loadWeights(named, strict);
    } finally {
      for (const t of named.values()) t.dispose();
    }
  }

  /**
   * Frees the weights of the layers (and the optimizer compile() made). Layers shared with
   * another model that is still alive (a cut model, say) are left alone.
   */
  override dispose(): void {
    this.isDisposed = true;
    this.dropPlan();
    for (const l of this.layerList) {
      l.owners--;
      if (l.owners <= 0 && !l.isDisposed) l.dispose();
    }
    if (this.compiled?.ownsOptimizer) this.optimizer?.dispose();
  }

  /** Builds a functional model from its config (as `getConfig` / `toTs(topology).config` give it). */
  static fromConfig(config: LayerConfig): LayersModel {
    return functionalFromConfig(config, (args) => new LayersModel(args));
  }
}

/** Shared by LayersModel.fromConfig: recreates layers, replays their calls, wires inputs/outputs. */
export function functionalFromConfig(config: LayerConfig, make: (args: ModelArgs) => LayersModel): LayersModel {
  type NodeRef = [string, number, number, Record<string, unknown>?];
  type LayerEntry = { name?: string; className: string; config: LayerConfig; inboundNodes?: NodeRef[][] };
  const entries = (config.layers ?? []) as LayerEntry[];
  const created = new Map<string, Layer>();
  const outs = new Map<Layer, SymbolicTensor[][]>();
  const todo: { layer: Layer; nodes: NodeRef[][]; next: number }[] = [];
  for (const e of entries) {
    const layer = deserializeLayer(e.className, e.config);
    created.set(e.name ?? layer.name, layer);
    outs.set(layer, layer instanceof InputLayer ? [layer.inboundNodes[0].outputTensors] : []);
    todo.push({ layer, nodes: e.inboundNodes ?? [], next: 0 });
  }
  const lookup = ([name, ni, ti]: NodeRef): SymbolicTensor | undefined => {
    const l = created.get(name);
    return l ? outs.get(l)?.[ni]?.[ti] : undefined;
  };
  let progress = true;
  while (progress) {
    progress = false;
    for (const item of todo) {
      while (item.next < item.nodes.length) {
        const refs = item.nodes[item.next];
        const ins = refs.map(lookup);
        if (ins.some((t) => !t)) break;
        const kwargs = (refs[0]?.[3] ?? {}) as Kwargs;
        const out = item.layer.apply(ins.length === 1 ? ins[0]! : (ins as SymbolicTensor[]), kwargs);
        outs.get(item.layer)!.push(toList(out as SymbolicTensor | SymbolicTensor[]));
        item.next++;
        progress = true;
      }
    }
  }
  const stuck = todo.filter((t) => t.next < t.nodes.length);
  if (stuck.length) raise('io.badTopology', { detail: `cannot connect layer(s) ${stuck.map((s) => `'${s.layer.name}'`).join(', ')}: their inputs are missing` });
  const refs = (list: unknown) => ((list ?? []) as NodeRef[]).map((r) => {
    const t = lookup(r);
    if (!t) raise('io.badTopology', { detail: `the model input/output '${r[0]}' is not one of its layers` });
    return t;
  });
  return make({ inputs: refs(config.inputLayers), outputs: refs(config.outputLayers), name: config.name as string | undefined });
}

registerLayerClass(LayersModel as never, 'Functional', 'LayersModel');

/**
 * Makes a functional model from input placeholders to outputs.
 *
 * @example
 * const inp = sprout.input({ shape: [2] });
 * const out = sprout.layers.dense({ units: 1 }).apply(inp);
 * const model = sprout.model({ inputs: inp, outputs: out });
 */
export function model(args: ModelArgs): LayersModel {
  return new LayersModel(args);
}

void keep;

/**
 * The layer machinery, with Keras / TF.js semantics: `Layer` (weights, build, call, config),
 * `SymbolicTensor` (a placeholder flowing through `layer.apply` while a model is being described),
 * `Node` (one application of a layer, linking the symbolic tensors), `InputLayer` and `input()`.
 */
import type { DType } from '../../core/dtype.js';
import { raise } from '../../errors/index.js';
import { ENGINE, Tensor, Variable, tidy, variable, toTensor } from '../../tensor/index.js';
import { getInitializer, getRegularizer, type InitializerLike, type Regularizer, type RegularizerLike } from './deps.js';
import { toSnakeCase, uniqueLayerName, uniqueVariableName } from './naming.js';

/** A shape whose dimensions may be unknown (null): the batch dimension, usually. */
export type Shape = (number | null)[];

/** Options a layer's `call` receives. `training` switches dropout and batch normalization. */
export interface Kwargs {
  training?: boolean;
  [key: string]: unknown;
}

/** A layer config as `getConfig()` returns it (camelCase; serialized to Keras JSON elsewhere). */
export type LayerConfig = Record<string, unknown>;

/** Arguments every layer takes. */
export interface LayerArgs {
  /** The layer's name (unique in a model). Default: 'dense_1', 'conv2d_3', … */
  name?: string;
  /** Whether fit() updates its weights (false freezes it). Default true. */
  trainable?: boolean;
  /** Shape of one example (without the batch), for the first layer of a model. */
  inputShape?: Shape;
  /** Shape with the batch dimension (null for any), for the first layer of a model. */
  batchInputShape?: Shape;
  /** The batch size, with `inputShape`. */
  batchSize?: number;
  /** The dtype of the layer's weights and outputs (float32). */
  dtype?: DType;
  /** Initial weights, as `setWeights` takes them. */
  weights?: Tensor[];
  /** Accepted for TF.js compatibility. */
  inputDType?: DType;
}

/** What a layer expects of its input (rank and known sizes). */
export interface InputSpec {
  ndim?: number;
  minNdim?: number;
  maxNdim?: number;
  /** Known sizes by axis (negative axes count from the end). */
  axes?: Record<number, number>;
}

let nextSymbolicId = 0;

/**
 * A placeholder for a tensor in a model being described: it has a shape (null for unknown
 * dimensions) and remembers which layer made it. `sprout.input()` makes the first ones.
 *
 * @example
 * const x = sprout.input({ shape: [4] });
 * const y = sprout.layers.dense({ units: 2 }).apply(x); // a SymbolicTensor, shape [null, 2]
 */
export class SymbolicTensor {
  readonly id = nextSymbolicId++;
  /** A name for messages and graphs: 'dense_1/dense_1' style. */
  readonly name: string;

  constructor(
    readonly dtype: DType,
    readonly shape: Shape,
    /** The layer that outputs this tensor. */
    readonly sourceLayer: Layer,
    /** The symbolic inputs of that layer call. */
    readonly inputs: SymbolicTensor[],
    readonly callArgs: Kwargs,
    /** Which of the layer's nodes made it, and which of that node's outputs it is. */
    readonly nodeIndex: number,
    readonly tensorIndex: number,
    name?: string,
  ) {
    this.name = name ?? `${sourceLayer.name}/${sourceLayer.name}${tensorIndex ? `_${tensorIndex}` : ''}`;
  }

  get rank(): number {
    return this.shape.length;
  }

  toString(): string {
    return `SymbolicTensor ${this.name} [${fmtShape(this.shape)}]`;
  }
}

/** One application of a layer: from which tensors (of which layers) to which tensors. */
export class Node {
  constructor(
    readonly outboundLayer: Layer,
    readonly inboundLayers: Layer[],
    readonly nodeIndices: number[],
    readonly tensorIndices: number[],
    readonly inputTensors: SymbolicTensor[],
    readonly outputTensors: SymbolicTensor[],
    readonly callArgs: Kwargs,
  ) {
    for (const l of inboundLayers) l.outboundNodes.push(this);
    outboundLayer.inboundNodes.push(this);
  }
}

/** '[null,3]' style, as messages show shapes. */
export function fmtShape(shape: readonly (number | null)[]): string {
  return shape.map((d) => (d === null || d === undefined ? 'null' : String(d))).join(',');
}

/** One weight of a layer: a Variable with the Keras name ('dense_1/kernel') it is saved under. */
export class LayerVariable {
  /** The variable holding the values (its own name is unique across the session). */
  readonly val: Variable;
  private declaredTrainable: boolean;

  constructor(
    /** The Keras name, 'dense_1/kernel': what files store. */
    readonly originalName: string,
    value: Tensor,
    trainable: boolean,
    private readonly layer: Layer,
    readonly regularizer?: Regularizer,
  ) {
    this.declaredTrainable = trainable;
    this.val = variable(value, trainable && layer.trainable, uniqueVariableName(originalName));
  }

  /** The Keras name ('dense_1/kernel'). */
  get name(): string {
    return this.originalName;
  }

  get shape(): number[] {
    return this.val.shape.slice();
  }

  get dtype(): DType {
    return this.val.dtype;
  }

  /** Whether fit() updates it: its own flag (false for moving statistics) and its layer's. */
  get trainable(): boolean {
    return this.declaredTrainable && this.layer.trainable;
  }

  set trainable(v: boolean) {
    this.declaredTrainable = v;
    this.sync();
  }

  /** @internal Whether the weight itself is trainable, regardless of its layer. */
  get ownTrainable(): boolean {
    return this.declaredTrainable;
  }

  /** @internal Mirrors the effective flag onto the Variable (trainableVariables() reads it). */
  sync(): void {
    if (!this.val.isDisposed) this.val.trainable = this.trainable;
  }

  read(): Variable {
    return this.val;
  }

  /** Replaces the values (same shape). */
  write(value: Tensor): void {
    if (value.shape.join() !== this.val.shape.join()) {
      raise('layers.badWeightShape', { layer: this.layer.name, weight: this.originalName, expected: fmtShape(this.val.shape), got: fmtShape(value.shape) });
    }
    tidy(() => this.val.assign(value.dtype === this.val.dtype ? value : value.cast(this.val.dtype)));
  }

  dispose(): void {
    this.val.dispose();
  }
}

/** A Tensor or a SymbolicTensor: what `apply` takes. */
export type LayerInput = Tensor | SymbolicTensor;

/** Makes a single item or a list into a list. */
export function toList<T>(x: T | T[]): T[] {
  return Array.isArray(x) ? x : [x];
}

/** The only item of a one-item list (or the item itself). */
export function single<T>(x: T | T[], what = 'input'): T {
  if (!Array.isArray(x)) return x;
  if (x.length !== 1) raise('layers.expectedOne', { what, got: x.length });
  return x[0];
}

/**
 * The base of every layer. A layer holds weights (made in `build` once the input shape is known),
 * computes outputs in `call`, and describes itself in `getConfig` so that models can be saved.
 *
 * `apply(x)` on a Tensor computes the output now; on a SymbolicTensor (from `sprout.input()` or
 * another layer) it records the connection and returns a SymbolicTensor, to build models.
 *
 * @example
 * const dense = sprout.layers.dense({ units: 2 });
 * dense.apply(sprout.ones([1, 3])).print(); // shape [1, 2]
 */
export abstract class Layer {
  /** The Keras class name ('Dense'), used in saved files. */
  static className = 'Layer';

  name: string;
  built = false;
  dtype: DType;
  batchInputShape?: Shape;
  inputSpec: InputSpec[] | null = null;
  /** Calls of this layer (each a Node), in order. */
  inboundNodes: Node[] = [];
  outboundNodes: Node[] = [];
  /** Set by dispose(). */
  isDisposed = false;
  /** @internal How many models hold this layer (a model frees a layer when the last one is disposed). */
  owners = 0;
  protected trainable_: boolean;
  protected weights_: LayerVariable[] = [];
  private initialWeights?: Tensor[];

  constructor(args: LayerArgs = {}) {
    this.name = args.name ?? uniqueLayerName(toSnakeCase(this.getClassName()));
    if (typeof this.name !== 'string' || this.name === '') raise('layers.badOption', { layer: this.getClassName(), option: 'name', expected: 'a non-empty string', got: String(this.name) });
    this.trainable_ = args.trainable ?? true;
    this.dtype = args.dtype ?? 'float32';
    if (args.batchInputShape) this.batchInputShape = args.batchInputShape.slice();
    else if (args.inputShape) this.batchInputShape = [args.batchSize ?? null, ...args.inputShape];
    if (this.batchInputShape) checkShapeArg(this, this.batchInputShape);
    this.initialWeights = args.weights;
  }

  /** The Keras class name ('Dense'). */
  getClassName(): string {
    return (this.constructor as typeof Layer).className;
  }

  /** Whether fit() updates this layer's weights. Set it to false to freeze the layer. */
  get trainable(): boolean {
    return this.trainable_;
  }

  set trainable(v: boolean) {
    this.trainable_ = !!v;
    for (const w of this.weights_) w.sync();
  }

  /** The weights fit() updates: none when the layer is frozen. */
  get trainableWeights(): LayerVariable[] {
    return this.trainable_ ? this.weights_.filter((w) => w.ownTrainable) : [];
  }

  /** The weights fit() leaves alone (moving statistics, and all weights of a frozen layer). */
  get nonTrainableWeights(): LayerVariable[] {
    return this.trainable_ ? this.weights_.filter((w) => !w.ownTrainable) : this.weights_.slice();
  }

  /** Every weight: trainable ones first, as in TF.js. */
  get weights(): LayerVariable[] {
    return [...this.trainableWeights, ...this.nonTrainableWeights];
  }

  /** @internal Weights in creation order (what `setWeights` / configs use). */
  get allWeights(): LayerVariable[] {
    return this.weights_;
  }

  /**
   * Makes the weights for inputs of this shape. Subclasses call `addWeight` here.
   * @param inputShape the input's shape with the batch dimension (a list of shapes for merge layers)
   */
  build(inputShape: Shape | Shape[]): void {
    void inputShape;
    this.built = true;
  }

  /** Computes the outputs from concrete tensors. Default: identity. */
  call(inputs: Tensor | Tensor[], kwargs: Kwargs): Tensor | Tensor[] {
    void kwargs;
    return inputs;
  }

  /** The output shape for an input shape (null dimensions stay unknown). Default: the same. */
  computeOutputShape(inputShape: Shape | Shape[]): Shape | Shape[] {
    return inputShape;
  }

  /** Adds a weight made by `initializer` (an identifier such as 'glorotUniform' or an object). */
  protected addWeight(
    name: string, shape: number[], initializer: InitializerLike | undefined, regularizer?: Regularizer | null, trainable = true, dtype: DType = this.dtype,
  ): LayerVariable {
    if (shape.some((d) => !Number.isInteger(d) || d < 0)) {
      raise('layers.unknownDimension', { layer: this.name, weight: name, shape: fmtShape(shape) });
    }
    const init = getInitializer(initializer ?? 'zeros');
    const w = tidy(() => {
      const value = init.apply(shape, dtype);
      return new LayerVariable(`${this.name}/${name}`, value, trainable, this, regularizer ?? undefined);
    });
    this.weights_.push(w);
    return w;
  }

  /** The regularization penalty of this layer's weights (null when it has none). */
  regularizationLoss(): Tensor | null {
    if (!this.trainable_) return null;
    let total: Tensor | null = null;
    for (const w of this.weights_) {
      if (!w.regularizer || !w.ownTrainable) continue;
      const r = w.regularizer.apply(w.read());
      total = total ? total.add(r) : r;
    }
    return total;
  }

  /**
   * Applies the layer: to Tensors it computes the output now; to SymbolicTensors it records the
   * connection (for building a model) and returns SymbolicTensors.
   *
   * @example
   * const dense = sprout.layers.dense({ units: 2 });
   * dense.apply(sprout.ones([1, 3])).print();
   */
  apply(inputs: LayerInput | LayerInput[], kwargs: Kwargs = {}): Tensor | Tensor[] | SymbolicTensor | SymbolicTensor[] {
    if (this.isDisposed) raise('layers.disposed', { layer: this.name });
    const list = toList(inputs);
    if (list.length === 0) raise('layers.noInput', { layer: this.name });
    const symbolic = list.every((x) => x instanceof SymbolicTensor);
    const concrete = list.every((x) => x instanceof Tensor);
    if (!symbolic && !concrete) raise('layers.mixedInputs', { layer: this.name });
    const shapes = list.map((x) => x.shape.slice() as Shape);
    const shapeArg = Array.isArray(inputs) ? shapes : shapes[0];
    this.ensureBuilt(shapeArg, list);
    this.assertInputCompatible(list);
    if (concrete) {
      const ts = list as Tensor[];
      return ENGINE.tidy(() => this.call(Array.isArray(inputs) ? ts : ts[0], kwargs));
    }
    const outShape = this.computeOutputShape(shapeArg);
    const outShapes: Shape[] = isShapeList(outShape) ? outShape : [outShape];
    const sym = list as SymbolicTensor[];
    const nodeIndex = this.inboundNodes.length;
    // A list input stays a list when the model runs (merge layers), even with one item.
    const callArgs: Kwargs = Array.isArray(inputs) ? { ...kwargs, __list: true } : { ...kwargs };
    const outs = outShapes.map((s, i) => new SymbolicTensor(this.dtype, s, this, sym, callArgs, nodeIndex, i));
    new Node(this, sym.map((t) => t.sourceLayer), sym.map((t) => t.nodeIndex), sym.map((t) => t.tensorIndex), sym, outs, callArgs);
    return isShapeList(outShape) ? outs : outs[0];
  }

  /** @internal Builds on first use, then sets initial weights given in the constructor. */
  ensureBuilt(shape: Shape | Shape[], inputs?: LayerInput[]): void {
    if (this.built) return;
    if (inputs) this.assertInputCompatible(inputs);
    this.build(shape);
    this.built = true;
    if (this.initialWeights) {
      this.setWeights(this.initialWeights);
      this.initialWeights = undefined;
    }
  }

  /** Checks inputs against `inputSpec`, with an error that names the layer and both shapes. */
  protected assertInputCompatible(inputs: LayerInput[]): void {
    if (!this.inputSpec) return;
    this.inputSpec.forEach((spec, i) => {
      const x = inputs[i];
      if (!x) return;
      const shape = x.shape as Shape;
      const rank = shape.length;
      const bad = (spec.ndim !== undefined && rank !== spec.ndim) ||
        (spec.minNdim !== undefined && rank < spec.minNdim) || (spec.maxNdim !== undefined && rank > spec.maxNdim);
      let badAxis = false;
      if (!bad && spec.axes) {
        for (const [k, size] of Object.entries(spec.axes)) {
          const a = Number(k) < 0 ? rank + Number(k) : Number(k);
          const d = shape[a];
          if (d !== null && d !== undefined && d !== size) badAxis = true;
        }
      }
      if (bad || badAxis) raise('layers.badInputShape', { layer: this.name, cls: this.getClassName(), expected: describeSpec(spec), got: fmtShape(shape), hint: shapeHint(spec, shape) });
    });
  }

  /** The weights' values (the Variables themselves, as in TF.js), in `weights` order. */
  getWeights(trainableOnly = false): Tensor[] {
    return (trainableOnly ? this.trainableWeights : this.weights).map((w) => w.read());
  }

  /**
   * Sets the weights' values, in `weights` order (as `getWeights` returns them).
   *
   * @example
   * dense.setWeights([sprout.tensor([[1], [2]]), sprout.tensor([0])]);
   */
  setWeights(weights: Tensor[]): void {
    const ws = this.weights;
    if (!Array.isArray(weights) || weights.length !== ws.length) {
      raise('layers.badWeightCount', { layer: this.name, expected: ws.length, names: ws.map((w) => `${w.originalName} [${fmtShape(w.shape)}]`).join(', ') || 'none', got: Array.isArray(weights) ? weights.length : 'not an array' });
    }
    weights.forEach((t, i) => {
      const v = t instanceof Tensor ? t : toTensor(t, `weights[${i}]`, 'setWeights');
      ws[i].write(v);
      if (v !== t) v.dispose();
    });
  }

  /** The number of weight values. */
  countParams(): number {
    if (!this.built) raise('layers.notBuilt', { layer: this.name, what: 'countParams()' });
    return this.weights_.reduce((n, w) => n + w.val.size, 0);
  }

  /** The single call's node: `input`/`output` need exactly one. */
  private onlyNode(what: string): Node {
    if (this.inboundNodes.length === 0) raise('layers.notConnected', { layer: this.name, what });
    if (this.inboundNodes.length > 1) raise('layers.multipleNodes', { layer: this.name, what, count: this.inboundNodes.length });
    return this.inboundNodes[0];
  }

  /** The symbolic input (when the layer was applied once in a model). */
  get input(): SymbolicTensor | SymbolicTensor[] {
    const t = this.onlyNode('input').inputTensors;
    return t.length === 1 ? t[0] : t;
  }

  /** The symbolic output (when the layer was applied once in a model): cut models here. */
  get output(): SymbolicTensor | SymbolicTensor[] {
    const t = this.onlyNode('output').outputTensors;
    return t.length === 1 ? t[0] : t;
  }

  get inputShape(): Shape | Shape[] {
    const t = this.onlyNode('inputShape').inputTensors.map((x) => x.shape.slice());
    return t.length === 1 ? t[0] : t;
  }

  get outputShape(): Shape | Shape[] {
    const t = this.onlyNode('outputShape').outputTensors.map((x) => x.shape.slice());
    return t.length === 1 ? t[0] : t;
  }

  /** The config to rebuild this layer (camelCase; Keras JSON is made from it when saving). */
  getConfig(): LayerConfig {
    const c: LayerConfig = { name: this.name, trainable: this.trainable_ };
    if (this.batchInputShape) {
      c.batchInputShape = this.batchInputShape;
      c.dtype = this.dtype;
    }
    return c;
  }

  /** @internal Reseeds random layers (dropout) for a reproducible fit. */
  reseed(seed: string): void {
    void seed;
  }

  /** Frees the weights. */
  dispose(): void {
    for (const w of this.weights_) w.dispose();
    this.isDisposed = true;
  }
}

function isShapeList(s: Shape | Shape[]): s is Shape[] {
  return s.length > 0 && Array.isArray(s[0]);
}

function checkShapeArg(layer: Layer, shape: Shape): void {
  if (!Array.isArray(shape) || !shape.every((d) => d === null || d === undefined || (Number.isInteger(d) && d >= 0))) {
    raise('layers.badOption', { layer: layer.name, option: 'inputShape', expected: 'an array of positive integers (null for unknown)', got: JSON.stringify(shape) });
  }
}

/** Describes an InputSpec as a shape ('[null,3]') or a rank. */
function describeSpec(spec: InputSpec): string {
  if (spec.ndim !== undefined) {
    const dims: string[] = Array.from({ length: spec.ndim }, () => 'null');
    for (const [k, v] of Object.entries(spec.axes ?? {})) {
      const a = Number(k) < 0 ? spec.ndim + Number(k) : Number(k);
      dims[a] = String(v);
    }
    return `shape [${dims.join(',')}]`;
  }
  const last = spec.axes?.[-1];
  const rank = spec.minNdim !== undefined ? `rank ≥ ${spec.minNdim}` : spec.maxNdim !== undefined ? `rank ≤ ${spec.maxNdim}` : 'any rank';
  return last !== undefined ? `${rank} with ${last} value(s) in the last dimension ([…,${last}])` : rank;
}

function shapeHint(spec: InputSpec, shape: Shape): string {
  const last = spec.axes?.[-1] ?? (spec.ndim !== undefined ? spec.axes?.[spec.ndim - 1] : undefined);
  if (last !== undefined && shape.length > 0 && shape[shape.length - 1] !== last) {
    return ` Each example must have ${last} feature(s) but has ${shape[shape.length - 1]}: check the inputShape of the first layer and the data you pass in.`;
  }
  if (spec.ndim === 4 || spec.minNdim === 4) return ' Images go in as [batch, height, width, channels].';
  return '';
}

/** Options of `sprout.input()` and `layers.inputLayer()`. */
export interface InputConfig {
  /** Shape of one example, without the batch. */
  shape?: Shape;
  /** Shape with the batch (null for any). */
  batchShape?: Shape;
  name?: string;
  dtype?: DType;
  sparse?: boolean;
}

/** Arguments of `layers.inputLayer()`. */
export interface InputLayerArgs {
  inputShape?: Shape;
  batchInputShape?: Shape;
  batchSize?: number;
  dtype?: DType;
  sparse?: boolean;
  name?: string;
}

/** The entry point of a model: it has no weights and outputs its placeholder. */
export class InputLayer extends Layer {
  static override className = 'InputLayer';
  readonly sparse: boolean;

  constructor(args: InputLayerArgs) {
    super({ name: args.name ?? uniqueLayerName('input'), dtype: args.dtype, batchInputShape: args.batchInputShape, inputShape: args.inputShape, batchSize: args.batchSize });
    if (!this.batchInputShape) raise('layers.inputNeedsShape', { layer: this.name });
    this.sparse = args.sparse ?? false;
    this.built = true;
    const out = new SymbolicTensor(this.dtype, this.batchInputShape, this, [], {}, 0, 0, this.name);
    new Node(this, [], [], [], [out], [out], {});
  }

  override apply(): never {
    return raise('layers.callInput', { layer: this.name });
  }

  override getConfig(): LayerConfig {
    return { batchInputShape: this.batchInputShape, dtype: this.dtype, sparse: this.sparse, name: this.name };
  }
}

/**
 * A placeholder for a model's input: the start of a functional model.
 *
 * @example
 * const inp = sprout.input({ shape: [4] });
 * const out = sprout.layers.dense({ units: 2 }).apply(inp);
 * const model = sprout.model({ inputs: inp, outputs: out });
 */
export function input(config: InputConfig): SymbolicTensor {
  if (!config || (!config.shape && !config.batchShape)) raise('layers.inputNeedsShape', { layer: config?.name ?? 'input' });
  const layer = new InputLayer({ inputShape: config.shape, batchInputShape: config.batchShape, name: config.name, dtype: config.dtype, sparse: config.sparse });
  return layer.inboundNodes[0].outputTensors[0];
}

/** Layers that merge several inputs: Concatenate, Add, Multiply. */
import { raise } from '../../errors/index.js';
import { Tensor, add, concat, mul } from '../../tensor/index.js';
import { Layer, fmtShape, type LayerArgs, type LayerConfig, type Shape } from './topology.js';

function shapesOf(layer: Layer, inputShape: Shape | Shape[]): Shape[] {
  const list = inputShape.length > 0 && Array.isArray(inputShape[0]) ? (inputShape as Shape[]) : null;
  if (!list || list.length < 2) raise('layers.mergeNeedsList', { layer: layer.name, cls: layer.getClassName() });
  return list;
}

function tensorsOf(layer: Layer, inputs: Tensor | Tensor[]): Tensor[] {
  if (!Array.isArray(inputs) || inputs.length < 2) raise('layers.mergeNeedsList', { layer: layer.name, cls: layer.getClassName() });
  return inputs;
}

/** Add and Multiply: same-shaped inputs combined elementwise. */
abstract class ElementwiseMerge extends Layer {
  protected abstract combine(a: Tensor, b: Tensor): Tensor;

  override build(inputShape: Shape | Shape[]): void {
    this.computeOutputShape(inputShape);
    this.built = true;
  }

  override computeOutputShape(inputShape: Shape | Shape[]): Shape {
    const list = shapesOf(this, inputShape);
    const out = list[0].slice();
    for (const s of list.slice(1)) {
      const ok = s.length === out.length && s.every((d, i) => d === null || out[i] === null || d === out[i] || i === 0);
      if (!ok) raise('layers.mergeShapes', { layer: this.name, cls: this.getClassName(), shapes: list.map((x) => `[${fmtShape(x)}]`).join(', '), rule: 'must all have the same shape' });
      s.forEach((d, i) => { if (out[i] === null) out[i] = d; });
    }
    return out;
  }

  override call(inputs: Tensor | Tensor[]): Tensor {
    const ts = tensorsOf(this, inputs);
    let out = ts[0];
    for (const t of ts.slice(1)) out = this.combine(out, t);
    return out;
  }
}

/** Adds its inputs elementwise (residual connections). */
export class Add extends ElementwiseMerge {
  static override className = 'Add';
  protected combine(a: Tensor, b: Tensor): Tensor {
    return add(a, b);
  }
}

/** Multiplies its inputs elementwise. */
export class Multiply extends ElementwiseMerge {
  static override className = 'Multiply';
  protected combine(a: Tensor, b: Tensor): Tensor {
    return mul(a, b);
  }
}

/** Arguments of `layers.concatenate()`. */
export interface ConcatenateArgs extends LayerArgs {
  /** The axis to join along. Default -1 (features / channels). */
  axis?: number;
}

/** Joins its inputs along an axis (the features, by default). */
export class Concatenate extends Layer {
  static override className = 'Concatenate';
  readonly axis: number;

  constructor(args: ConcatenateArgs = {}) {
    super(args);
    const a = args.axis ?? -1;
    if (!Number.isInteger(a)) raise('layers.badOption', { layer: this.name, option: 'axis', expected: 'an integer', got: JSON.stringify(a) });
    this.axis = a;
  }

  override build(inputShape: Shape | Shape[]): void {
    this.computeOutputShape(inputShape);
    this.built = true;
  }

  override computeOutputShape(inputShape: Shape | Shape[]): Shape {
    const list = shapesOf(this, inputShape);
    const rank = list[0].length;
    const axis = this.axis < 0 ? this.axis + rank : this.axis;
    const bad = axis < 0 || axis >= rank || list.some((s) => s.length !== rank || s.some((d, i) => i !== axis && i !== 0 && d !== null && list[0][i] !== null && d !== list[0][i]));
    if (bad) raise('layers.mergeShapes', { layer: this.name, cls: 'Concatenate', shapes: list.map((x) => `[${fmtShape(x)}]`).join(', '), rule: `must match in every dimension except axis ${this.axis}` });
    const out = list[0].slice();
    out[axis] = list.some((s) => s[axis] === null) ? null : list.reduce((n, s) => n + (s[axis] as number), 0);
    return out;
  }

  override call(inputs: Tensor | Tensor[]): Tensor {
    const ts = tensorsOf(this, inputs);
    const rank = ts[0].rank;
    return concat(ts, this.axis < 0 ? this.axis + rank : this.axis);
  }

  override getConfig(): LayerConfig {
    return { axis: this.axis, ...super.getConfig() };
  }
}

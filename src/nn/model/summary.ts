/** The Keras-like table of `model.summary()`. */
import { InputLayer, fmtShape, type Layer, type Node } from '../layers/topology.js';
import type { LayersModel } from './model.js';

function row(fields: string[], positions: number[]): string {
  let line = '';
  fields.forEach((f, i) => {
    if (i > 0) line = line.slice(0, -1) + ' ';
    line += f;
    line = line.slice(0, positions[i]);
    line += ' '.repeat(Math.max(0, positions[i] - line.length));
  });
  return line.trimEnd();
}

const shapeOf = (l: Layer): string => {
  try {
    const s = l.outputShape;
    return Array.isArray(s[0]) ? (s as (number | null)[][]).map((x) => `[${fmtShape(x)}]`).join(', ') : `[${fmtShape(s as (number | null)[])}]`;
  } catch {
    return 'multiple';
  }
};

/** The summary text of a model. */
export function summaryText(model: LayersModel, lineLength?: number, positions?: number[]): string {
  const isSeq = model.getClassName() === 'Sequential';
  const layers = model.layers;
  const length = lineLength ?? (isSeq ? 65 : 98);
  const rel = positions ?? (isSeq ? [0.45, 0.85, 1] : [0.33, 0.55, 0.67, 1]);
  const pos = rel[rel.length - 1] <= 1 ? rel.map((p) => Math.floor(length * p)) : rel;
  const header = isSeq ? ['Layer (type)', 'Output shape', 'Param #'] : ['Layer (type)', 'Output shape', 'Param #', 'Receives inputs'];
  const lines: string[] = [];
  lines.push(`Model: "${model.name}"`);
  lines.push('_'.repeat(length));
  lines.push(row(header, pos));
  lines.push('='.repeat(length));
  const nodesIn = (l: Layer): Node[] => l.inboundNodes.filter((n) => (model as unknown as { nodeList: Node[] }).nodeList.includes(n));
  layers.forEach((l, i) => {
    const params = l.built ? String(l.countParams()) : '0';
    const name = `${l.name} (${l.getClassName()})`;
    if (isSeq) lines.push(row([name, shapeOf(l), params], pos));
    else {
      const inputs = l instanceof InputLayer ? [] : nodesIn(l).flatMap((n) => n.inputTensors.map((t) => `${t.sourceLayer.name}[${t.nodeIndex}][${t.tensorIndex}]`));
      lines.push(row([name, shapeOf(l), params, inputs[0] ?? ''], pos));
      for (const extra of inputs.slice(1)) lines.push(row(['', '', '', extra], pos));
    }
    lines.push(i === layers.length - 1 ? '='.repeat(length) : '_'.repeat(length));
  });
  if (layers.length === 0) lines.push('='.repeat(length));
  const count = (ws: { val: { size: number } }[]) => ws.reduce((n, w) => n + w.val.size, 0);
  const trainable = count(model.trainableWeights);
  const nonTrainable = count(model.nonTrainableWeights);
  lines.push(`Total params: ${trainable + nonTrainable}`);
  lines.push(`Trainable params: ${trainable}`);
  lines.push(`Non-trainable params: ${nonTrainable}`);
  lines.push('_'.repeat(length));
  return lines.join('\n');
}

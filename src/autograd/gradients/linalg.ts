import { add, matMul, reshape, sum, type Tensor } from '../../tensor/index.js';
import { registerGradient } from '../registry.js';
import { fusedGradients } from './fused.js';

/** Sums a batched gradient over the batch when the operand was broadcast (batch 1). */
const fold = (g: Tensor, like: Tensor) => (like.shape[0] === 1 && g.shape[0] !== 1 ? sum(g, 0, true) : g);

registerGradient('BatchMatMul', ([dy], call) => {
  const [a, b] = call.inputs;
  const tA = call.attrs.transposeA as boolean, tB = call.attrs.transposeB as boolean;
  const { dz, dBias, dAlpha } = fusedGradients(dy, call, () => {
    const z = matMul(a, b, tA, tB);
    return call.attrs.hasBias ? add(z, reshape(call.inputs[2], [call.inputs[2].size])) : z;
  });
  let da: Tensor, db: Tensor;
  if (!tA && !tB) { da = matMul(dz, b, false, true); db = matMul(a, dz, true, false); }
  else if (tA && !tB) { da = matMul(b, dz, false, true); db = matMul(a, dz); }
  else if (!tA && tB) { da = matMul(dz, b); db = matMul(dz, a, true, false); }
  else { da = matMul(b, dz, true, true); db = matMul(dz, a, true, true); }
  const out: (Tensor | null)[] = [fold(da, a), fold(db, b)];
  if (call.attrs.hasBias) out.push(dBias);
  if (call.attrs.hasPreluAlpha) out.push(dAlpha);
  return out;
});

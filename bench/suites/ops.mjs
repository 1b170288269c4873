// Op benchmarks: Sprout CPU vs TF.js cpu and wasm on the kernels where model time goes.
import { ms, ratio, time } from '../harness.mjs';
import { withTf } from '../libs.mjs';

function rand(n, seed) {
  const a = new Float32Array(n);
  let s = seed >>> 0;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    a[i] = s / 2 ** 32 - 0.5;
  }
  return a;
}

const size = (shape) => shape.reduce((a, b) => a * b, 1);

/** Each case: inputs (shapes) and how to run it with a library `L` (sprout or tf, same API). */
const CASES = [
  ...[256, 512, 1024].map((n) => ({
    name: `matMul ${n}×${n}`,
    shapes: [[n, n], [n, n]],
    run: (L, [a, b]) => L.matMul(a, b),
  })),
  {
    name: 'conv2d 1×224×224×3 ∗ 3×3×3×32, stride 2, same',
    shapes: [[1, 224, 224, 3], [3, 3, 3, 32]],
    run: (L, [x, f]) => L.conv2d(x, f, 2, 'same'),
  },
  {
    name: 'conv2d 1×56×56×128 ∗ 1×1×128×128',
    shapes: [[1, 56, 56, 128], [1, 1, 128, 128]],
    run: (L, [x, f]) => L.conv2d(x, f, 1, 'same'),
  },
  {
    name: 'depthwiseConv2d 1×112×112×32, 3×3, same',
    shapes: [[1, 112, 112, 32], [3, 3, 32, 1]],
    run: (L, [x, f]) => L.depthwiseConv2d(x, f, 1, 'same'),
  },
];

export async function opsSuite({ sprout, tf }) {
  const rows = [];
  for (const c of CASES) {
    const data = c.shapes.map((s, i) => rand(size(s), 17 + i));
    const timeWith = async (L) => {
      const inputs = c.shapes.map((s, i) => L.tensor(data[i], s));
      const t = await time(() => {
        const out = c.run(L, inputs);
        out.dataSync();
        out.dispose();
      });
      inputs.forEach((x) => x.dispose());
      return t;
    };
    const sproutMs = await timeWith(sprout);
    await withTf(tf, 'cpu');
    const cpuMs = await timeWith(tf);
    await withTf(tf, 'wasm');
    const wasmMs = await timeWith(tf);
    rows.push({ name: c.name, sproutMs, cpuMs, wasmMs });
    console.log(`  ${c.name}: sprout ${ms(sproutMs)} ms, tfjs-cpu ${ms(cpuMs)} ms, tfjs-wasm ${ms(wasmMs)} ms`);
  }
  const lines = [
    '| case | Sprout CPU (ms) | TF.js cpu (ms) | TF.js wasm (ms) | Sprout / tfjs-cpu | Sprout / tfjs-wasm |',
    '|---|---:|---:|---:|---:|---:|',
    ...rows.map((r) => `| ${r.name} | ${ms(r.sproutMs)} | ${ms(r.cpuMs)} | ${ms(r.wasmMs)} | ${ratio(r.sproutMs, r.cpuMs)} | ${ratio(r.sproutMs, r.wasmMs)} |`),
  ];
  return { title: 'Ops (CPU kernels)', rows, markdown: lines.join('\n') };
}

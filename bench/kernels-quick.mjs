// Quick timing of the CPU backend's heavy kernels against TF.js 4.22's cpu backend.
//
//   node bench/kernels-quick.mjs [runs]
//
// Bundles src/backends/cpu with rolldown (already a dev dependency through vite) into a temp
// file, then times each case interleaved with TF.js, so that both see the same machine load,
// and prints medians after warm-up.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'rolldown';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dir = mkdtempSync(join(tmpdir(), 'sprout-bench-'));
await build({
  input: { cpu: join(root, 'src/backends/cpu/index.ts'), conv: join(root, 'src/core/conv-util.ts') },
  output: { dir, format: 'esm', entryFileNames: '[name].mjs' },
  platform: 'node',
  logLevel: 'silent',
});
const { CpuBackend } = await import(pathToFileURL(join(dir, 'cpu.mjs')).href);
const { computeConv2DInfo } = await import(pathToFileURL(join(dir, 'conv.mjs')).href);
rmSync(dir, { recursive: true, force: true });

const tf = await import('@tensorflow/tfjs');
const warn = console.warn;
console.warn = () => {};
await tf.setBackend('cpu');
console.warn = warn;

const runs = Number(process.argv[2] ?? 7);
const be = new CpuBackend();

function rand(n) {
  const a = new Float32Array(n);
  for (let i = 0; i < n; i++) a[i] = Math.random() * 2 - 1;
  return a;
}
function input(shape) {
  const values = rand(shape.reduce((p, d) => p * d, 1));
  return { info: { dataId: be.write(values, shape, 'float32'), shape, dtype: 'float32' }, t: tf.tensor(values, shape) };
}
function median(xs) {
  const s = [...xs].sort((p, q) => p - q);
  return s[s.length >> 1];
}

const fused = { activation: 'linear', leakyreluAlpha: 0.2, hasBias: false, hasPreluAlpha: false };
const cases = [];
for (const n of [256, 512, 1024]) {
  const a = input([1, n, n]), b = input([1, n, n]);
  cases.push({
    name: `matMul ${n}`,
    ours: () => be.runKernel('BatchMatMul', [a.info, b.info], { transposeA: false, transposeB: false, ...fused }),
    theirs: () => tf.matMul(a.t, b.t),
    reps: n === 1024 ? Math.max(3, runs >> 1) : runs,
  });
}
{
  const x = input([1, 224, 224, 3]), f = input([3, 3, 3, 32]);
  const info = computeConv2DInfo(x.info.shape, f.info.shape, [2, 2], [1, 1], 'same');
  cases.push({
    name: 'conv2d 1x224x224x3 * 3x3x3x32 s2 same',
    ours: () => be.runKernel('Conv2D', [x.info, f.info], { info, ...fused }),
    theirs: () => tf.conv2d(x.t, f.t, 2, 'same'),
    reps: runs,
  });
}
{
  const x = input([1, 56, 56, 128]), f = input([1, 1, 128, 128]);
  const info = computeConv2DInfo(x.info.shape, f.info.shape, [1, 1], [1, 1], 'same');
  cases.push({
    name: 'conv2d 1x56x56x128 * 1x1x128x128',
    ours: () => be.runKernel('Conv2D', [x.info, f.info], { info, ...fused }),
    theirs: () => tf.conv2d(x.t, f.t, 1, 'same'),
    reps: runs,
  });
}
{
  const x = input([1, 112, 112, 32]), f = input([3, 3, 32, 1]);
  const info = computeConv2DInfo(x.info.shape, f.info.shape, [1, 1], [1, 1], 'same', undefined, true);
  cases.push({
    name: 'depthwise 1x112x112x32 3x3 same',
    ours: () => be.runKernel('DepthwiseConv2dNative', [x.info, f.info], { info, ...fused }),
    theirs: () => tf.depthwiseConv2d(x.t, f.t, 1, 'same'),
    reps: runs,
  });
}

// Extra cases, beyond the ones the targets are set for.
{
  const x = input([1, 56, 56, 64]), f = input([3, 3, 64, 64]);
  const info = computeConv2DInfo(x.info.shape, f.info.shape, [1, 1], [1, 1], 'same');
  cases.push({
    name: 'conv2d 1x56x56x64 * 3x3x64x64 same',
    ours: () => be.runKernel('Conv2D', [x.info, f.info], { info, ...fused }),
    theirs: () => tf.conv2d(x.t, f.t, 1, 'same'),
    reps: runs,
  });
}
{
  // conv2dTranspose 1x28x28x64 → 1x56x56x32 (forward conv 56x56x32 → 28x28x64, 3x3 stride 2).
  const dy = input([1, 28, 28, 64]), f = input([3, 3, 32, 64]);
  const info = computeConv2DInfo([1, 56, 56, 32], f.info.shape, [2, 2], [1, 1], 'same');
  cases.push({
    name: 'conv2dTranspose 28x28x64 → 56x56x32 s2',
    ours: () => be.runKernel('Conv2DBackpropInput', [dy.info, f.info], { info }),
    theirs: () => tf.conv2dTranspose(dy.t, f.t, [1, 56, 56, 32], 2, 'same'),
    reps: runs,
  });
}
{
  const x = input([1, 112, 112, 64]);
  const info = computeConv2DInfo(x.info.shape, [3, 3, 64, 64], [2, 2], [1, 1], 'same');
  cases.push({
    name: 'maxPool 1x112x112x64 3x3 s2 same',
    ours: () => be.runKernel('MaxPool', [x.info], { info }),
    theirs: () => tf.maxPool(x.t, 3, 2, 'same'),
    reps: runs,
  });
}
{
  const x = input([1, 64, 64, 16]);
  cases.push({
    name: 'resizeBilinear 64x64x16 → 150x150',
    ours: () => be.runKernel('ResizeBilinear', [x.info], { newHeight: 150, newWidth: 150, alignCorners: false, halfPixelCenters: true }),
    theirs: () => tf.image.resizeBilinear(x.t, [150, 150], false, true),
    reps: runs,
  });
}

function timeOurs(c) {
  const t = performance.now();
  const [o] = c.ours();
  const ms = performance.now() - t;
  be.disposeData(o.dataId);
  return ms;
}
function timeTheirs(c) {
  const t = performance.now();
  const o = c.theirs();
  o.dataSync();
  const ms = performance.now() - t;
  o.dispose();
  return ms;
}

console.log(`case                                     sprout ms   tfjs ms   ratio`);
for (const c of cases) {
  for (let i = 0; i < 2; i++) { timeOurs(c); timeTheirs(c); }
  const ours = [], theirs = [];
  for (let i = 0; i < c.reps; i++) { ours.push(timeOurs(c)); theirs.push(timeTheirs(c)); }
  const mo = median(ours), mt = median(theirs);
  console.log(`${c.name.padEnd(40)} ${mo.toFixed(1).padStart(9)} ${mt.toFixed(1).padStart(9)}   ${(mo / mt).toFixed(3)}`);
}

// Loads the libraries compared by the benchmarks: Sprout (the built bundle, as users get it) and
// TensorFlow.js 4.22 with its `cpu` and `wasm` backends.
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);

export async function loadLibraries() {
  const sprout = await import('sprout-ml');
  await sprout.setBackend('cpu');
  // TF.js prints a banner about tfjs-node; keep the benchmark output readable.
  const log = console.log;
  console.log = () => {};
  const tf = await import('@tensorflow/tfjs');
  const wasm = await import('@tensorflow/tfjs-backend-wasm');
  console.log = log;
  const wasmDir = path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')) + '/dist/';
  wasm.setWasmPaths(wasmDir);
  return { sprout, tf };
}

/** Runs `fn` with TF.js switched to `backend`. */
export async function withTf(tf, backend) {
  if (tf.getBackend() !== backend) {
    const ok = await tf.setBackend(backend);
    if (!ok) throw new Error(`TF.js backend ${backend} failed to start`);
  }
  await tf.ready();
}

// CIFAR-10 subset reader for the task tests: ../shared/datasets/cifar10-subset holds PNG sprites
// (one 32×32 RGB image per PNG row, 1000 rows a file) and labels.json
// ({classes, labels}: labels[1000·b + row] is the class index of row `row` of cifar10_batch_b.png).
import fs from 'node:fs';
import path from 'node:path';
import { PNG } from 'pngjs';
import { sharedDir } from '../data/shared-data.mjs';

/** The CIFAR folder, or null when ../shared is missing. */
export function cifarDir() {
  const dir = sharedDir();
  const d = dir && path.join(dir, 'datasets/cifar10-subset');
  return d && fs.existsSync(path.join(d, 'labels.json')) ? d : null;
}

/**
 * Images of the given class names from the given batches, at most `perClass` of each, in file order:
 * `[{ image: {data: RGBA Uint8Array, width: 32, height: 32}, label }]`.
 */
export function loadCifar(batches, classNames, perClass) {
  const dir = cifarDir();
  if (!dir) return null;
  const { classes, labels } = JSON.parse(fs.readFileSync(path.join(dir, 'labels.json'), 'utf8'));
  const wanted = new Map(classNames.map((n) => [classes.indexOf(n), n]));
  const counts = new Map(classNames.map((n) => [n, 0]));
  const out = [];
  for (const b of batches) {
    const png = PNG.sync.read(fs.readFileSync(path.join(dir, `cifar10_batch_${b}.png`)));
    for (let row = 0; row < png.height; row++) {
      const name = wanted.get(labels[1000 * b + row]);
      if (name === undefined || counts.get(name) >= perClass) continue;
      counts.set(name, counts.get(name) + 1);
      const start = row * png.width * 4;
      out.push({ image: { data: new Uint8Array(png.data.subarray(start, start + 32 * 32 * 4)), width: 32, height: 32 }, label: name });
    }
  }
  return out;
}

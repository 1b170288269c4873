// The ml5 colour data (../shared/datasets/tabular/ml5-colorData.json: r, g, b and a colour-name
// label per row, ~5,600 rows) split into training and held-out rows with a seeded shuffle.
import fs from 'node:fs';
import path from 'node:path';
import { sharedDir, shuffledIndices } from '../data/shared-data.mjs';

/** One row of the colour data. */
export interface Colour { r: number; g: number; b: number; label: string }

/** { train, test } lists of { r, g, b, label }, or null without ../shared. */
export function loadColourSplit(testFraction = 0.2, seed = 7): { train: Colour[]; test: Colour[] } | null {
  const dir: string | null = sharedDir();
  if (!dir) return null;
  const { entries }: { entries: Colour[] } = JSON.parse(fs.readFileSync(path.join(dir, 'datasets/tabular/ml5-colorData.json'), 'utf8'));
  const rows = entries.map(({ r, g, b, label }) => ({ r, g, b, label }));
  const order: number[] = shuffledIndices(rows.length, seed);
  const nTest = Math.round(rows.length * testFraction);
  return { test: order.slice(0, nTest).map((i) => rows[i]), train: order.slice(nTest).map((i) => rows[i]) };
}

/** The folder of ml5's saved colour model, or null without ../shared. */
export function ml5SavedExample(): string | null {
  const dir: string | null = sharedDir();
  return dir ? path.join(dir, 'zoo-sources/ml5-neuralnetwork-save-example') : null;
}

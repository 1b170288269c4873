// THE shared op suite: every case runs unchanged on every backend, in Node (test/ops/cases.test.ts)
// and in headless Chromium (test/browser/runner.js, with `sp = window.sprout`).
//
// Contract: `cases` is an array of { name, run(sp, backendName) } where `run` throws (or rejects)
// on failure. Names are unique and stable. Every case frees what it makes and checks that
// `sp.memory().numTensors` is unchanged afterwards. Expected values come from hand computation or
// the naive reference in test/reference/naive.js, never from running the library.
//
// This module and everything it imports are plain ES modules with relative `.js` imports and no
// Node-only or browser-only dependencies.
import { checkUniqueNames } from './util.js';
import { elementwiseCases } from './elementwise.js';
import { reduceCases } from './reduce.js';
import { linalgCases } from './linalg.js';
import { convCases } from './conv.js';
import { transformCases } from './transform.js';
import { imageCases } from './image.js';
import { creationCases } from './creation.js';
import { memoryCases } from './memory.js';
import { extraCases } from './extra.js';

export const cases = checkUniqueNames([
  ...creationCases,
  ...elementwiseCases,
  ...reduceCases,
  ...transformCases,
  ...linalgCases,
  ...convCases,
  ...imageCases,
  ...extraCases,
  ...memoryCases,
]);

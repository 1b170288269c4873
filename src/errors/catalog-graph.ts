/** Catalog section: Graph models with control flow and dynamic shapes (engine voice). */
import { s, type MessageEntry } from './entry.js';

export const GRAPH_MESSAGES = {
  'graph.unsupportedControlFlow': {
    voice: 'engine',
    text: (p) => `${s(p.op)}: '${s(p.file)}' has ${s(p.count)} control-flow construct(s) Sprout cannot run: ${s(p.problems)}`,
  },
  'graph.loopLimit': {
    voice: 'engine',
    text: (p) =>
      `${s(p.op)}: loop '${s(p.frame)}' did not finish within ${s(p.limit)} iterations (LoopCond '${s(p.cond)}' stayed true); ` +
      `raise the bound with the model's maxLoopIterations if the loop is meant to run longer`,
  },
  'graph.tensorArray': {
    voice: 'engine',
    text: (p) => `${s(p.op)}: ${s(p.kind)} '${s(p.name)}': ${s(p.detail)}`,
  },
} satisfies Record<string, MessageEntry>;

/**
 * The one message catalog of Sprout. Every error and warning that Sprout shows is written here,
 * and raised through `raise()` / `warnOnce()`, so that wording stays consistent and each message
 * can be tested.
 *
 * Two voices:
 * - `engine` messages are for the engine's callers: precise, naming the op, the parameter, what was
 *   expected and what was given (`conv2d: filter must have rank 4, got rank 3 (shape [3,3,3])`).
 * - `friendly` messages are for beginners: what happened, the usual reason, what to try.
 */

/** Parameters a message template may use. */
export type MessageParams = Record<string, string | number | boolean | undefined>;

/** One catalog entry. */
export interface MessageEntry {
  voice: 'engine' | 'friendly';
  text: (p: MessageParams) => string;
}

const s = (v: unknown): string => String(v);

export const CATALOG = {
  // ---- engine voice ----------------------------------------------------------------------
  'op.badArgument': {
    voice: 'engine',
    text: (p) => `${s(p.op)}: ${s(p.param)} ${s(p.expected)}, got ${s(p.got)}`,
  },
  'op.badInputType': {
    voice: 'engine',
    text: (p) =>
      `${s(p.op)}: ${s(p.param)} must be a Tensor, a number, a boolean, a (nested) array or a TypedArray, got ${s(p.got)}`,
  },
  'op.dtypeMismatch': {
    voice: 'engine',
    text: (p) => `${s(p.op)}: ${s(p.param)} must have dtype ${s(p.expected)}, got ${s(p.got)}`,
  },
  'op.shapesNotBroadcastable': {
    voice: 'engine',
    text: (p) =>
      `${s(p.op)}: shapes [${s(p.a)}] and [${s(p.b)}] cannot be broadcast together (dimension ${s(p.dim)} is ${s(p.da)} vs ${s(p.db)}; each must be equal or 1)`,
  },
  'tensor.disposed': {
    voice: 'engine',
    text: (p) =>
      `${s(p.op)}: ${s(p.param)} is a disposed tensor (id ${s(p.id)}); it was freed by dispose() or by the end of a tidy()/scope() — keep() it to use it later`,
  },
  'tensor.valuesShapeMismatch': {
    voice: 'engine',
    text: (p) =>
      `tensor: values hold ${s(p.size)} element(s) but shape [${s(p.shape)}] needs ${s(p.needed)}`,
  },
  'tensor.raggedArray': {
    voice: 'engine',
    text: (p) =>
      `tensor: nested array is ragged at ${s(p.where)}: expected ${s(p.expected)} element(s), got ${s(p.got)}`,
  },
  'tensor.badValue': {
    voice: 'engine',
    text: (p) => `tensor: element ${s(p.where)} must be a number or a boolean, got ${s(p.got)}`,
  },
  'tensor.badDtype': {
    voice: 'engine',
    text: (p) => `${s(p.op)}: dtype must be 'float32', 'int32' or 'bool', got ${s(p.got)}`,
  },
  'tensor.badShape': {
    voice: 'engine',
    text: (p) => `${s(p.op)}: shape must be an array of non-negative integers, got ${s(p.got)}`,
  },
  'tensor.rankTooHigh': {
    voice: 'engine',
    text: (p) => `${s(p.op)}: tensors have rank 0 to 6, got rank ${s(p.rank)} (shape [${s(p.shape)}])`,
  },
  'backend.unknown': {
    voice: 'engine',
    text: (p) => `setBackend: no backend named '${s(p.name)}' is registered (registered: ${s(p.known)})`,
  },
  'backend.initFailed': {
    voice: 'engine',
    text: (p) => `setBackend: backend '${s(p.name)}' could not start: ${s(p.reason)}`,
  },
  'backend.noKernel': {
    voice: 'engine',
    text: (p) => `${s(p.op)}: backend '${s(p.backend)}' has no kernel '${s(p.kernel)}'`,
  },
  'backend.noSyncRead': {
    voice: 'engine',
    text: (p) =>
      `dataSync: backend '${s(p.backend)}' cannot read synchronously; use await tensor.data() instead`,
  },
  'backend.cannotMove': {
    voice: 'engine',
    text: (p) =>
      `${s(p.op)}: ${s(p.param)} lives on backend '${s(p.from)}', which cannot be read synchronously to move it to '${s(p.to)}'; switch with await sprout.setBackend('${s(p.to)}') (it moves such tensors) or read it with await tensor.data()`,
  },
  'backend.notReady': {
    voice: 'engine',
    text: (p) =>
      `backend '${s(p.name)}' is still loading; await sprout.ready() (or await setBackend('${s(p.name)}')) before running ops`,
  },
  'scope.badFunction': {
    voice: 'engine',
    text: (p) => `${s(p.op)}: expects a function, got ${s(p.got)}`,
  },
  'scope.asyncInTidy': {
    voice: 'engine',
    text: () =>
      `tidy: the function returned a Promise; tidy() only works with synchronous code — use await sprout.scope(async () => ...) instead`,
  },
  'grad.noRule': {
    voice: 'engine',
    text: (p) => `${s(p.op)}: kernel '${s(p.kernel)}' has no gradient, so this function cannot be differentiated through it`,
  },
  'grad.notFunction': {
    voice: 'engine',
    text: (p) => `${s(p.op)}: f must be a function, got ${s(p.got)}`,
  },
  'grad.badResult': {
    voice: 'engine',
    text: (p) => `${s(p.op)}: f must return a float32 Tensor, got ${s(p.got)}`,
  },
  'grad.notScalar': {
    voice: 'engine',
    text: (p) => `${s(p.op)}: f must return a scalar (the loss), got ${s(p.got)}`,
  },
  'grad.noPath': {
    voice: 'engine',
    text: (p) =>
      `${s(p.op)}: the result does not depend on ${s(p.what)}; make sure f computes its result from its argument(s) (or the variables) inside f`,
  },
  'grad.badDy': {
    voice: 'engine',
    text: (p) => `${s(p.op)}: dy must have the shape of f's result [${s(p.expected)}], got [${s(p.got)}]`,
  },
  'internal': {
    voice: 'engine',
    text: (p) => `internal error: ${s(p.detail)} (please report this)`,
  },
  'nn.unknownName': {
    voice: 'engine',
    text: (p) =>
      `${s(p.op)}: unknown ${s(p.kind)} ${s(p.got)}${p.nearest ? `; did you mean '${s(p.nearest)}'?` : ''} (known: ${s(p.known)})`,
  },
  'nn.shapeMismatch': {
    voice: 'engine',
    text: (p) =>
      `${s(p.op)}: ${s(p.a)} and ${s(p.b)} must have the same shape, got ${s(p.a)} [${s(p.shapeA)}] and ${s(p.b)} [${s(p.shapeB)}]`,
  },
  'optimizer.unknownVariable': {
    voice: 'engine',
    text: (p) =>
      `${s(p.op)}: no live variable is named '${s(p.name)}' (gradients are matched to variables by name; was the variable disposed?)`,
  },

  // ---- friendly voice --------------------------------------------------------------------
  'warn.unknownOption': {
    voice: 'friendly',
    text: (p) =>
      `${s(p.where)} does not know the option '${s(p.option)}'.${p.nearest ? ` Did you mean '${s(p.nearest)}'?` : ''} It is ignored and the default is used.`,
  },
} satisfies Record<string, MessageEntry>;

/** A message identifier of the catalog. */
export type MessageCode = keyof typeof CATALOG;

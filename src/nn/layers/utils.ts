/** Small helpers shared by the layer classes: argument checks, serialization of initializers. */
import { raise, warnOnce } from '../../errors/index.js';
import { getInitializer, getRegularizer, type Initializer, type InitializerLike, type Regularizer, type RegularizerLike } from './deps.js';

/** `{ className, config }` of an initializer or regularizer (TF.js' `serializeKerasObject`). */
export function serializeObject(obj: Initializer | Regularizer | null | undefined): { className: string; config: Record<string, unknown> } | null {
  if (!obj) return null;
  const o = obj as unknown as { className?: string; getClassName?: () => string; getConfig?: () => Record<string, unknown> };
  const className = o.className ?? o.getClassName?.() ?? 'Unknown';
  return { className, config: o.getConfig ? { ...o.getConfig() } : {} };
}

/** An initializer from an identifier, with the layer named if it is unknown. */
export function initializerArg(id: InitializerLike | undefined | null, dflt: string): Initializer {
  return getInitializer(id ?? dflt);
}

/** A regularizer from an identifier (null when none). */
export function regularizerArg(id: RegularizerLike | undefined | null): Regularizer | null {
  return id === undefined || id === null ? null : getRegularizer(id);
}

/** Warns that an option Sprout accepts for compatibility is ignored (constraints, …). */
export function ignoredOption(layer: string, option: string, value: unknown): void {
  if (value !== undefined && value !== null) warnOnce('layers.ignoredOption', { layer, option });
}

/** A positive integer option. */
export function positiveInt(layer: string, option: string, v: unknown, min = 1): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min) {
    raise('layers.badOption', { layer, option, expected: min === 0 ? 'a non-negative integer' : 'a positive integer', got: v === undefined ? 'nothing (it is required)' : JSON.stringify(v) });
  }
  return v;
}

/** A number or a pair as a pair of positive integers ([3, 3] from 3). */
export function pairArg(layer: string, option: string, v: unknown, dflt?: number | [number, number]): [number, number] {
  const x = v === undefined || v === null ? dflt : v;
  const p = typeof x === 'number' ? [x, x] : x;
  if (!Array.isArray(p) || p.length !== 2 || !p.every((n) => Number.isInteger(n) && n >= 1)) {
    raise('layers.badOption', { layer, option, expected: 'a positive integer or a pair [height, width] of them', got: x === undefined ? 'nothing (it is required)' : JSON.stringify(x) });
  }
  return [p[0], p[1]];
}

/** 'same' or 'valid'. */
export function paddingArg(layer: string, v: unknown): 'same' | 'valid' {
  const p = v ?? 'valid';
  if (p !== 'same' && p !== 'valid') raise('layers.badOption', { layer, option: 'padding', expected: "'same' or 'valid'", got: JSON.stringify(p) });
  return p;
}

/** Only channels-last images are supported. */
export function dataFormatArg(layer: string, v: unknown): 'channelsLast' {
  if (v !== undefined && v !== null && v !== 'channelsLast' && v !== 'channels_last') {
    raise('layers.badOption', { layer, option: 'dataFormat', expected: "'channelsLast' (images as [batch, height, width, channels]; channelsFirst is not supported)", got: JSON.stringify(v) });
  }
  return 'channelsLast';
}

/** Keras' conv_output_length. */
export function convOutputLength(len: number | null, k: number, padding: 'same' | 'valid', stride: number, dilation = 1): number | null {
  if (len === null) return null;
  const dk = (k - 1) * dilation + 1;
  const out = padding === 'same' ? len : len - dk + 1;
  return Math.floor((out + stride - 1) / stride);
}

/** Keras' deconv_output_length (no output padding). */
export function deconvOutputLength(len: number | null, k: number, padding: 'same' | 'valid', stride: number): number | null {
  if (len === null) return null;
  return padding === 'valid' ? len * stride + Math.max(k - stride, 0) : len * stride;
}

import type { BackendFactory } from '../core/backend.js';

/** A backend the engine may start: its factory (sync or lazy) and its priority. */
export interface BackendEntry {
  factory: BackendFactory;
  priority: number;
}

const registry = new Map<string, BackendEntry>();

/**
 * Makes a backend available under `name`. GPU backends register a factory that imports their code
 * lazily, so it is only downloaded when used.
 *
 * @example
 * registerBackend('cpu', () => new CpuBackend(), 1);
 */
export function registerBackend(name: string, factory: BackendFactory, priority = 0): void {
  registry.set(name, { factory, priority });
}

/** The registered entry for `name`, if any. */
export function findBackend(name: string): BackendEntry | undefined {
  return registry.get(name);
}

/** Names of registered backends, highest priority first. @example sprout.registeredBackends(); // ['cpu'] */
export function registeredBackends(): string[] {
  return [...registry.entries()].sort((a, b) => b[1].priority - a[1].priority).map(([n]) => n);
}

/** Removes a backend registration (tests use this). */
export function unregisterBackend(name: string): void {
  registry.delete(name);
}

export { registerBackend, findBackend, registeredBackends, unregisterBackend, type BackendEntry } from './registry.js';

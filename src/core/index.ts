export * from './dtype.js';
export * from './shape.js';
export * from './rng.js';
export * from './backend.js';
export * from './conv-util.js';
export * from './kernels.js';

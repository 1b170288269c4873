export { CpuBackend, type CpuKernel } from './cpu-backend.js';

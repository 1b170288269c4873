// The backends the browser suite runs every shared op case on, in order. This is the one list:
// test/browser/runner.js (in the page) and test/browser/browser.test.ts (in Node) both import it.
// A backend that `sprout.setBackend` rejects (or resolves false for) is skipped, with the reason
// recorded, rather than failed. Add 'webgl' and 'webgpu' here once those backends exist.
export const BACKENDS = ['cpu'];

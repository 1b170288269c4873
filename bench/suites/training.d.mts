// Types for bench/suites/training.mjs (the proofs reuse its model builders).
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a Sequential model of whichever library L is
export declare function doodleConvnet(L: unknown, seed?: number): any;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export declare function irisMlp(L: unknown, seed?: number): any;
export declare function trainingSuite(libs: { sprout: unknown; tf: unknown }): Promise<unknown>;

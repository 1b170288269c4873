// Types for test/data/shared-data.mjs (so TypeScript tests can import it).
export declare function sharedDir(): string | null;
export declare const SHARED_MISSING: string;
export declare function shuffledIndices(n: number, seed?: number): number[];
export declare function loadIris(): { x: number[][]; y: number[]; classes: string[] } | null;
export declare function loadQuickdraw(perClass?: number): { x: Float32Array; y: Int32Array; classes: string[]; n: number } | null;
export declare function split(n: number, testFraction: number, seed?: number): { test: number[]; train: number[] };
export declare function pickRows(flat: Float32Array, width: number, rows: number[]): Float32Array;

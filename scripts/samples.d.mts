// Types for scripts/samples.mjs (so TypeScript tests can import it).
export declare const SAMPLES_DIR: string;
export declare function copySamples(): string[];

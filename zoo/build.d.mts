// Types for zoo/build.mjs (so TypeScript tests can import it).
export declare const ZOO_DIR: string;
export declare const OUT_DIR: string;
export declare function sha256(bytes: Uint8Array | string): string;
export declare function sourcesDir(): string | null;
export declare function readManifests(dir?: string): { file: string; manifest: Record<string, any> }[];
export interface SourceOptions {
  update?: boolean;
  sharedDir?: string | null;
  log?: (line: string) => void;
}
/** Each source file's place on disk, by its manifest path. */
export declare function fetchSources(manifest: Record<string, any>, options?: SourceOptions): Promise<Map<string, string>>;
export interface BuildOptions extends SourceOptions {
  ids?: string[];
  force?: boolean;
  manifestsDir?: string;
  outDir?: string;
}
export interface BuildResult {
  id: string;
  status: 'built' | 'unchanged';
  seconds: number;
}
export declare function buildZoo(options?: BuildOptions): Promise<BuildResult[]>;

// Types for scripts/serve.mjs (so TypeScript tests can import it).
import type { Server } from 'node:http';

export declare const MIME_TYPES: Readonly<Record<string, string>>;
export declare function mimeType(file: string): string;

export interface ServeOptions {
  /** Folder to serve (default: the repository root). */
  root?: string;
  /** Port (default 8080; 0 picks a free one). */
  port?: number;
  /** Interface (default 127.0.0.1). */
  host?: string;
  /** Request paths served from other paths: exact, or whole folders for keys ending in '/' ({ '/sprout/': '/dist/' }). */
  rewrites?: Record<string, string>;
  /** Log each request. */
  log?: boolean;
}

export interface RunningServer {
  url: string;
  port: number;
  host: string;
  root: string;
  server: Server;
  close(): Promise<void>;
}

export declare function startServer(options?: ServeOptions): Promise<RunningServer>;
export default startServer;

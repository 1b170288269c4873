// Types for scripts/site-layout.mjs.
export declare const SITE_REWRITES: Readonly<Record<string, string>>;

// Types for zoo/tools/schema.mjs.
/** Problems of `value` against the JSON schema `schema`, each as 'path: what is wrong'. */
export declare function validateManifest(value: unknown, schema: Record<string, unknown>, root?: Record<string, unknown>, path?: string): string[];

// Rollup configuration for the Sprout bundles.
//
//   dist/sprout.js       IIFE, global `sprout`, unminified (readable, for debugging in a sketch), with a source map
//   dist/sprout.min.js   IIFE, global `sprout`, minified with terser, with a source map
//   dist/sprout.esm.js   ES module (bundlers, `import ... from 'sprout-ml'`)
//   dist/sprout.cjs      CommonJS (Node `require('sprout-ml')`)
//
// Type declarations are emitted separately by `tsc -p tsconfig.build.json` (see scripts/build.mjs),
// so the TypeScript plugin here only transpiles.
import typescript from '@rollup/plugin-typescript';
import terser from '@rollup/plugin-terser';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const pkg = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8'));
const banner = `/*! Sprout (${pkg.name}) v${pkg.version} | ${pkg.license} License */`;

// Runtime dependencies (package.json "dependencies": idb-keyval for the zoo's cache) are bundled
// in: resolve each bare import of one to its ES module entry.
const bundledDependencies = {
  name: 'bundled-dependencies',
  resolveId(id) {
    if (!Object.hasOwn(pkg.dependencies ?? {}, id)) return null;
    const dir = new URL(`./node_modules/${id}/`, import.meta.url);
    const dep = JSON.parse(readFileSync(new URL('package.json', dir), 'utf8'));
    const entry = dep.exports?.['.']?.import ?? dep.module ?? dep.main;
    return fileURLToPath(new URL(entry, dir));
  },
};

/** Shared by every output. */
const common = { banner, exports: 'named', generatedCode: 'es2015' };

export default {
  input: 'src/index.ts',
  plugins: [
    bundledDependencies,
    typescript({
      tsconfig: './tsconfig.build.json',
      // The build tsconfig emits declarations only; for bundling we want JS and no declarations.
      compilerOptions: {
        noEmit: false,
        declaration: false,
        declarationMap: false,
        emitDeclarationOnly: false,
        declarationDir: undefined,
        outDir: 'dist',
        sourceMap: true,
        inlineSources: true,
      },
      // Type errors fail the build (tsc runs again afterwards for the declarations).
      noEmitOnError: true,
    }),
  ],
  // The library has no runtime dependencies: anything unresolved is a mistake, not an external.
  onwarn(warning, warn) {
    if (warning.code === 'UNRESOLVED_IMPORT') {
      throw new Error(`Unresolved import ${warning.exporter ?? ''} in ${warning.id ?? '?'}: Sprout bundles must be self-contained.`);
    }
    if (warning.code === 'CIRCULAR_DEPENDENCY' && !process.env.SPROUT_SHOW_CYCLES) return;
    warn(warning);
  },
  treeshake: { moduleSideEffects: true },
  output: [
    { ...common, file: 'dist/sprout.js', format: 'iife', name: 'sprout', sourcemap: true },
    {
      ...common,
      file: 'dist/sprout.min.js',
      format: 'iife',
      name: 'sprout',
      sourcemap: true,
      plugins: [terser({ ecma: 2020, compress: { passes: 2 }, format: { comments: /^!/ } })],
    },
    { ...common, file: 'dist/sprout.esm.js', format: 'es', sourcemap: true },
    { ...common, file: 'dist/sprout.cjs', format: 'cjs', sourcemap: true },
  ],
};

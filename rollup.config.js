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

const plugins = () => [
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
];

/** Rollup warnings: unresolved imports are errors (the bundles must be self-contained). */
const shared = {
  onwarn(warning, warn) {
    if (warning.code === 'UNRESOLVED_IMPORT') {
      throw new Error(`Unresolved import ${warning.exporter ?? ''} in ${warning.id ?? '?'}: Sprout bundles must be self-contained.`);
    }
    if (warning.code === 'CIRCULAR_DEPENDENCY' && !process.env.SPROUT_SHOW_CYCLES) return;
    warn(warning);
  },
  // Converter modules have no side effects: a bundle that does not use them leaves them out.
  treeshake: { moduleSideEffects: (id) => !/[\\/]src[\\/]models[\\/](tflite|graph)[\\/]|[\\/]compiler[\\/]tflite\.ts$/.test(id) },
};

const terse = () => terser({ ecma: 2020, compress: { passes: 2 }, format: { comments: /^!/ } });

/** Modules that go into sprout-formats*.js; everything else it imports comes from the sprout global. */
const inFormatsBundle = (id) =>
  /[\\/]src[\\/]models[\\/](tflite|graph)[\\/]/.test(id) || /formats-bundle\.ts$/.test(id) || /[\\/]compiler[\\/]tflite\.ts$/.test(id);

export default [
  // npm: the whole API, converters included.
  {
    ...shared,
    input: 'src/index.ts',
    plugins: plugins(),
    output: [
      { ...common, file: 'dist/sprout.esm.js', format: 'es', sourcemap: true },
      { ...common, file: 'dist/sprout.cjs', format: 'cjs', sourcemap: true },
    ],
  },
  // Script tag: the API without the converters, which load from sprout-formats*.js on first use.
  {
    ...shared,
    input: 'src/index.script.ts',
    plugins: plugins(),
    output: [
      { ...common, file: 'dist/sprout.js', format: 'iife', name: 'sprout', sourcemap: true },
      { ...common, file: 'dist/sprout.min.js', format: 'iife', name: 'sprout', sourcemap: true, plugins: [terse()] },
    ],
  },
  // The converters for the script tag, linked against `sprout.__internal`.
  {
    ...shared,
    input: 'src/models/formats-bundle.ts',
    plugins: plugins(),
    external: (id, importer, isResolved) => isResolved && !inFormatsBundle(id),
    output: [
      { ...common, file: 'dist/sprout-formats.js', format: 'iife', sourcemap: true, globals: () => 'sprout.__internal' },
      { ...common, file: 'dist/sprout-formats.min.js', format: 'iife', sourcemap: true, globals: () => 'sprout.__internal', plugins: [terse()] },
    ],
  },
];

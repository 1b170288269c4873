// Architecture guard: every file under src/ belongs to one layer (its first folder), and may import
// only from its own layer or the layers below it. Top to bottom:
//
//   p5 → tasks → zoo → models → nn → autograd → tensor → backends → core → errors
//
// Plus two backend rules:
//   - only src/backends/** (and the entry, src/index.ts) may import a concrete backend folder
//     (src/backends/cpu, src/backends/webgl, src/backends/webgpu);
//   - src/backends/** must not import src/tensor or anything above it (already implied by the
//     layer order, but reported with its own message because it is the rule people trip over).
//
// The entry, src/index.ts, is exempt from the layer order.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const SRC = join(ROOT, 'src');

/** Layers from top to bottom. Index = height: a smaller index is a higher layer. */
export const LAYERS = ['p5', 'tasks', 'zoo', 'models', 'nn', 'autograd', 'tensor', 'backends', 'core', 'errors'] as const;
/** Files exempt from the layer order (and allowed to import concrete backends). */
export const ENTRY_FILES = ['src/index.ts', 'src/index.script.ts', 'src/api.ts'];
/** Concrete backend folders. */
export const CONCRETE_BACKENDS = ['src/backends/cpu', 'src/backends/webgl', 'src/backends/webgpu'];

/** One import edge, paths relative to the repo root with forward slashes. */
export interface Edge {
  from: string;
  /** Resolved target file, or null when the relative import did not resolve. */
  to: string | null;
  specifier: string;
  line: number;
}

export interface Violation {
  rule: 'layer-order' | 'backend-upward' | 'concrete-backend' | 'unknown-layer' | 'imports-entry' | 'unresolved' | 'outside-src';
  edge: Edge;
  message: string;
}

const posix = (p: string) => p.split(sep).join('/');

/** The layer of a repo-relative path under src/, 'entry' for src/*.ts, or null when not under src/. */
export function layerOf(path: string): string | null {
  if (!path.startsWith('src/')) return null;
  const parts = path.slice(4).split('/');
  if (parts.length === 1) return 'entry';
  return parts[0]!;
}

const height = (layer: string) => (LAYERS as readonly string[]).indexOf(layer);
const isUnder = (path: string, dir: string) => path === dir || path.startsWith(dir + '/');

/** Checks import edges against the rules above. Pure: used on the real tree and on synthetic edges. */
export function checkEdges(edges: readonly Edge[]): Violation[] {
  const out: Violation[] = [];
  const at = (e: Edge) => `${e.from}:${e.line} imports '${e.specifier}'`;
  for (const e of edges) {
    if (e.to === null) {
      out.push({ rule: 'unresolved', edge: e, message: `${at(e)}, which does not resolve to a file` });
      continue;
    }
    const isEntry = ENTRY_FILES.includes(e.from);
    const fromLayer = layerOf(e.from);
    const toLayer = layerOf(e.to);
    if (fromLayer === null) continue; // only files under src/ are checked
    if (toLayer === null) {
      out.push({ rule: 'outside-src', edge: e, message: `${at(e)} (${e.to}), which is outside src/` });
      continue;
    }
    if (isEntry) continue;

    // Concrete backends: only from inside src/backends.
    const concrete = CONCRETE_BACKENDS.find((dir) => isUnder(e.to!, dir));
    if (concrete && !isUnder(e.from, 'src/backends')) {
      out.push({
        rule: 'concrete-backend',
        edge: e,
        message: `${at(e)} (${e.to}): only src/backends/** and ${ENTRY_FILES.join(', ')} may import the concrete backend ${concrete}`,
      });
    }

    if (fromLayer === 'entry') {
      out.push({ rule: 'unknown-layer', edge: e, message: `${at(e)}: ${e.from} sits at the src/ root but is not an entry (${ENTRY_FILES.join(', ')}); move it into a layer folder` });
      continue;
    }
    if (height(fromLayer) < 0) {
      out.push({ rule: 'unknown-layer', edge: e, message: `${at(e)}: ${e.from} is in src/${fromLayer}, which is not a known layer (${LAYERS.join(' → ')})` });
      continue;
    }
    if (toLayer === 'entry') {
      out.push({ rule: 'imports-entry', edge: e, message: `${at(e)} (${e.to}): layer files must not import the entry or other src/ root files` });
      continue;
    }
    if (height(toLayer) < 0) {
      out.push({ rule: 'unknown-layer', edge: e, message: `${at(e)} (${e.to}), which is in src/${toLayer}, not a known layer` });
      continue;
    }
    if (height(toLayer) < height(fromLayer)) {
      if (fromLayer === 'backends' && height(toLayer) <= height('tensor')) {
        out.push({
          rule: 'backend-upward',
          edge: e,
          message: `${at(e)} (${e.to}): src/backends must not import src/${toLayer} (backends sit below tensor; they see only core and errors)`,
        });
      } else {
        out.push({
          rule: 'layer-order',
          edge: e,
          message: `${at(e)} (${e.to}): layer '${fromLayer}' may not import the higher layer '${toLayer}' (order: ${LAYERS.join(' → ')})`,
        });
      }
    }
  }
  return out;
}

/** All .ts files under a directory (repo-relative, sorted). */
export function listTsFiles(dir: string): string[] {
  const files: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (/\.(c|m)?tsx?$/.test(name)) files.push(posix(relative(ROOT, p)));
    }
  };
  if (existsSync(dir)) walk(dir);
  return files;
}

/** Every module specifier in a source file: imports, re-exports, import(), import x = require(), import('x').T. */
export function specifiersOf(fileName: string, text: string): { specifier: string; line: number }[] {
  const sf = ts.createSourceFile(fileName, text, ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS);
  const found: { specifier: string; line: number }[] = [];
  const add = (node: ts.Node | undefined) => {
    if (node && ts.isStringLiteralLike(node)) {
      found.push({ specifier: node.text, line: sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1 });
    }
  };
  const visit = (node: ts.Node) => {
    if (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) add(node.moduleSpecifier);
    else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference)) add(node.moduleReference.expression);
    else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) add(node.arguments[0]);
    else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument)) add(node.argument.literal);
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return found;
}

/** Resolves a relative specifier the way the bundler does ('./x.js' → x.ts, './dir' → dir/index.ts). */
export function resolveRelative(fromFile: string, specifier: string): string | null {
  const base = resolve(ROOT, dirname(fromFile), specifier);
  const stem = base.replace(/\.(c|m)?jsx?$/, '');
  const candidates = [
    base,
    `${stem}.ts`,
    `${stem}.tsx`,
    `${stem}.d.ts`,
    `${stem}.mts`,
    `${stem}.cts`,
    join(base, 'index.ts'),
    join(base, 'index.tsx'),
  ];
  for (const c of candidates) {
    if (existsSync(c) && statSync(c).isFile()) return posix(relative(ROOT, c));
  }
  return null;
}

/** Import edges of every .ts file under src/ (relative imports only; bare packages are the bundler's concern). */
export function collectEdges(): { files: string[]; edges: Edge[] } {
  const files = listTsFiles(SRC);
  const edges: Edge[] = [];
  for (const from of files) {
    for (const { specifier, line } of specifiersOf(from, readFileSync(join(ROOT, from), 'utf8'))) {
      if (!specifier.startsWith('.')) continue;
      edges.push({ from, to: resolveRelative(from, specifier), specifier, line });
    }
  }
  return { files, edges };
}

const report = (vs: Violation[]) => vs.map((v) => `  [${v.rule}] ${v.message}`).join('\n');

describe('layer checker (self-test on synthetic imports)', () => {
  const e = (from: string, to: string | null, specifier = to ?? '?'): Edge => ({ from, to, specifier, line: 1 });

  it('accepts imports within a layer and downwards', () => {
    expect(
      checkEdges([
        e('src/nn/dense.ts', 'src/nn/layer.ts'),
        e('src/nn/dense.ts', 'src/tensor/tensor.ts'),
        e('src/p5/index.ts', 'src/errors/index.ts'),
        e('src/tensor/engine.ts', 'src/backends/index.ts'),
        e('src/backends/registry.ts', 'src/core/backend.ts'),
        e('src/backends/index.ts', 'src/backends/cpu/index.ts'),
        e('src/backends/webgl/index.ts', 'src/backends/cpu/index.ts'),
        e('src/index.ts', 'src/backends/cpu/index.ts'),
        e('src/index.ts', 'src/p5/index.ts'),
      ]),
    ).toEqual([]);
  });

  it('catches every kind of violation, naming the file and the import', () => {
    const cases: [Edge, Violation['rule']][] = [
      [e('src/core/shape.ts', 'src/tensor/tensor.ts', '../tensor/tensor.js'), 'layer-order'],
      [e('src/errors/catalog.ts', 'src/core/dtype.ts'), 'layer-order'],
      [e('src/nn/dense.ts', 'src/models/sequential.ts'), 'layer-order'],
      [e('src/tasks/classifier.ts', 'src/p5/index.ts'), 'layer-order'],
      [e('src/backends/cpu/matmul.ts', 'src/tensor/tensor.ts'), 'backend-upward'],
      [e('src/backends/registry.ts', 'src/nn/dense.ts'), 'backend-upward'],
      [e('src/tensor/engine.ts', 'src/backends/cpu/index.ts'), 'concrete-backend'],
      [e('src/nn/conv.ts', 'src/backends/webgl/programs/conv.ts'), 'concrete-backend'],
      [e('src/tasks/foo.ts', 'src/backends/webgpu/index.ts'), 'concrete-backend'],
      [e('src/core/x.ts', 'src/index.ts'), 'imports-entry'],
      [e('src/utils/x.ts', 'src/core/dtype.ts'), 'unknown-layer'],
      [e('src/helpers.ts', 'src/core/dtype.ts'), 'unknown-layer'],
      [e('src/core/x.ts', null, './missing.js'), 'unresolved'],
      [e('src/core/x.ts', 'test/cases/index.js'), 'outside-src'],
    ];
    for (const [edge, rule] of cases) {
      const vs = checkEdges([edge]);
      expect(vs.map((v) => v.rule), `${edge.from} -> ${edge.to}`).toContain(rule);
      for (const v of vs) {
        expect(v.message).toContain(edge.from);
        expect(v.message).toContain(edge.specifier);
      }
    }
  });

  it('resolves .js specifiers to .ts sources and finds every import form', () => {
    const text = [
      "import { a } from './a.js';",
      "import type { B } from '../core/b.js';",
      "export * from './c.js';",
      "export { d } from './d.js';",
      "const m = await import('./e.js');",
      "type T = import('./f.js').T;",
      "import g = require('./g.js');",
      "import 'side-effect-pkg';",
    ].join('\n');
    expect(specifiersOf('src/nn/x.ts', text).map((s) => s.specifier)).toEqual([
      './a.js',
      '../core/b.js',
      './c.js',
      './d.js',
      './e.js',
      './f.js',
      './g.js',
      'side-effect-pkg',
    ]);
  });
});

describe('src/ layering', () => {
  const { files, edges } = collectEdges();
  const layersWithFiles = new Set(files.map(layerOf).filter((l): l is string => l !== null && l !== 'entry'));

  it('finds source files in several layers (the check is not vacuous)', () => {
    expect(files.length, 'no .ts files found under src/').toBeGreaterThan(10);
    expect([...layersWithFiles].length, `layers with files: ${[...layersWithFiles].join(', ')}`).toBeGreaterThanOrEqual(3);
    for (const l of ['errors', 'core', 'backends']) expect([...layersWithFiles]).toContain(l);
    const crossLayer = edges.filter((e) => e.to && layerOf(e.from) !== layerOf(e.to));
    expect(crossLayer.length, 'no cross-layer imports found: is the resolver broken?').toBeGreaterThan(0);
  });

  it('every file under src/ is the entry or sits in a known layer folder', () => {
    const misplaced = files.filter((f) => !ENTRY_FILES.includes(f) && !(LAYERS as readonly string[]).includes(layerOf(f) ?? ''));
    expect(misplaced.length, `files outside the layer folders (${LAYERS.join(', ')}): ${misplaced.join(', ')}`).toBe(0);
  });

  it('every relative import resolves to a file', () => {
    const vs = checkEdges(edges).filter((v) => v.rule === 'unresolved');
    expect(vs.length, `unresolved imports:\n${report(vs)}`).toBe(0);
  });

  it('no file imports a higher layer, the entry, or a folder outside the known layers', () => {
    const vs = checkEdges(edges).filter((v) => ['layer-order', 'imports-entry', 'unknown-layer', 'outside-src'].includes(v.rule));
    expect(vs.length, `layer violations:\n${report(vs)}`).toBe(0);
  });

  it('src/backends imports nothing from src/tensor or above', () => {
    const vs = checkEdges(edges).filter((v) => v.rule === 'backend-upward');
    expect(vs.length, `backend violations:\n${report(vs)}`).toBe(0);
  });

  it('only src/backends and src/index.ts import a concrete backend (cpu, webgl, webgpu)', () => {
    const vs = checkEdges(edges).filter((v) => v.rule === 'concrete-backend');
    expect(vs.length, `concrete-backend violations:\n${report(vs)}`).toBe(0);
  });
});

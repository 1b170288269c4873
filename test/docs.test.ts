/**
 * The project rule "TSDoc with an @example on every public function": the site's reference is built
 * from these comments. Reads the public entries (src/index.ts, src/api.ts) with the TypeScript
 * compiler, follows every re-export to its declaration, and lists each exported function, class,
 * callable const and namespace object (`sprout.losses`, `sprout.io`, …) whose TSDoc has no @example.
 * Types, interfaces and class members are not checked here.
 */
import { describe, expect, it } from 'vitest';
import path from 'node:path';
import ts from 'typescript';

const root = path.resolve(__dirname, '..');
const entries = ['src/index.ts', 'src/api.ts'].map((f) => path.join(root, f));

function hasExample(node: ts.Node): boolean {
  return ts.getJSDocTags(node).some((t) => t.tagName.text === 'example');
}

/** The names checked, and `name (kind) file:line` for each one without an @example. */
function undocumentedExports(): { checked: Set<string>; missing: string[] } {
  const program = ts.createProgram(entries, {
    target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext, moduleResolution: ts.ModuleResolutionKind.Bundler,
    types: [], strict: true, noEmit: true, skipLibCheck: true, lib: ['lib.es2022.d.ts', 'lib.dom.d.ts'],
  });
  const checker = program.getTypeChecker();
  const missing = new Map<string, string>();
  const checked = new Set<string>();
  for (const entry of entries) {
    const source = program.getSourceFile(entry);
    if (!source) throw new Error(`cannot read ${entry}`);
    const moduleSymbol = checker.getSymbolAtLocation(source);
    if (!moduleSymbol) throw new Error(`${entry} is not a module`);
    for (const exported of checker.getExportsOfModule(moduleSymbol)) {
      const symbol = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
      const decls = symbol.declarations ?? [];
      const decl = decls[0];
      if (!decl) continue;
      let kind: string;
      let documented: boolean;
      if (ts.isFunctionDeclaration(decl)) {
        kind = 'function';
        documented = decls.some(hasExample); // one overload carrying the example is enough
      } else if (ts.isClassDeclaration(decl)) {
        kind = 'class';
        documented = hasExample(decl);
      } else if (ts.isVariableDeclaration(decl)) {
        const callable = checker.getTypeAtLocation(decl).getCallSignatures().length > 0;
        const namespace = decl.initializer !== undefined && ts.isObjectLiteralExpression(decl.initializer);
        if (!callable && !namespace) continue; // plain values (version, FRIENDLY_PREFIX, …)
        kind = callable ? 'function' : 'namespace object';
        documented = hasExample(decl.parent.parent);
      } else {
        continue; // types and interfaces
      }
      checked.add(exported.name);
      if (documented) continue;
      const file = decl.getSourceFile();
      const line = file.getLineAndCharacterOfPosition(decl.getStart()).line + 1;
      missing.set(exported.name, `${exported.name} (${kind}) ${path.relative(root, file.fileName)}:${line}`);
    }
  }
  return { checked, missing: [...missing.values()].sort() };
}

describe('public API documentation', () => {
  it('every exported function, class and namespace object has a TSDoc @example', () => {
    const { checked, missing } = undocumentedExports();
    // The scan really reached the re-exported ops, classes and namespaces (not a vacuous pass).
    for (const name of ['add', 'tidy', 'LayersModel', 'losses', 'neuralNetwork']) expect(checked.has(name), name).toBe(true);
    expect(checked.size).toBeGreaterThan(200);
    expect(missing, `exports without a TSDoc @example:\n${missing.join('\n')}`).toEqual([]);
  });
});

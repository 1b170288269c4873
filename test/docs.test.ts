/**
 * The project rule "TSDoc with an @example on every public function": the site's reference is built
 * from these comments. Reads the public entries (src/index.ts, src/api.ts) with the TypeScript
 * compiler, follows every re-export to its declaration, and lists each exported function, class,
 * callable const and namespace object (`sprout.losses`, `sprout.io`, …) whose TSDoc has no @example,
 * then each function in those namespaces (an alias such as `metrics.MSE` is covered by the doc of
 * the function it names). Types, interfaces and class members are not checked here.
 */
import { describe, expect, it } from 'vitest';
import path from 'node:path';
import ts from 'typescript';

const root = path.resolve(__dirname, '..');
const entries = ['src/index.ts', 'src/api.ts'].map((f) => path.join(root, f));

function hasExample(node: ts.Node): boolean {
  return ts.getJSDocTags(node).some((t) => t.tagName.text === 'example');
}

/** A declaration's own TSDoc, or its statement's for `const f = …`. */
function declarationHasExample(d: ts.Declaration): boolean {
  return hasExample(d) || (ts.isVariableDeclaration(d) && hasExample(d.parent.parent));
}

const resolve = (checker: ts.TypeChecker, s: ts.Symbol): ts.Symbol => (s.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(s) : s);

/** `ns.name = ns.alias` for each function in a namespace object whose docs have no @example. */
function undocumentedMembers(checker: ts.TypeChecker, ns: string, decl: ts.VariableDeclaration): string[] {
  const groups = new Map<ts.Symbol, { documented: boolean; names: string[] }>();
  for (const member of checker.getPropertiesOfType(checker.getTypeAtLocation(decl))) {
    if (!checker.getTypeOfSymbolAtLocation(member, decl).getCallSignatures().length) continue;
    // The function a property names: `{ mse }` and `{ MSE: mse }` both point at `mse`.
    const d = member.declarations?.[0];
    let target = member;
    if (d && ts.isShorthandPropertyAssignment(d)) target = resolve(checker, checker.getShorthandAssignmentValueSymbol(d) ?? member);
    else if (d && ts.isPropertyAssignment(d) && ts.isIdentifier(d.initializer)) target = resolve(checker, checker.getSymbolAtLocation(d.initializer) ?? member);
    const documented = [...(member.declarations ?? []), ...(target.declarations ?? [])].some(declarationHasExample);
    const group = groups.get(target) ?? { documented: false, names: [] };
    group.documented ||= documented;
    group.names.push(`${ns}.${member.name}`);
    groups.set(target, group);
  }
  return [...groups.values()].filter((g) => !g.documented).map((g) => g.names.join(' = '));
}

/**
 * The names checked and the namespace objects found; `name (kind) file:line` for each export
 * without an @example, and each undocumented namespace member.
 */
function undocumentedExports(): { checked: Set<string>; namespaces: Set<string>; missing: string[]; members: string[] } {
  const program = ts.createProgram(entries, {
    target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext, moduleResolution: ts.ModuleResolutionKind.Bundler,
    types: [], strict: true, noEmit: true, skipLibCheck: true, lib: ['lib.es2022.d.ts', 'lib.dom.d.ts'],
  });
  const checker = program.getTypeChecker();
  const missing = new Map<string, string>();
  const checked = new Set<string>();
  const namespaces = new Map<string, ts.VariableDeclaration>();
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
        if (namespace) namespaces.set(exported.name, decl);
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
  const members = [...namespaces].flatMap(([ns, decl]) => undocumentedMembers(checker, ns, decl));
  return { checked, namespaces: new Set(namespaces.keys()), missing: [...missing.values()].sort(), members: members.sort() };
}

describe('public API documentation', () => {
  it('every exported function, class and namespace object has a TSDoc @example', () => {
    const { checked, namespaces, missing, members } = undocumentedExports();
    // The scan really reached the re-exported ops, classes and namespaces (not a vacuous pass).
    for (const name of ['add', 'tidy', 'LayersModel', 'losses', 'neuralNetwork']) expect(checked.has(name), name).toBe(true);
    expect(checked.size).toBeGreaterThan(200);
    expect(missing, `exports without a TSDoc @example:\n${missing.join('\n')}`).toEqual([]);
    for (const ns of ['layers', 'losses', 'metrics', 'io', 'train', 'image']) expect(namespaces.has(ns), ns).toBe(true);
    expect(members, `namespace functions without a TSDoc @example:\n${members.join('\n')}`).toEqual([]);
  });
});

// The zoo build (zoo/build.mjs): fails when a source or a built file does not match its sha256 in
// the manifest, is incremental and deterministic, and downloads sources from their URL when no
// local copy is there (checked against a local static server: the build must not need the
// internet in tests). Uses DoodleNet, the smallest model. Needs ../shared/zoo-sources.
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildZoo, sha256, sourcesDir } from '../../zoo/build.mjs';
import { startServer } from '../../scripts/serve.mjs';

const SHARED = sourcesDir();
const REASON = 'skipped: ../shared/zoo-sources is not here (set SPROUT_ZOO_SOURCES to its folder to run it)';
if (!SHARED) console.warn(`[zoo build] ${REASON}`);

const ROOT = join(import.meta.dirname, '../..');
const tmp = mkdtempSync(join(tmpdir(), 'sprout-zoo-build-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const original = () => JSON.parse(readFileSync(join(ROOT, 'zoo/doodlenet.json'), 'utf8'));
let n = 0;
/** A manifests folder holding one (edited) doodlenet manifest, and an empty output folder. */
function workspace(edit: (m: ReturnType<typeof original>) => void = () => {}) {
  const dir = join(tmp, `ws${++n}`);
  cpSync(join(ROOT, 'zoo/manifest.schema.json'), join(dir, 'manifests/manifest.schema.json'));
  const m = original();
  edit(m);
  writeFileSync(join(dir, 'manifests/doodlenet.json'), JSON.stringify(m, null, 2));
  return { manifestsDir: join(dir, 'manifests'), outDir: join(dir, 'out'), log: () => {} };
}

describe.skipIf(!SHARED)(`zoo build ${SHARED ? '' : `(${REASON})`}`, () => {
  it('a source file whose sha256 differs from the manifest fails the build, naming it', async () => {
    const ws = workspace((m) => { m.source.files[1].sha256 = 'f'.repeat(64); });
    await expect(buildZoo({ ...ws, sharedDir: SHARED })).rejects.toThrow(
      `zoo build: doodlenet: source doodlenet/group1-shard1of1.bin does not match its manifest (sha256 ${original().source.files[1].sha256}, 2176804 bytes; the manifest says ${'f'.repeat(64)}, 2176804 bytes)`,
    );
  });

  it('a built file whose sha256 differs from the manifest fails the build', async () => {
    const ws = workspace((m) => { m.files.weights.sha256 = '0'.repeat(64); });
    await expect(buildZoo({ ...ws, sharedDir: SHARED })).rejects.toThrow(
      /^zoo build: doodlenet: the built weights file \(sha256 [0-9a-f]{64}, \d+ bytes\) does not match the manifest \(0{64}, \d+ bytes\)\. If the change is intended, run `npm run zoo -- --update doodlenet`/,
    );
    expect(existsSync(join(ws.outDir, 'doodlenet.weights.bin'))).toBe(false);
  });

  it('builds the files the manifest records (deterministic), then skips the unchanged model', async () => {
    const ws = workspace();
    expect((await buildZoo({ ...ws, sharedDir: SHARED })).map((r) => [r.id, r.status])).toEqual([['doodlenet', 'built']]);
    const m = original();
    for (const k of ['model', 'weights'] as const) expect(sha256(readFileSync(join(ws.outDir, m.files[k].path)))).toBe(m.files[k].sha256);
    const runtime = JSON.parse(readFileSync(join(ws.outDir, 'doodlenet.json'), 'utf8'));
    expect(runtime.labels.length).toBe(345);
    expect(runtime.labels.slice(0, 2)).toEqual(readFileSync(join(SHARED!, 'doodlenet/class_names.txt'), 'utf8').split('\n').slice(0, 2));
    expect(runtime.labelsFrom).toBeUndefined();
    expect(JSON.parse(readFileSync(join(ws.outDir, 'index.json'), 'utf8')).map((x: { id: string }) => x.id)).toEqual(['doodlenet']);
    expect((await buildZoo({ ...ws, sharedDir: SHARED })).map((r) => [r.id, r.status])).toEqual([['doodlenet', 'unchanged']]);
    // A damaged built file is noticed and rebuilt.
    writeFileSync(join(ws.outDir, m.files.weights.path), 'x');
    expect((await buildZoo({ ...ws, sharedDir: SHARED })).map((r) => r.status)).toEqual(['built']);
    expect(sha256(readFileSync(join(ws.outDir, m.files.weights.path)))).toBe(m.files.weights.sha256);
  });

  it('without local sources, downloads each file from its URL (a local server here), checks it, and fails on a bad one', async () => {
    const served = join(tmp, 'served');
    cpSync(join(SHARED!, 'doodlenet'), join(served, 'models/doodlenet'), { recursive: true });
    const srv = await startServer({ root: served, port: 0 });
    const cache = join(tmp, 'cache');
    const before = process.env.SPROUT_CACHE;
    process.env.SPROUT_CACHE = cache;
    try {
      const local = (m: ReturnType<typeof original>) => {
        for (const f of m.source.files) f.url = `${srv.url.replace(/\/$/, '')}/models/${f.path}`;
      };
      const ws = workspace(local);
      const empty = join(tmp, 'no-sources');
      expect((await buildZoo({ ...ws, sharedDir: empty })).map((r) => r.status)).toEqual(['built']);
      expect(sha256(readFileSync(join(cache, 'zoo-url/doodlenet/doodlenet/model.json')))).toBe(original().source.files[0].sha256);
      // A server giving a changed file: the build refuses it.
      const ws2 = workspace(local);
      rmSync(join(cache, 'zoo-url'), { recursive: true });
      writeFileSync(join(served, 'models/doodlenet/class_names.txt'), 'cat\ndog\n');
      await expect(buildZoo({ ...ws2, sharedDir: empty })).rejects.toThrow('zoo build: doodlenet: source doodlenet/class_names.txt does not match its manifest');
    } finally {
      if (before === undefined) delete process.env.SPROUT_CACHE;
      else process.env.SPROUT_CACHE = before;
      await srv.close();
    }
  });
});

// Runs the shared op cases in the page. Results are exposed for test/browser/browser.test.ts:
//   window.__results  [{ index, name, backend, ok, skipped, error }]
//   window.__skipped  { [backend]: reason } for backends that could not be selected
//   window.__initialBackend  sprout.getBackend() before anything changed it
//   window.__done     true when finished (also after a fatal error, then window.__fatal is set)
import { BACKENDS } from './backends.js';

const statusEl = document.getElementById('status');
const tbody = document.querySelector('#results tbody');

function describeError(e) {
  if (e instanceof Error) return e.stack && e.stack.includes(e.message) ? e.stack : `${e.name}: ${e.message}\n${e.stack ?? ''}`;
  return String(e);
}

function show(r) {
  const tr = document.createElement('tr');
  const cls = r.skipped ? 'skip' : r.ok ? 'ok' : 'fail';
  const text = r.skipped ? `skipped: ${r.error}` : r.ok ? 'ok' : r.error;
  for (const [value, klass] of [[r.backend], [r.name], [text, cls]]) {
    const td = document.createElement('td');
    if (klass) td.className = klass;
    const pre = document.createElement('pre');
    pre.textContent = value;
    td.append(pre);
    tr.append(td);
  }
  tbody.append(tr);
}

/** Tries to make `backend` current; returns null on success, else the reason. */
async function select(sp, backend) {
  try {
    const ok = await sp.setBackend(backend);
    if (ok === false) return `setBackend('${backend}') resolved false`;
    if (typeof sp.ready === 'function') await sp.ready();
    const now = sp.getBackend();
    if (now !== backend) return `after setBackend('${backend}'), getBackend() is '${now}'`;
    return null;
  } catch (e) {
    return `setBackend('${backend}') rejected: ${e instanceof Error ? e.message : String(e)}`;
  }
}

async function main() {
  const sp = window.sprout;
  if (!sp) throw new Error('window.sprout is not defined: did /dist/sprout.min.js load? (run `npm run build`)');
  window.__initialBackend = sp.getBackend();
  if (new URLSearchParams(location.search).get('cases') === 'none') {
    statusEl.textContent = `Library loaded (backend: ${window.__initialBackend}); cases not run.`;
    return;
  }

  const { cases } = await import('/test/cases/index.js');
  const results = [];
  const skipped = {};
  window.__results = results;
  window.__skipped = skipped;

  for (const backend of BACKENDS) {
    const reason = await select(sp, backend);
    if (reason) {
      skipped[backend] = reason;
      console.warn(`[sprout tests] skipping backend ${backend}: ${reason}`);
      cases.forEach((c, index) => {
        const r = { index, name: c.name, backend, ok: false, skipped: true, error: reason };
        results.push(r);
        show(r);
      });
      continue;
    }
    for (const [index, c] of cases.entries()) {
      statusEl.textContent = `Running ${backend} › ${c.name}…`;
      let r;
      try {
        await c.run(sp, backend);
        r = { index, name: c.name, backend, ok: true, skipped: false, error: null };
      } catch (e) {
        r = { index, name: c.name, backend, ok: false, skipped: false, error: describeError(e) };
      }
      results.push(r);
      show(r);
    }
  }
  const failed = results.filter((r) => !r.ok && !r.skipped).length;
  const skippedCount = results.filter((r) => r.skipped).length;
  statusEl.textContent = `Done: ${results.length - failed - skippedCount} passed, ${failed} failed, ${skippedCount} skipped.`;
}

main()
  .catch((e) => {
    window.__fatal = describeError(e);
    statusEl.textContent = `Fatal: ${window.__fatal}`;
    statusEl.className = 'fail';
  })
  .finally(() => {
    window.__done = true;
  });

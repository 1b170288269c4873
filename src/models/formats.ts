/**
 * The model-format converters (TFLite flatbuffers, TF.js graph models, `loadModel`'s detection)
 * behind one seam, so the script-tag bundle can leave them out and load them when first used.
 *
 * Zoo models are stored in Sprout's own IR and never need a converter; only loading a model file
 * of another format does. The npm builds (ESM, CommonJS) provide the converters at once
 * (`provideModelFormats` in src/index.ts). The script bundle (`sprout.min.js`) does not: the first
 * `loadGraphModel` / `loadTFLiteModel` / `loadModel` adds `sprout-formats.min.js` (next to
 * `sprout.min.js`) to the page, which provides them. This keeps the main bundle within its budget.
 */
import { raise } from '../errors/index.js';
import type { loadTFLiteModel } from './tflite/load.js';
import type { loadGraphModel } from './graph/load.js';
import type { loadModel } from './graph/load-model.js';

/** The converters a format bundle provides. */
export interface ModelFormats {
  loadTFLiteModel: typeof loadTFLiteModel;
  loadGraphModel: typeof loadGraphModel;
  loadModel: typeof loadModel;
}

let formats: ModelFormats | null = null;
let loading: Promise<ModelFormats> | null = null;

// While a classic <script> runs, document.currentScript is that script: remember where Sprout came from.
const ownScript: string | undefined =
  typeof document !== 'undefined' ? ((document.currentScript as HTMLScriptElement | null)?.src || undefined) : undefined;

/** Makes the converters available (called by the full builds, and by the format bundle when it loads). */
export function provideModelFormats(f: ModelFormats): void {
  formats = f;
}

/** URL of the format bundle next to the script that loaded Sprout (sprout.min.js → sprout-formats.min.js). */
export function formatsBundleUrl(scriptUrl: string | undefined = ownScript): string | null {
  if (!scriptUrl) return null;
  const u = new URL(scriptUrl);
  u.pathname = u.pathname.replace(/([^/]*?)(\.min)?\.js$/, (_m, _name, min) => `sprout-formats${min ?? ''}.js`);
  u.search = '';
  return u.href;
}

/**
 * The converters, loading the format bundle first when this build does not include them.
 *
 * @example
 * const { loadModel } = await modelFormats();
 * const model = await loadModel('model.json');
 */
export function modelFormats(): Promise<ModelFormats> {
  if (formats) return Promise.resolve(formats);
  if (!loading) {
    loading = addScript(formatsBundleUrl()).then(() => formats ?? raise('model.formatsMissing', { url: formatsBundleUrl() ?? '(unknown)', reason: 'it loaded but did not register the converters (is it from the same Sprout version?)' }));
    loading.catch(() => { loading = null; });
  }
  return loading;
}

function addScript(url: string | null): Promise<void> {
  if (!url || typeof document === 'undefined') {
    return Promise.reject(raise('model.formatsMissing', { url: url ?? '(no script URL)', reason: 'this build of Sprout has no model converters and cannot load them here; use the npm package (import from \'sprout-ml\')' }));
  }
  return new Promise((resolve, reject) => {
    const s = document.createElement('script');
    s.src = url;
    s.async = true;
    s.onload = () => resolve();
    s.onerror = () => {
      try {
        raise('model.formatsMissing', { url, reason: 'the file could not be downloaded (it must sit next to sprout.min.js)' });
      } catch (e) {
        reject(e);
      }
    };
    document.head.appendChild(s);
  });
}

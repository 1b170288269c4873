/**
 * The zoo's IndexedDB cache (through idb-keyval, in its own database and store). Every failure —
 * no IndexedDB (private browsing, Node), a quota error, a blocked database — turns the cache off
 * for this zoo with one friendly warning; loading then keeps working from the network.
 *
 * Keys: `<id>@<version>/<file>` for model files, `<id>/manifest` for the last manifest seen.
 */
import { createStore, del, get, keys, set, type UseStore } from 'idb-keyval';
import { warnOnce } from '../errors/index.js';

export const ZOO_DB = 'sprout-zoo';
export const ZOO_STORE = 'files';

const reasonOf = (e: unknown): string => (e instanceof Error ? `${e.name}: ${e.message}` : String(e));

export class ZooCache {
  private store: UseStore | null | undefined;
  private warned = false;

  constructor(private readonly dbName = ZOO_DB) {}

  /**
   * The store, or null when IndexedDB cannot be used here. A missing IndexedDB is only worth a
   * warning when a model is being loaded (`quiet` for listing and clearing).
   */
  private use(id: string, quiet = false): UseStore | null {
    if (this.store !== undefined) return this.store;
    if (typeof indexedDB === 'undefined' || !indexedDB) {
      if (quiet) return null;
      this.off(id, 'IndexedDB is not available');
      return null;
    }
    try {
      this.store = createStore(this.dbName, ZOO_STORE);
    } catch (e) {
      this.off(id, e);
    }
    return this.store ?? null;
  }

  /** Turns the cache off after a failure, warning once. */
  private off(id: string, e: unknown): void {
    this.store = null;
    if (this.warned) return;
    this.warned = true;
    warnOnce('zoo.cacheUnavailable', { id, reason: reasonOf(e) });
  }

  /** True while IndexedDB can be used. */
  available(id: string): boolean {
    return this.use(id) !== null;
  }

  async get(key: string, id: string): Promise<Uint8Array | string | undefined> {
    const store = this.use(id);
    if (!store) return undefined;
    try {
      const v = await get<unknown>(key, store);
      if (typeof v === 'string') return v;
      if (v instanceof Uint8Array) return v;
      if (v instanceof ArrayBuffer) return new Uint8Array(v);
      return undefined;
    } catch (e) {
      this.off(id, e);
      return undefined;
    }
  }

  /** Stores a value; false (after one warning) when the cache cannot take it. */
  async set(key: string, value: Uint8Array | string, id: string): Promise<boolean> {
    const store = this.use(id);
    if (!store) return false;
    try {
      await set(key, value, store);
      return true;
    } catch (e) {
      this.off(id, e);
      return false;
    }
  }

  async del(key: string, id: string): Promise<void> {
    const store = this.use(id);
    if (!store) return;
    try {
      await del(key, store);
    } catch (e) {
      this.off(id, e);
    }
  }

  async keys(id = 'zoo'): Promise<string[]> {
    const store = this.use(id, true);
    if (!store) return [];
    try {
      return (await keys(store)).map(String);
    } catch (e) {
      this.off(id, e);
      return [];
    }
  }
}

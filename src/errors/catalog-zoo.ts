/** Catalog section: The model zoo: manifests, downloads, integrity checks and the cache. */
import { s, type MessageEntry } from './entry.js';

export const ZOO_MESSAGES = {
} satisfies Record<string, MessageEntry>;

void s;

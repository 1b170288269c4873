/** Catalog section: Graph models with control flow and dynamic shapes (engine voice). */
import { s, type MessageEntry } from './entry.js';

export const GRAPH_MESSAGES = {
} satisfies Record<string, MessageEntry>;

void s;

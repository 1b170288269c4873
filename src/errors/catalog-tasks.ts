/** Catalog section: The task API (imageClassifier, featureExtractor, …): mostly the friendly voice, for beginners. */
import { s, type MessageEntry } from './entry.js';

export const TASK_MESSAGES = {
} satisfies Record<string, MessageEntry>;

void s;

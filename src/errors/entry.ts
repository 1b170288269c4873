/** Parameters a message template may use. */
export type MessageParams = Record<string, string | number | boolean | undefined>;

/** One catalog entry. */
export interface MessageEntry {
  voice: 'engine' | 'friendly';
  text: (p: MessageParams) => string;
}

/** Renders a template parameter. */
export const s = (v: unknown): string => String(v);

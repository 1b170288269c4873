export { CATALOG, type MessageCode, type MessageParams, type MessageEntry } from './catalog.js';
export { SproutError, raise, warnOnce, formatMessage, describeValue, FRIENDLY_PREFIX } from './sprout-error.js';

/** Catalog section: The model zoo: manifests, downloads, integrity checks and the cache. */
import { s, type MessageEntry } from './entry.js';

export const ZOO_MESSAGES = {
  // ---- engine voice ----------------------------------------------------------------------
  'zoo.badManifest': {
    voice: 'engine',
    text: (p) => `${s(p.op)}: the manifest of '${s(p.id)}' is not valid: ${s(p.detail)}`,
  },
  'zoo.badModelFile': {
    voice: 'engine',
    text: (p) => `${s(p.op)}: the zoo model file is damaged: ${s(p.detail)}`,
  },
  // ---- friendly voice --------------------------------------------------------------------
  'zoo.unknownModel': {
    voice: 'friendly',
    text: (p) =>
      `There is no model called '${s(p.id)}' in the zoo at ${s(p.base)}. Models you can load: ${s(p.known)}. Check the spelling of the name.`,
  },
  'zoo.loadFailed': {
    voice: 'friendly',
    text: (p) =>
      `Sprout could not download the model '${s(p.id)}' from ${s(p.url)} (${s(p.reason)}), and it is not saved in this browser yet. ` +
      `Check your internet connection, or that the zoo folder is served at ${s(p.base)} (set sprout.zoo.baseUrl if it lives elsewhere), then try again.`,
  },
  'zoo.badDownload': {
    voice: 'friendly',
    text: (p) =>
      `The model '${s(p.id)}' arrived damaged: ${s(p.file)} should be ${s(p.expected)} bytes with a known checksum, but what came was ${s(p.got)} bytes that do not match. ` +
      `Usually the download was cut off or a proxy changed it. Nothing was saved; reload the page to try again.`,
  },
  'zoo.cacheUnavailable': {
    voice: 'friendly',
    text: (p) =>
      `Sprout cannot save models in this browser (${s(p.reason)}), so '${s(p.id)}' will be downloaded again next time. ` +
      `This happens in private browsing or when the disk is full; everything else keeps working.`,
  },
} satisfies Record<string, MessageEntry>;

/**
 * Seeded pseudo-random numbers. Sprout's random ops take a `seed` so that results (and, later,
 * training runs) are reproducible bit for bit.
 *
 * The generator is a 32-bit xorshift-multiply mix (splitmix32 / mulberry32 family): small, fast and
 * good enough for weights initialisation and dropout masks; not for cryptography.
 */
export class Rng {
  private state: number;

  constructor(seed?: number | string) {
    this.state = seed === undefined ? (Math.random() * 0x100000000) >>> 0 : hashSeed(seed);
  }

  /** A float in [0, 1). */
  next(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** A standard normal sample (Box–Muller; one value per call, the pair's twin is kept). */
  private spare: number | undefined;
  normal(): number {
    if (this.spare !== undefined) {
      const v = this.spare;
      this.spare = undefined;
      return v;
    }
    let u = 0;
    while (u === 0) u = this.next();
    const v = this.next();
    const r = Math.sqrt(-2 * Math.log(u));
    this.spare = r * Math.sin(2 * Math.PI * v);
    return r * Math.cos(2 * Math.PI * v);
  }
}

/** Turns a number or string seed into a 32-bit state (strings by FNV-1a). */
function hashSeed(seed: number | string): number {
  if (typeof seed === 'number') {
    // Mix the float's bits so that 1 and 1.5 differ.
    const f = new Float64Array([seed]);
    const u = new Uint32Array(f.buffer);
    return (Math.imul(u[0] ^ 0x9e3779b9, 0x85ebca6b) ^ u[1]) >>> 0;
  }
  let h = 0x811c9dc5;
  for (let i = 0; i < seed.length; i++) h = Math.imul(h ^ seed.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** SHA-256 of bytes as lowercase hex: SubtleCrypto where it exists, else node:crypto. */

interface NodeCrypto {
  createHash(alg: string): { update(b: Uint8Array): { digest(enc: 'hex'): string } };
}

const hex = (buf: ArrayBuffer): string => Array.from(new Uint8Array(buf), (b) => b.toString(16).padStart(2, '0')).join('');

/**
 * The SHA-256 digest of `bytes`, hex encoded.
 *
 * @example
 * await sha256(new TextEncoder().encode('abc')); // 'ba7816bf…'
 */
export async function sha256(bytes: Uint8Array): Promise<string> {
  const subtle = (globalThis as { crypto?: { subtle?: SubtleCrypto } }).crypto?.subtle;
  if (subtle) {
    // Hash a standalone copy only when the view does not cover its whole buffer.
    const whole = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength;
    return hex(await subtle.digest('SHA-256', (whole ? bytes : bytes.slice()) as Uint8Array<ArrayBuffer>));
  }
  const name = 'node:crypto';
  const nodeCrypto = (await import(/* @vite-ignore */ name)) as NodeCrypto;
  return nodeCrypto.createHash('sha256').update(bytes).digest('hex');
}

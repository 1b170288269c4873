/**
 * A minimal FlatBuffers reader of our own: tables, vtables, scalars, structs, vectors, strings and
 * unions, enough to read a TFLite model (schema.ts).
 *
 * Every read is bounds-checked before it happens. A truncated or hostile file raises a SproutError
 * ('model.badFile') naming the file and the field being read (e.g.
 * `Model.subgraphs[0].tensors[12].shape`); nothing reads out of range, and nothing is allocated
 * from a size the file declares until that size has been checked against the bytes that are there.
 *
 * Layout reminders (all little-endian):
 * - The buffer starts with a uoffset (u32) to the root table; bytes 4..8 hold the file identifier.
 * - A table starts with an soffset (i32): its vtable is at `table - soffset`. The vtable holds
 *   u16 vtable size, u16 table (inline) size, then one u16 per field: the field's offset from the
 *   table start, 0 when absent (the default applies).
 * - Reference fields (tables, vectors, strings) hold a uoffset relative to the field's own position.
 * - A vector is a u32 length followed by its elements; a string is a vector of bytes (+ a 0 byte).
 * - A union is two fields: a u8 type (slot n) and a reference to a table (slot n + 1).
 */
import { raise } from '../../errors/index.js';

/** Byte sizes of the scalar kinds. */
const SIZES = { u8: 1, i8: 1, bool: 1, u16: 2, i16: 2, u32: 4, i32: 4, f32: 4, i64: 8, u64: 8, f64: 8 } as const;
export type ScalarKind = keyof typeof SIZES;

// Made on first use: a page always has TextDecoder, but loading the library must not need it.
let utf8Decoder: TextDecoder | null = null;
const utf8 = { decode: (b: Uint8Array): string => (utf8Decoder ??= new TextDecoder('utf-8', { fatal: false })).decode(b) };

/** The bytes of a FlatBuffer plus the file name used in error messages. */
export class FlatBuffer {
  readonly bytes: Uint8Array;
  readonly view: DataView;
  readonly file: string;
  readonly length: number;

  constructor(bytes: Uint8Array, file: string) {
    this.bytes = bytes;
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.file = file;
    this.length = bytes.byteLength;
  }

  /** Throws the catalog's 'model.badFile' error for this file. */
  fail(field: string, detail: string): never {
    return raise('model.badFile', { file: this.file, format: 'TFLite', field, detail });
  }

  /** Checks that `size` bytes at `pos` lie inside the buffer. */
  check(pos: number, size: number, field: string): void {
    if (!Number.isSafeInteger(pos) || pos < 0 || size < 0 || pos + size > this.length) {
      this.fail(field, `${size} byte(s) at offset ${pos} lie outside the file (${this.length} bytes; truncated or corrupt)`);
    }
  }

  /** Reads one scalar at an absolute position, bounds-checked. */
  scalar(kind: ScalarKind, pos: number, field: string): number {
    this.check(pos, SIZES[kind], field);
    const v = this.view;
    switch (kind) {
      case 'u8': case 'bool': return v.getUint8(pos);
      case 'i8': return v.getInt8(pos);
      case 'u16': return v.getUint16(pos, true);
      case 'i16': return v.getInt16(pos, true);
      case 'u32': return v.getUint32(pos, true);
      case 'i32': return v.getInt32(pos, true);
      case 'f32': return v.getFloat32(pos, true);
      case 'f64': return v.getFloat64(pos, true);
      case 'u64': return v.getUint32(pos, true) + v.getUint32(pos + 4, true) * 2 ** 32;
      case 'i64': return v.getUint32(pos, true) + v.getInt32(pos + 4, true) * 2 ** 32;
    }
  }

  /** The 4-character file identifier (bytes 4..8), or '' when the file is too short. */
  identifier(): string {
    if (this.length < 8) return '';
    return String.fromCharCode(...this.bytes.subarray(4, 8));
  }

  /** The root table, of schema type `typeName`. */
  root(typeName: string): Table {
    this.check(0, 4, `${typeName} (root offset)`);
    return this.tableAt(this.scalar('u32', 0, `${typeName} (root offset)`), typeName);
  }

  /** The table starting at an absolute position, with its vtable checked. */
  tableAt(pos: number, path: string): Table {
    const soff = this.scalar('i32', pos, `${path} (vtable offset)`);
    const vt = pos - soff;
    const vtSize = this.scalar('u16', vt, `${path} (vtable size)`);
    const tableSize = this.scalar('u16', vt + 2, `${path} (table size)`);
    if (vtSize < 4 || vtSize % 2 !== 0) this.fail(path, `its vtable declares a size of ${vtSize} byte(s) (must be even and at least 4)`);
    this.check(vt, vtSize, `${path} (vtable)`);
    if (tableSize < 4) this.fail(path, `its vtable declares an inline size of ${tableSize} byte(s) (at least 4)`);
    this.check(pos, tableSize, `${path} (table data)`);
    return new Table(this, pos, vt, vtSize, tableSize, path);
  }
}

/** A vector's element area: `length` elements of `stride` bytes from `start`, already bounds-checked. */
export interface VectorRef {
  start: number;
  length: number;
  path: string;
}

/** One table of a FlatBuffer. Field slots are numbered in schema order from 0. */
export class Table {
  constructor(
    readonly fb: FlatBuffer,
    readonly pos: number,
    private readonly vt: number,
    private readonly vtSize: number,
    private readonly tableSize: number,
    readonly path: string,
  ) {}

  /** The absolute position of field `slot` (checked to lie inside the table), or 0 when absent. */
  private field(slot: number, size: number, name: string): number {
    const entry = 4 + 2 * slot;
    if (entry + 2 > this.vtSize) return 0;
    const off = this.fb.scalar('u16', this.vt + entry, `${this.path}.${name}`);
    if (off === 0) return 0;
    if (off + size > this.tableSize) {
      this.fb.fail(`${this.path}.${name}`, `field offset ${off} (+${size} byte(s)) runs past the table's ${this.tableSize} inline byte(s)`);
    }
    return this.pos + off;
  }

  /** True when field `slot` is present. */
  has(slot: number): boolean {
    const entry = 4 + 2 * slot;
    return entry + 2 <= this.vtSize && this.fb.scalar('u16', this.vt + entry, `${this.path} (vtable)`) !== 0;
  }

  /** A scalar field, or `dflt` when absent. */
  scalar(slot: number, kind: ScalarKind, dflt: number, name: string): number {
    const p = this.field(slot, SIZES[kind], name);
    return p === 0 ? dflt : this.fb.scalar(kind, p, `${this.path}.${name}`);
  }

  bool(slot: number, dflt: boolean, name: string): boolean {
    return this.scalar(slot, 'bool', dflt ? 1 : 0, name) !== 0;
  }

  /** The absolute position an offset field points at, or 0 when absent. */
  private target(slot: number, name: string): number {
    const p = this.field(slot, 4, name);
    if (p === 0) return 0;
    const rel = this.fb.scalar('u32', p, `${this.path}.${name}`);
    const t = p + rel;
    this.fb.check(t, 4, `${this.path}.${name}`);
    return t;
  }

  /** A sub-table field, or null when absent. */
  table(slot: number, name: string): Table | null {
    const t = this.target(slot, name);
    return t === 0 ? null : this.fb.tableAt(t, `${this.path}.${name}`);
  }

  /** A struct field stored inline: its absolute position (checked for `size` bytes), or 0 when absent. */
  struct(slot: number, size: number, name: string): number {
    return this.field(slot, size, name);
  }

  /**
   * A vector field of elements of `stride` bytes, or null when absent. Its declared length is
   * checked against the bytes in the file before anything else happens.
   */
  vector(slot: number, stride: number, name: string): VectorRef | null {
    const t = this.target(slot, name);
    if (t === 0) return null;
    const path = `${this.path}.${name}`;
    const length = this.fb.scalar('u32', t, path);
    const start = t + 4;
    // Compare in float arithmetic: length·stride can exceed 2^32 for a hostile length.
    if (start + length * stride > this.fb.length) {
      this.fb.fail(path, `vector declares ${length} element(s) of ${stride} byte(s) at offset ${start}, but the file ends at ${this.fb.length}`);
    }
    return { start, length, path };
  }

  /** A vector of scalars as plain numbers (empty when absent). */
  scalars(slot: number, kind: ScalarKind, name: string): number[] {
    const v = this.vector(slot, SIZES[kind], name);
    if (!v) return [];
    const out = new Array<number>(v.length);
    for (let i = 0; i < v.length; i++) out[i] = this.fb.scalar(kind, v.start + i * SIZES[kind], v.path);
    return out;
  }

  /** A [ubyte] vector as a view into the file (no copy), or null when absent. */
  bytes(slot: number, name: string): Uint8Array | null {
    const v = this.vector(slot, 1, name);
    return v ? this.fb.bytes.subarray(v.start, v.start + v.length) : null;
  }

  /** A string field (UTF-8), or `dflt` when absent. */
  string(slot: number, name: string, dflt = ''): string {
    const v = this.vector(slot, 1, name);
    return v ? utf8.decode(this.fb.bytes.subarray(v.start, v.start + v.length)) : dflt;
  }

  /** A vector of tables (each element a uoffset), read lazily by `read(i)`. */
  tables(slot: number, name: string): { length: number; get(i: number): Table } {
    const v = this.vector(slot, 4, name);
    if (!v) return { length: 0, get: () => this.fb.fail(`${this.path}.${name}`, 'absent vector indexed') };
    return {
      length: v.length,
      get: (i: number) => {
        if (!Number.isInteger(i) || i < 0 || i >= v.length) this.fb.fail(`${v.path}[${i}]`, `index out of range (the vector has ${v.length} element(s))`);
        const p = v.start + 4 * i;
        const elemPath = `${v.path}[${i}]`;
        const t = p + this.fb.scalar('u32', p, elemPath);
        return this.fb.tableAt(t, elemPath);
      },
    };
  }

  /** A union: its type tag (slot `typeSlot`) and its table (slot `typeSlot + 1`), if any. */
  union(typeSlot: number, name: string): { type: number; table: Table | null } {
    const type = this.scalar(typeSlot, 'u8', 0, `${name}_type`);
    const table = type === 0 ? null : this.table(typeSlot + 1, name);
    return { type, table };
  }
}

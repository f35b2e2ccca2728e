// A tiny zip writer for tests, with every header field under the test's control: hostile zips (names with `..`,
// NUL or a drive letter; sizes and checksums that lie; legacy CP437 names) are exactly what a test needs and what
// a well-behaved zip library refuses to write. Stored or deflated entries, no zip64.
import { Buffer } from 'node:buffer';
import { crc32, deflateRawSync } from 'node:zlib';

export interface ZipEntrySpec {
  /** A string is written as UTF-8 with the UTF-8 flag set; a Buffer as raw bytes without it (CP437 for readers). */
  readonly name: string | Buffer;
  readonly data?: string | Buffer;
  readonly deflate?: boolean;
  /** Header fields that lie, for hostile zips. Default: the truth. */
  readonly declaredSize?: number;
  readonly compressedSize?: number;
  readonly crc32?: number;
  readonly method?: number;
  /** Added to the general-purpose flags (0x1: encrypted). */
  readonly flags?: number;
}

const UTF8_FLAG = 0x0800;
const DOS_DATE_1980_01_01 = 0x21;

export function buildZip(entries: readonly ZipEntrySpec[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const spec of entries) {
    const content = Buffer.isBuffer(spec.data) ? spec.data : Buffer.from(spec.data ?? '', 'utf8');
    const stored = spec.deflate ? deflateRawSync(content) : content;
    const name = Buffer.isBuffer(spec.name) ? spec.name : Buffer.from(spec.name, 'utf8');
    const flags = (Buffer.isBuffer(spec.name) ? 0 : UTF8_FLAG) | (spec.flags ?? 0);
    const method = spec.method ?? (spec.deflate ? 8 : 0);
    const crc = spec.crc32 ?? crc32(content);
    const compressed = spec.compressedSize ?? stored.length;
    const size = spec.declaredSize ?? content.length;

    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(flags, 6);
    local.writeUInt16LE(method, 8);
    local.writeUInt16LE(DOS_DATE_1980_01_01, 12);
    local.writeUInt32LE(crc >>> 0, 14);
    local.writeUInt32LE(compressed, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);

    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(flags, 8);
    central.writeUInt16LE(method, 10);
    central.writeUInt16LE(DOS_DATE_1980_01_01, 14);
    central.writeUInt32LE(crc >>> 0, 16);
    central.writeUInt32LE(compressed, 20);
    central.writeUInt32LE(size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);

    locals.push(local, name, stored);
    centrals.push(central, name);
    offset += local.length + name.length + stored.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

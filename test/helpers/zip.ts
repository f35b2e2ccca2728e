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
  /** The name the local header gives, when it should differ from the central directory's. */
  readonly localName?: string;
  /**
   * An earlier entry's index: this entry gets only a central-directory record, pointing at that entry's local header
   * and data (the overlapping entries of a non-recursive zip bomb). Its own `data` is ignored.
   */
  readonly sharesDataOf?: number;
}

const UTF8_FLAG = 0x0800;
const DOS_DATE_1980_01_01 = 0x21;

interface Fields {
  readonly stored: Buffer;
  readonly name: Buffer;
  readonly flags: number;
  readonly method: number;
  readonly crc: number;
  readonly compressed: number;
  readonly size: number;
}

function nameBytes(name: string | Buffer): Buffer {
  return Buffer.isBuffer(name) ? name : Buffer.from(name, 'utf8');
}

function fieldsOf(spec: ZipEntrySpec): Fields {
  const content = Buffer.isBuffer(spec.data) ? spec.data : Buffer.from(spec.data ?? '', 'utf8');
  const stored = spec.deflate ? deflateRawSync(content) : content;
  return {
    stored,
    name: nameBytes(spec.name),
    flags: (Buffer.isBuffer(spec.name) ? 0 : UTF8_FLAG) | (spec.flags ?? 0),
    method: spec.method ?? (spec.deflate ? 8 : 0),
    crc: spec.crc32 ?? crc32(content),
    compressed: spec.compressedSize ?? stored.length,
    size: spec.declaredSize ?? content.length,
  };
}

function localHeader(fields: Fields, name: Buffer): Buffer {
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  local.writeUInt16LE(20, 4);
  local.writeUInt16LE(fields.flags, 6);
  local.writeUInt16LE(fields.method, 8);
  local.writeUInt16LE(DOS_DATE_1980_01_01, 12);
  local.writeUInt32LE(fields.crc >>> 0, 14);
  local.writeUInt32LE(fields.compressed, 18);
  local.writeUInt32LE(fields.size, 22);
  local.writeUInt16LE(name.length, 26);
  return Buffer.concat([local, name]);
}

function centralRecord(fields: Fields, offset: number, name: Buffer): Buffer {
  const central = Buffer.alloc(46);
  central.writeUInt32LE(0x02014b50, 0);
  central.writeUInt16LE(20, 4);
  central.writeUInt16LE(20, 6);
  central.writeUInt16LE(fields.flags, 8);
  central.writeUInt16LE(fields.method, 10);
  central.writeUInt16LE(DOS_DATE_1980_01_01, 14);
  central.writeUInt32LE(fields.crc >>> 0, 16);
  central.writeUInt32LE(fields.compressed, 20);
  central.writeUInt32LE(fields.size, 24);
  central.writeUInt16LE(name.length, 28);
  central.writeUInt32LE(offset, 42);
  return Buffer.concat([central, name]);
}

export function buildZip(entries: readonly ZipEntrySpec[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  const placed: { fields: Fields; offset: number }[] = [];
  let offset = 0;
  for (const spec of entries) {
    const shared = spec.sharesDataOf === undefined ? undefined : placed[spec.sharesDataOf];
    if (shared) {
      // Only a central record, naming this entry but pointing at the shared entry's header and data.
      centrals.push(centralRecord(shared.fields, shared.offset, nameBytes(spec.name)));
      placed.push(shared);
      continue;
    }
    const fields = fieldsOf(spec);
    const local = localHeader(fields, spec.localName === undefined ? fields.name : nameBytes(spec.localName));
    locals.push(local, fields.stored);
    centrals.push(centralRecord(fields, offset, fields.name));
    placed.push({ fields, offset });
    offset += local.length + fields.stored.length;
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

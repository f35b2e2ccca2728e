// A Slack export .zip read in place with yauzl: the central directory is read once (names and sizes), and each
// entry is decompressed only when asked for, so neither memory nor disk ever holds the whole archive.
import yauzl, { type Entry, type ZipFile } from 'yauzl';
import { findRoot, isJunk, streamToText, type ExportArchive } from './archive.js';

async function readCentralDirectory(zip: ZipFile): Promise<Entry[]> {
  return new Promise((resolve, reject) => {
    const entries: Entry[] = [];
    zip.on('entry', (entry: Entry) => {
      entries.push(entry);
      zip.readEntry();
    });
    zip.once('end', () => resolve(entries));
    zip.once('error', reject);
    zip.readEntry();
  });
}

/** Lists a zip's file names without keeping it open (for source detection). */
export async function listZip(path: string): Promise<string[]> {
  const zip = await yauzl.openPromise(path, { lazyEntries: true, autoClose: false });
  try {
    return (await readCentralDirectory(zip)).map((e) => e.fileName).filter((n) => !n.endsWith('/'));
  } finally {
    zip.close();
  }
}

export async function openZipArchive(path: string): Promise<ExportArchive> {
  const zip = await yauzl.openPromise(path, { lazyEntries: true, autoClose: false });
  let all: Entry[];
  try {
    all = (await readCentralDirectory(zip)).filter((e) => !e.fileName.endsWith('/') && !isJunk(e.fileName));
  } catch (error) {
    zip.close();
    throw error;
  }
  const root = findRoot(all.map((e) => e.fileName)) ?? '';
  const byName = new Map<string, Entry>();
  for (const entry of all) {
    if (entry.fileName.startsWith(root)) byName.set(entry.fileName.slice(root.length), entry);
  }
  const entries = new Map([...byName].map(([name, entry]) => [name, entry.uncompressedSize] as const));
  const open = async (name: string): Promise<NodeJS.ReadableStream> => {
    const entry = byName.get(name);
    if (!entry) throw new Error(`${name} is not in the zip`);
    return zip.openReadStreamPromise(entry);
  };
  return {
    entries,
    openStream: open,
    readText: async (name) => streamToText(await open(name)),
    close: async () => zip.close(),
  };
}

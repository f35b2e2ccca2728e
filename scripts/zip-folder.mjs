#!/usr/bin/env node
// Zips a folder (deflated, names relative to the folder), as Slack's "Export data" download is: the bench validates
// the generated million-message export both unzipped and as such a zip. yazl streams each file in turn, so memory
// stays flat whatever the folder's size.
//
//   node scripts/zip-folder.mjs DIR OUT.zip
import { createWriteStream, readdirSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import yazl from 'yazl';

/** Resolves once OUT is written; files are added in sorted order, so the same folder gives the same zip. */
export function zipFolder(dir, out) {
  const zip = new yazl.ZipFile();
  const files = readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name))
    .sort();
  for (const file of files) zip.addFile(file, relative(dir, file).split(sep).join('/'), { mtime: new Date(Date.UTC(2020, 0, 1)), compress: true });
  zip.end();
  return new Promise((resolve, reject) => {
    const output = createWriteStream(out);
    zip.outputStream.on('error', reject).pipe(output).on('error', reject).on('close', () => resolve(files.length));
  });
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const [dir, out] = process.argv.slice(2);
  if (!dir || !out) {
    process.stderr.write('usage: node scripts/zip-folder.mjs DIR OUT.zip\n');
    process.exit(2);
  }
  const count = await zipFolder(dir, out);
  process.stdout.write(`${out}: ${count} files\n`);
}

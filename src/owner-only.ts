// Files the tool writes besides the state (reports, the --log file) name people and spaces: they are made
// owner-only (0600) even when they existed before with wider permissions, since the mode given to writeFile or
// open applies only when the file is created. A file-system refusal becomes one message naming the path and the
// flag that picks another one (exit 1), not a stack trace.
import { fchmodSync, fstatSync, openSync } from 'node:fs';
import { chmod, writeFile } from 'node:fs/promises';
import { FileSystemError } from './errors.js';
import { mkdirs } from './mkdirs.js';

const OWNER_ONLY = 0o600;

function refused(error: unknown, path: string, action: string, flag: string): unknown {
  return FileSystemError.isFileSystem(error) ? new FileSystemError(path, action, error, flag) : error;
}

export async function writeOwnerOnly(path: string, text: string, flag: string): Promise<void> {
  try {
    await writeFile(path, text, { mode: OWNER_ONLY });
    await chmod(path, OWNER_ONLY);
  } catch (error) {
    throw refused(error, path, 'write', flag);
  }
}

export async function makeFolder(path: string, flag: string): Promise<void> {
  try {
    await mkdirs(path);
  } catch (error) {
    throw refused(error, path, 'create the folder', flag);
  }
}

/** A file descriptor for appending, the file owner-only whether it was there or not. */
export function openOwnerOnlyForAppend(path: string, flag: string): number {
  try {
    const fd = openSync(path, 'a', OWNER_ONLY);
    // A device (--log /dev/stderr) is not ours to make owner-only: that would change the terminal's mode.
    if (fstatSync(fd).isFile()) fchmodSync(fd, OWNER_ONLY);
    return fd;
  } catch (error) {
    throw refused(error, path, 'open', flag);
  }
}

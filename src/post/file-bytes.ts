// Handing a file's bytes to an upload (a Chat attachment or a Drive file): opening them, and telling apart a
// refused upload from bytes that failed on their way in (a download cut short or of the wrong size).
import type { Readable } from 'node:stream';
import { FileBytesError } from '../errors.js';
import type { FileRef } from '../model.js';

/** The file's bytes as a stream; a file that cannot be opened is a FileBytesError (the message is still posted). */
export async function openFileBytes(file: FileRef): Promise<Readable> {
  try {
    return (await (file.open as () => Promise<NodeJS.ReadableStream>)()) as Readable;
  } catch (error) {
    if (error instanceof FileBytesError) throw error;
    throw new FileBytesError('file_unreadable', 'file unreadable in the export', error instanceof Error ? error.message : String(error));
  }
}

/** Runs `send` on the bytes; when it fails because the bytes did, that failure (a FileBytesError) is thrown. */
export async function sendFileBytes<T>(stream: Readable, send: (body: Readable) => Promise<T>): Promise<T> {
  try {
    return await send(stream);
  } catch (error) {
    const cause = stream.errored;
    stream.destroy(); // a download the upload stopped reading must not hold its connection and fetch slot
    throw cause instanceof FileBytesError ? cause : error;
  }
}

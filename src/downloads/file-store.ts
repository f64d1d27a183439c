// Where item files live. The gateway streams downloads from a FileStore; the default
// keeps files in a local folder, and another store (S3, GCS, ...) implements the same
// three methods.
import { createReadStream } from 'node:fs';
import { mkdir, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';

export interface StoredFile {
  size: number;
  body: ReadableStream<Uint8Array>;
}

export interface FileStore {
  put(key: string, data: Uint8Array | string): Promise<void>;
  /** The file's bytes, or null when there is no such file. */
  open(key: string): Promise<StoredFile | null>;
  exists(key: string): Promise<boolean>;
}

export class LocalFileStore implements FileStore {
  constructor(private readonly root: string) {}

  /** Keys are relative paths; anything that would escape the root is refused. */
  private resolve(key: string): string {
    const full = path.resolve(this.root, key);
    if (!full.startsWith(path.resolve(this.root) + path.sep)) throw new Error(`invalid file key: ${key}`);
    return full;
  }

  async put(key: string, data: Uint8Array | string): Promise<void> {
    const full = this.resolve(key);
    await mkdir(path.dirname(full), { recursive: true });
    await writeFile(full, data);
  }

  async open(key: string): Promise<StoredFile | null> {
    const full = this.resolve(key);
    const info = await stat(full).catch(() => null);
    if (!info?.isFile()) return null;
    return { size: info.size, body: Readable.toWeb(createReadStream(full)) as ReadableStream<Uint8Array> };
  }

  async exists(key: string): Promise<boolean> {
    const info = await stat(this.resolve(key)).catch(() => null);
    return Boolean(info?.isFile());
  }
}

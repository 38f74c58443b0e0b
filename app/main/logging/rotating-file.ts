// A size-rotated log file: `toolbar.log`, then `toolbar.log.1` … `.N` (oldest
// dropped). Synchronous writes: a toolbar logs little, and a crash must not
// lose the line that explains it.
import { closeSync, existsSync, mkdirSync, openSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';

export interface RotatingFileOptions {
  path: string;
  /** Rotate before a write would take the file past this size. */
  maxBytes: number;
  /** Rotated files kept besides the live one. */
  maxFiles: number;
}

export class RotatingFile {
  private fd: number;
  private size: number;

  constructor(private readonly options: RotatingFileOptions) {
    if (!(options.maxBytes >= 1024)) throw new RangeError('log maxBytes must be at least 1024');
    if (!(Number.isInteger(options.maxFiles) && options.maxFiles >= 1)) throw new RangeError('log maxFiles must be an integer ≥ 1');
    mkdirSync(dirname(options.path), { recursive: true });
    this.fd = openSync(options.path, 'a', 0o600);
    this.size = statSync(options.path).size;
  }

  /** pino calls this with one serialized line at a time. */
  write(chunk: string): boolean {
    const bytes = Buffer.byteLength(chunk);
    if (this.size > 0 && this.size + bytes > this.options.maxBytes) this.rotate();
    writeSync(this.fd, chunk);
    this.size += bytes;
    return true;
  }

  close(): void {
    closeSync(this.fd);
  }

  private rotate(): void {
    closeSync(this.fd);
    const { path, maxFiles } = this.options;
    rmSync(`${path}.${maxFiles}`, { force: true });
    for (let i = maxFiles - 1; i >= 1; i--) {
      if (existsSync(`${path}.${i}`)) renameSync(`${path}.${i}`, `${path}.${i + 1}`);
    }
    renameSync(path, `${path}.1`);
    this.fd = openSync(path, 'a', 0o600);
    this.size = 0;
  }
}

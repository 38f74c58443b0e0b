// Reads one config file with its bounds checked before a byte is read: it must be a
// regular file (a FIFO would block the start-up forever waiting for a writer, a device
// such as /dev/zero would never end) of at most MAX_CONFIG_FILE_BYTES. The check is
// made on the opened descriptor (fstat), so a file swapped after a first stat is caught
// too, and the read itself stops one byte past the bound, so a file that grows while it
// is read cannot make it read more.
import { closeSync, constants, fstatSync, openSync, readSync, statSync } from 'node:fs';
import type { Stats } from 'node:fs';

export const MAX_CONFIG_FILE_BYTES = 256 * 1024;

/** A config file the toolbar refuses to read; `message` says why in words for the config report. */
export class ConfigFileError extends Error {
  override readonly name = 'ConfigFileError';
}

function kindOf(stats: Stats): string {
  if (stats.isDirectory()) return 'a directory';
  if (stats.isFIFO()) return 'a named pipe (FIFO)';
  if (stats.isCharacterDevice() || stats.isBlockDevice()) return 'a device';
  if (stats.isSocket()) return 'a socket';
  return 'not a regular file';
}

function checkStats(stats: Stats, maxBytes: number): void {
  if (!stats.isFile()) throw new ConfigFileError(`is ${kindOf(stats)}, not a regular file`);
  if (stats.size > maxBytes) throw new ConfigFileError(`is larger than ${maxBytes} bytes (${stats.size} bytes)`);
}

/**
 * The file's text, or null when it does not exist. Throws ConfigFileError when it is
 * not a regular file or too large, and the system's error when it cannot be read.
 */
export function readConfigFile(path: string, maxBytes = MAX_CONFIG_FILE_BYTES): string | null {
  let stats: Stats;
  try {
    stats = statSync(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
  checkStats(stats, maxBytes);
  // O_NONBLOCK: should a FIFO take the file's place between stat and open, open must not
  // wait for a writer (POSIX; Windows has no FIFOs at a path and no such flag).
  const fd = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  try {
    checkStats(fstatSync(fd), maxBytes);
    const buffer = Buffer.alloc(maxBytes + 1);
    let length = 0;
    while (length < buffer.length) {
      const n = readSync(fd, buffer, length, buffer.length - length, null);
      if (n === 0) break;
      length += n;
    }
    if (length > maxBytes) throw new ConfigFileError(`is larger than ${maxBytes} bytes (it grew while being read)`);
    return buffer.toString('utf8', 0, length);
  } finally {
    closeSync(fd);
  }
}

/**
 * One process per embedded data folder. PGlite is PostgreSQL in this process's memory: a second process opening
 * the same folder (a second `npm start`, `npm run seed -- --reset` while the server runs) works on its own copy and
 * the last to write wins, or the folder no longer opens at all. The owner writes `<DATA_DIR>/pglite.lock` with its
 * pid (created exclusively); others are refused with a message naming it. A lock whose process is gone (kill -9,
 * a crash, a reboot) is taken over.
 */
import { linkSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

interface DataLockOwner {
  pid: number;
  /** What holds it: the server, or the tool's name (seed, restore, …). */
  what: string;
  startedAt: string;
}

/** Another live process holds the data folder. */
export class DataDirInUseError extends Error {
  constructor(
    readonly dataDir: string,
    readonly owner: DataLockOwner,
  ) {
    super(
      `The data folder ${dataDir} is in use by ${owner.what} (pid ${owner.pid}, since ${owner.startedAt}): ` +
        `one process per data folder. Stop it first (kill ${owner.pid}), or use another DATA_DIR.`,
    );
    this.name = 'DataDirInUseError';
  }
}

/** Lock files this process holds: a second open of the same folder here is as harmful as one from elsewhere. */
const held = new Set<string>();

function lockFileOf(dataDir: string): string {
  return path.resolve(dataDir, 'pglite.lock');
}

/** Who holds the data folder, when a live process does. */
export function dataDirOwner(dataDir: string): DataLockOwner | undefined {
  const file = lockFileOf(dataDir);
  const owner = readOwner(file);
  if (!owner) return undefined;
  return held.has(file) || (owner.pid !== process.pid && isAlive(owner.pid)) ? owner : undefined;
}

/** Takes the data folder for this process; release() gives it back. Throws DataDirInUseError when a live process holds it. */
export function lockDataDir(dataDir: string, what: string): { release(): void } {
  const file = lockFileOf(dataDir);
  mkdirSync(path.dirname(file), { recursive: true });
  const me: DataLockOwner = { pid: process.pid, what, startedAt: new Date().toISOString() };
  for (let attempt = 0; ; attempt++) {
    // Written aside and linked into place: the lock appears with its owner in it, never empty.
    const aside = `${file}.${process.pid}.${attempt}`;
    writeFileSync(aside, JSON.stringify(me), { mode: 0o600 });
    try {
      linkSync(aside, file);
      held.add(file);
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST' || attempt > 2) throw err;
      const owner = dataDirOwner(dataDir);
      if (owner) throw new DataDirInUseError(path.resolve(dataDir), owner);
      // Stale: its process is gone. Another starter may be taking it over at the same moment: the exclusive create decides.
      rmSync(file, { force: true });
    } finally {
      rmSync(aside, { force: true });
    }
  }
  let released = false;
  return {
    release() {
      if (released) return;
      released = true;
      held.delete(file);
      if (readOwner(file)?.pid === process.pid) rmSync(file, { force: true });
    },
  };
}

function readOwner(file: string): DataLockOwner | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  try {
    const o = JSON.parse(text) as Partial<DataLockOwner>;
    if (typeof o.pid === 'number' && Number.isInteger(o.pid) && o.pid > 0)
      return { pid: o.pid, what: String(o.what ?? 'a process'), startedAt: String(o.startedAt ?? '?') };
  } catch {
    // half-written by a process that died while creating it
  }
  return undefined;
}

/** A process with this pid exists and is a Node process (a pid reused by something else after a reboot does not count). */
function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  try {
    return /node|tsx/.test(readFileSync(`/proc/${pid}/cmdline`, 'utf8'));
  } catch {
    return true; // no /proc (macOS): trust the pid
  }
}

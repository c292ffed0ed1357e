/**
 * Backups of the embedded database (issue 14). Only the process holding the data folder may read it, so a running
 * server answers backup requests on a Unix socket in the folder (`DATA_DIR/control.sock`: whoever may read the
 * folder may ask, nobody else); with no server running, the tool opens the folder itself. Restore writes a dump into
 * an empty folder (or a new one), never under a running server. PostgreSQL goes through pg_dump / psql instead.
 */
import { existsSync, readdirSync, rmSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import type { Database } from './client.js';
import { openDatabase } from './client.js';
import { DataDirInUseError, dataDirOwner } from './data-lock.js';

const controlSocketOf = (dataDir: string) => path.resolve(dataDir, 'control.sock');

/** The server's side: answers "backup\n" with its dump. Returns the closer. Only for PGlite (dump defined). */
export async function serveBackups(database: Database, dataDir: string, onError: (err: unknown) => void): Promise<() => Promise<void>> {
  const file = controlSocketOf(dataDir);
  rmSync(file, { force: true }); // left by a server killed -9; this process holds the folder's lock
  const server = net.createServer((sock) => {
    sock.on('error', () => undefined);
    sock.once('data', (line) => {
      if (String(line).trim() !== 'backup' || !database.dump) return void sock.end();
      database.dump().then(
        async (blob) => sock.end(Buffer.from(await blob.arrayBuffer())),
        (err: unknown) => {
          onError(err);
          sock.destroy();
        },
      );
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(file, () => resolve());
  });
  return () => new Promise<void>((resolve) => server.close(() => resolve()));
}

/** A dump of the data folder: from the running server when one holds it, otherwise by opening it here. */
export async function backupPglite(dataDir: string): Promise<{ bytes: Buffer; from: 'server' | 'folder' }> {
  if (dataDirOwner(dataDir)) return { bytes: await askServer(dataDir), from: 'server' };
  const database = await openDatabase({ dataDir, owner: 'npm run backup' });
  try {
    return { bytes: Buffer.from(await (await database.dump!()).arrayBuffer()), from: 'folder' };
  } finally {
    await database.close();
  }
}

function askServer(dataDir: string): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const sock = net.connect(controlSocketOf(dataDir), () => sock.write('backup\n'));
    sock.on('data', (c) => chunks.push(c));
    sock.on('error', reject);
    sock.on('close', () => (chunks.length ? resolve(Buffer.concat(chunks)) : reject(new Error('the running server sent no backup'))));
  });
}

/** Loads a dump into DATA_DIR's database folder, which must be empty (refused while a process holds the folder). */
export async function restorePglite(dataDir: string, dump: Buffer): Promise<void> {
  const owner = dataDirOwner(dataDir);
  if (owner) throw new DataDirInUseError(path.resolve(dataDir), owner);
  const dir = path.resolve(dataDir, 'pglite');
  if (existsSync(dir) && readdirSync(dir).length > 0) {
    throw new Error(`${dir} already holds a database: restore into an empty DATA_DIR (or move that folder away first)`);
  }
  const database = await openDatabase({ dataDir, owner: 'npm run restore', loadDataDir: new Blob([new Uint8Array(dump)]) });
  await database.close();
}

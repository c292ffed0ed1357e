/** A taken PORT is reported before the database is migrated or seeded (exit code 4 in main.ts), naming the port. */
import net from 'node:net';

export class PortInUseError extends Error {
  constructor(
    readonly port: number,
    readonly host: string,
  ) {
    super(`PORT ${port} on ${host} is already in use (is another server running?): stop it, or set PORT to a free port.`);
    this.name = 'PortInUseError';
  }
}

/** Throws PortInUseError when nothing could listen on port/host now (port 0 always has a free one). */
export async function ensurePortFree(port: number, host: string): Promise<void> {
  if (port === 0) return;
  await new Promise<void>((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', (err: NodeJS.ErrnoException) => reject(err.code === 'EADDRINUSE' ? new PortInUseError(port, host) : err));
    probe.listen({ port, host, exclusive: true }, () => probe.close(() => resolve()));
  });
}

/**
 * `npm run core-emulator -- [--port N]`: a center's 核心业务系统 stand-in (issue 17) on its own demo center (an embedded
 * database seeded afresh in a temporary folder, removed on exit), for the product started with CORE_MODE=external.
 * Prints its URL and the channel's app id; stops on Ctrl-C (SIGINT) or SIGTERM.
 */
import { parseArgs } from 'node:util';
import { CORE_EMULATOR_DEFAULTS, startCoreEmulator } from '../server/src/emulators/core/server.js';

const USAGE = `usage: npm run core-emulator -- [--port N] [--host H] [--today YYYY-MM-DD]
  --port   the port to listen on (default 4100; 0 picks a free one)
  --host   the address to listen on (default 127.0.0.1)
  --today  the day the demo center is seeded as of (default today in Asia/Shanghai)
The channel signs with app id ${CORE_EMULATOR_DEFAULTS.appId} and the sandbox secret (CORE_EMULATOR_DEFAULTS in
server/src/emulators/core/server.ts). Controls: POST /emulator/faults, /emulator/deposit, /emulator/events, /emulator/reset.`;

let values: { port?: string; host?: string; today?: string; help?: boolean };
try {
  ({ values } = parseArgs({
    options: { port: { type: 'string' }, host: { type: 'string' }, today: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
  }));
} catch (err) {
  process.stderr.write(`${(err as Error).message}\n${USAGE}\n`);
  process.exit(2);
}
if (values.help) {
  process.stdout.write(`${USAGE}\n`);
  process.exit(0);
}
const port = Number(values.port ?? 4100);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  process.stderr.write(`--port must be a port number\n${USAGE}\n`);
  process.exit(2);
}
if (values.today !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(values.today)) {
  process.stderr.write(`--today must be YYYY-MM-DD\n${USAGE}\n`);
  process.exit(2);
}

process.stdout.write('Seeding the demo center for the core emulator…\n');
const emulator = await startCoreEmulator({ port, host: values.host, today: values.today });
process.stdout.write(`Core emulator listening at ${emulator.url} (app id ${CORE_EMULATOR_DEFAULTS.appId})\n`);

let stopping = false;
const stop = () => {
  if (stopping) return;
  stopping = true;
  emulator.close().then(
    () => process.exit(0),
    (err: unknown) => {
      process.stderr.write(`${String(err)}\n`);
      process.exit(1);
    },
  );
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);

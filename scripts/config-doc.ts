/** Prints README's configuration table from the zod schema in server/src/config.ts (the only source). */
import { describeConfig } from '../server/src/config.js';

const rows = describeConfig().map((r) => `| \`${r.name}\` | ${r.default ? `\`${r.default}\`` : '—'} | ${r.description} |`);
process.stdout.write(['| variable | default | meaning |', '| --- | --- | --- |', ...rows].join('\n') + '\n');

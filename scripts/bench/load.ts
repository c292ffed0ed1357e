/**
 * The load generator, run as a separate process so that it does not share the server's event loop or core:
 * `tsx scripts/bench/load.ts '<json>'` with { url, tokens?, durationSeconds, connections, method?, body?, headers? }.
 * Rotates the bearer tokens across requests; prints autocannon's figures as one JSON line.
 */
import autocannon from 'autocannon';

const spec = JSON.parse(process.argv[2] ?? '{}') as {
  url: string;
  tokens?: string[];
  durationSeconds: number;
  connections: number;
  method?: 'GET' | 'POST';
  body?: string;
  headers?: Record<string, string>;
};
let i = 0;
const result = await autocannon({
  url: spec.url,
  method: spec.method ?? 'GET',
  body: spec.body,
  headers: spec.headers,
  connections: spec.connections,
  duration: spec.durationSeconds,
  requests: spec.tokens?.length
    ? [
        {
          setupRequest: (req: Record<string, any>) => ({
            ...req,
            headers: { ...req.headers, authorization: `Bearer ${spec.tokens![i++ % spec.tokens!.length]}` },
          }),
        },
      ]
    : undefined,
});
process.stdout.write(
  JSON.stringify({
    requestsPerSecond: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    total: result.requests.total,
  }) + '\n',
);

// The ingest benchmarks' client: POSTs prepared telemetry batches to a server on loopback from `clients`
// concurrent loops, as several meters (or gateways) post at once, over keep-alive node:http connections with
// each body encoded before the clock starts. node:http rather than fetch: undici costs the client about 2 ms
// of CPU per 50 KB request here, taken from the same 2 cores the server runs on.
import { Agent, request } from 'node:http';

/** The ingest benchmarks' concurrency: meters post concurrently, a handful of batches in flight. */
export const INGEST_CLIENTS = 4;

/**
 * Posts `bodies` to `url`/v1/telemetry in order from `clients` loops; resolves with the wall time in ms.
 * Rejects on any answer but 200 with no duplicates.
 */
export async function postBatches(
  url: string,
  token: string,
  bodies: readonly Buffer[],
  clients = INGEST_CLIENTS,
): Promise<number> {
  const { hostname, port } = new URL(url);
  const agent = new Agent({ keepAlive: true, maxSockets: clients });
  const post = (body: Buffer) =>
    new Promise<void>((resolve, reject) => {
      const req = request(
        {
          host: hostname,
          port,
          path: '/v1/telemetry',
          method: 'POST',
          agent,
          headers: {
            'content-type': 'application/json',
            'content-length': body.length,
            authorization: `Bearer ${token}`,
          },
        },
        (response) => {
          let text = '';
          response.setEncoding('utf8');
          response.on('data', (chunk: string) => {
            text += chunk;
          });
          response.on('end', () => {
            const result = JSON.parse(text) as { duplicates?: number };
            if (response.statusCode === 200 && result.duplicates === 0) resolve();
            else reject(new Error(`ingest: ${response.statusCode} ${text}`));
          });
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  let next = 0;
  const started = performance.now();
  try {
    await Promise.all(
      Array.from({ length: clients }, async () => {
        while (next < bodies.length) await post(bodies[next++]!);
      }),
    );
    return performance.now() - started;
  } finally {
    agent.destroy();
  }
}

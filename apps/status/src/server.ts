// Serves the status service on Node: HOST, PORT and the store from the environment (see config.ts and
// store/open-store.ts). On SIGTERM or SIGINT: /readyz fails first, in-flight requests finish, then the
// store closes.
import { createServer, type RequestListener, type ServerOptions } from 'node:http';
import { serve } from '@hono/node-server';
import { ValidationError } from '@karst/climate';
import { budgetSummaryLines } from './budget-summary.js';
import { hotLane } from './http/hot-lane.js';
import { runtimeFromEnv } from './runtime.js';

async function main(): Promise<void> {
  const runtime = await runtimeFromEnv(process.env, { generateWriteToken: true });
  const { app, store, config, lifecycle } = runtime;
  const createHotLaneServer = ((options: ServerOptions, listener: RequestListener) =>
    createServer(options, hotLane(runtime.hotLane, listener))) as typeof createServer;
  const drainMs = config.KARST_SHUTDOWN_DRAIN_MS;
  const server = serve(
    {
      fetch: app.fetch,
      createServer: createHotLaneServer,
      hostname: config.HOST,
      port: config.PORT,
      // Limits set on purpose; the README's "Server limits" gives the reasoning for each default.
      serverOptions: {
        requestTimeout: config.KARST_REQUEST_TIMEOUT_MS,
        headersTimeout: config.KARST_HEADERS_TIMEOUT_MS,
        keepAliveTimeout: config.KARST_KEEP_ALIVE_TIMEOUT_MS,
        // How often Node looks for requests past their timeouts (its default, 30 s, would let a slow
        // body live up to 30 s beyond requestTimeout).
        connectionsCheckingInterval: Math.min(1000, config.KARST_HEADERS_TIMEOUT_MS),
      },
    },
    (info) => {
      const host = info.address.includes(':') ? `[${info.address}]` : info.address;
      const url = `http://${host}:${info.port}`;
      console.log(`Karst status service: ${url}  (dashboard ${url}/, API docs ${url}/docs)`);
      console.log(`  store: ${store.kind}; site: ${runtime.budgets.site.name}`);
      if (runtime.generatedWriteToken) {
        console.log(
          `  write token (generated for this run; set KARST_WRITE_TOKEN to fix one): ${config.KARST_WRITE_TOKEN}`,
        );
      }
      for (const line of budgetSummaryLines(runtime.budgets.deployment)) console.log(line);
    },
  );
  server.maxConnections = config.KARST_MAX_CONNECTIONS;

  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: draining (readyz now fails), then closing`);
    lifecycle.shuttingDown = true;
    const force = setTimeout(() => {
      console.error('shutdown took over 10 s: exiting');
      process.exit(1);
    }, 10_000);
    force.unref();
    setTimeout(() => {
      // close() stops accepting connections and calls back when in-flight requests have finished.
      server.close(async () => {
        await store.close();
        console.log('closed');
        process.exit(0);
      });
      if ('closeIdleConnections' in server) server.closeIdleConnections();
    }, drainMs);
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
}

main().catch((error: unknown) => {
  if (error instanceof ValidationError) {
    console.error(`karst status: ${error.message}`);
    process.exit(2);
  }
  console.error('karst status: failed to start:', error);
  process.exit(1);
});

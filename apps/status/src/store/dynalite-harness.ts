import type { AddressInfo } from 'node:net';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import dynalite from 'dynalite';

/** Test harness: a dynalite server on loopback, in memory, tables ACTIVE as soon as created. */
export interface DynaliteHarness {
  readonly endpoint: string;
  /** A client for the server; the caller destroys it. `onCommand` sees each command's name. */
  client(onCommand?: (commandName: string) => void): DynamoDBClient;
  stop(): Promise<void>;
}

/** dynalite does not check signatures, but the SDK will not sign without some credentials. */
export const FAKE_CREDENTIALS = { accessKeyId: 'AKIDTESTTEST', secretAccessKey: 'test-secret' } as const;

export async function startDynalite(): Promise<DynaliteHarness> {
  const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const endpoint = `http://127.0.0.1:${port}`;
  return {
    endpoint,
    client(onCommand) {
      const client = new DynamoDBClient({ endpoint, region: 'us-east-1', credentials: FAKE_CREDENTIALS });
      if (onCommand !== undefined) {
        client.middlewareStack.add(
          (next, context) => (args) => {
            onCommand(context.commandName ?? 'unknown');
            return next(args);
          },
          { step: 'initialize', name: 'karstCountCommands' },
        );
      }
      return client;
    },
    async stop() {
      // Keep-alive sockets of clients a failed test did not destroy would hold close() open.
      server.closeAllConnections();
      await new Promise<void>((resolve, reject) =>
        server.close((error) => (error ? reject(error) : resolve())),
      );
    },
  };
}

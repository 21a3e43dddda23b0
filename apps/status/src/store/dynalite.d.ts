// dynalite ships no types; this covers what the tests use (see node_modules/dynalite/index.js).
declare module 'dynalite' {
  import type { Server } from 'node:http';

  interface DynaliteOptions {
    /** LevelDB directory; in memory when omitted. */
    path?: string;
    /** How long tables stay CREATING (default 500). */
    createTableMs?: number;
    /** How long tables stay DELETING (default 500). */
    deleteTableMs?: number;
    /** How long tables stay UPDATING (default 500). */
    updateTableMs?: number;
    /** Maximum item size (default 400). */
    maxItemSizeKb?: number;
    ssl?: boolean;
    verbose?: boolean;
    debug?: boolean;
  }

  /** An HTTP server speaking the DynamoDB API; `close` also closes its store. */
  function dynalite(options?: DynaliteOptions): Server;
  export default dynalite;
}

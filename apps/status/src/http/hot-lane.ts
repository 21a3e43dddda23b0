import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { SECURITY_HEADERS } from './envelope.js';

/** A GET route whose answer is a cached body: the Node server may answer it in its own listener. */
export interface HotRoute {
  /** The route's name in metrics, as Hono's routePath gives it. */
  readonly route: string;
  readonly contentType: string;
  body(): string | Promise<string>;
}

export interface HotLaneRoutes {
  /** By exact request URL (a query string or another method goes to the app). */
  readonly routes: ReadonlyMap<string, HotRoute>;
  readonly observe: (route: string, method: string, status: number, durationS: number) => void;
  /** With CORS on, every request goes to the app: its cors middleware also sets `Vary: Origin`. */
  readonly corsEnabled: boolean;
}

const REQUEST_ID_PATTERN = /[^\w\-=]/;

/** UTF-8 bytes of the bodies last sent: a cached body is encoded once per change, not per request. */
const lastEncoded = new Map<string, Buffer>();
function encoded(body: string): Buffer {
  let bytes = lastEncoded.get(body);
  if (bytes === undefined) {
    // Only the current body of each route matters; keep the map from growing with old ones.
    if (lastEncoded.size >= 8) lastEncoded.clear();
    bytes = Buffer.from(body, 'utf8');
    lastEncoded.set(body, bytes);
  }
  return bytes;
}

/**
 * Wraps the app's Node listener: `GET /v1/status` and `GET /livez` (the routes polled thousands of times a
 * second) are answered here from the same cached body, with the same security headers, request id and
 * request metrics as through the app, without building a Request, a Response and a Headers object for
 * each (the adapter's share of a status request, found by profiling under autocannon). Every other
 * request, any hot request whose body fails, and every request when CORS is on, goes to the app unchanged.
 */
export function hotLane(lane: HotLaneRoutes, app: RequestListener): RequestListener {
  if (lane.corsEnabled) return app;
  return (req: IncomingMessage, res: ServerResponse) => {
    const route = req.method === 'GET' && req.url !== undefined ? lane.routes.get(req.url) : undefined;
    if (route === undefined) {
      app(req, res);
      return;
    }
    const startedMs = performance.now();
    const given = req.headers['x-request-id'];
    const id =
      typeof given === 'string' && given.length > 0 && given.length <= 255 && !REQUEST_ID_PATTERN.test(given)
        ? given
        : crypto.randomUUID();
    const send = (body: string) => {
      const bytes = encoded(body);
      res.writeHead(200, {
        ...SECURITY_HEADERS,
        'x-request-id': id,
        'content-type': route.contentType,
        'content-length': bytes.length,
      });
      res.end(bytes);
      lane.observe(route.route, 'GET', 200, (performance.now() - startedMs) / 1000);
    };
    try {
      const body = route.body();
      if (typeof body === 'string') send(body);
      else body.then(send, () => app(req, res));
    } catch {
      app(req, res);
    }
  };
}

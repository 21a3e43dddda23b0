import type { IncomingMessage, OutgoingHttpHeader, RequestListener, ServerResponse } from 'node:http';
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
  /**
   * The recorder of a route's answers (GET, 200), taken once per route: `record(durationS)` counts one in
   * the same request-duration histogram the app's requests go to.
   */
  readonly recorder: (route: string) => (durationS: number) => void;
  /** With CORS on, every request goes to the app: its cors middleware also sets `Vary: Origin`. */
  readonly corsEnabled: boolean;
}

const REQUEST_ID_PATTERN = /[^\w\-=]/;
const SECURITY_ENTRIES = Object.entries(SECURITY_HEADERS).flat();
/** Where the request id goes in a header list made by `headerList` (a name, then its value). */
const REQUEST_ID_INDEX = SECURITY_ENTRIES.length + 1;

/** One route's answer as written: the body's UTF-8 bytes and the header list that goes with them. */
interface Answer {
  readonly text: string;
  readonly bytes: Buffer;
  /** `[name, value, ...]`: the security headers, x-request-id (a placeholder), content-type, content-length. */
  readonly headers: readonly OutgoingHttpHeader[];
}

/** A route of the lane with what it needs per request, made once. */
interface Lane {
  readonly route: HotRoute;
  readonly record: (durationS: number) => void;
  /** The answer last sent: a cached body is encoded (and its headers listed) once per change, not per request. */
  last: Answer | undefined;
}

function answerOf(lane: Lane, text: string): Answer {
  const last = lane.last;
  if (last !== undefined && last.text === text) return last;
  const bytes = Buffer.from(text, 'utf8');
  const answer: Answer = {
    text,
    bytes,
    headers: [
      ...SECURITY_ENTRIES,
      'x-request-id',
      '',
      'content-type',
      lane.route.contentType,
      'content-length',
      String(bytes.length),
    ],
  };
  lane.last = answer;
  return answer;
}

/** The client's request id when it is 1-255 of `[A-Za-z0-9_=-]` (as the app takes it), else a random UUID. */
function requestIdOf(req: IncomingMessage): string {
  const given = req.headers['x-request-id'];
  return typeof given === 'string' &&
    given.length > 0 &&
    given.length <= 255 &&
    !REQUEST_ID_PATTERN.test(given)
    ? given
    : crypto.randomUUID();
}

function send(lane: Lane, res: ServerResponse, id: string, startedMs: number, text: string): void {
  const answer = answerOf(lane, text);
  const headers = answer.headers.slice();
  headers[REQUEST_ID_INDEX] = id;
  res.writeHead(200, headers);
  res.end(answer.bytes);
  lane.record((performance.now() - startedMs) / 1000);
}

/**
 * Wraps the app's Node listener: `GET /v1/status` and `GET /livez` (the routes polled thousands of times a
 * second) are answered here from the same cached body, with the same security headers, request id and
 * request metrics as through the app, without building a Request, a Response and a Headers object for
 * each (the adapter's share of a status request, found by profiling under autocannon). Every other
 * request, any hot request whose body fails, and every request when CORS is on, goes to the app unchanged.
 * Nothing here makes a named function per request (under tsx, each would cost a `__name` call).
 */
export function hotLane(routes: HotLaneRoutes, app: RequestListener): RequestListener {
  if (routes.corsEnabled) return app;
  const lanes = new Map<string, Lane>();
  for (const [url, route] of routes.routes) {
    lanes.set(url, { route, record: routes.recorder(route.route), last: undefined });
  }
  return function hotLaneListener(req: IncomingMessage, res: ServerResponse): void {
    const lane = req.method === 'GET' && req.url !== undefined ? lanes.get(req.url) : undefined;
    if (lane === undefined) {
      app(req, res);
      return;
    }
    const startedMs = performance.now();
    const id = requestIdOf(req);
    let body: string | Promise<string>;
    try {
      body = lane.route.body();
    } catch {
      app(req, res);
      return;
    }
    if (typeof body === 'string') send(lane, res, id, startedMs, body);
    else
      body.then(
        (text) => send(lane, res, id, startedMs, text),
        () => app(req, res),
      );
  };
}

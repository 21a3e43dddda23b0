import type { Context, MiddlewareHandler } from 'hono';
import { Hono } from 'hono';
import { secureHeaders } from 'hono/secure-headers';

/** The security headers every response carries: Hono's secureHeaders with Karst's content security policy. */
const securityMiddleware = secureHeaders({
  contentSecurityPolicy: {
    defaultSrc: ["'self'"],
    styleSrc: ["'self'", "'unsafe-inline'"],
    imgSrc: ["'self'", 'data:'],
  },
});

/**
 * The headers `securityMiddleware` sets, read once from a response it made: the same names and values,
 * as a plain record that the hot routes put straight into their responses.
 */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = await (async () => {
  const probe = new Hono();
  probe.use(securityMiddleware);
  probe.get('/', (c) => c.body(null, 204));
  const response = await probe.request('/');
  const headers: Record<string, string> = {};
  response.headers.forEach((value, name) => {
    headers[name] = value;
  });
  return Object.freeze(headers);
})();
const SECURITY_ENTRIES = Object.entries(SECURITY_HEADERS);

/** Responses that already carry the security headers and the request id (made by `fastResponse`). */
const complete = new WeakSet<Response>();

const REQUEST_ID_PATTERN = /[^\w\-=]/;

/**
 * A response with a plain header record: the security headers, the request id and the content type. The
 * Node adapter writes such a response without building a Headers object (the hot routes' fast path).
 */
export function fastResponse(c: Context, body: string, contentType: string, status = 200): Response {
  const response = new Response(body, {
    status,
    headers: { ...SECURITY_HEADERS, 'x-request-id': c.get('requestId'), 'content-type': contentType },
  });
  complete.add(response);
  return response;
}

/**
 * One middleware for what every response gets: a request id (the client's `x-request-id` when it is
 * 1-255 of `[A-Za-z0-9_=-]`, as Hono's requestId takes it, else a random UUID), the security headers, and
 * the request's duration reported to `observe`. Responses from `fastResponse` already hold their headers
 * and are left untouched.
 */
export function envelope(
  observe: (route: string, method: string, status: number, durationS: number) => void,
): MiddlewareHandler {
  return async (c, next) => {
    const startedMs = performance.now();
    let id = c.req.header('x-request-id');
    if (!id || id.length > 255 || REQUEST_ID_PATTERN.test(id)) id = crypto.randomUUID();
    c.set('requestId', id);
    await next();
    const response = c.res;
    if (!complete.has(response)) {
      const headers = response.headers;
      for (const [name, value] of SECURITY_ENTRIES) headers.set(name, value);
      headers.set('x-request-id', id);
    }
    observe(
      c.req.routePath || 'unmatched',
      c.req.method,
      response.status,
      (performance.now() - startedMs) / 1000,
    );
  };
}

declare module 'hono' {
  interface ContextVariableMap {
    /** This request's id, also sent back as `x-request-id`. */
    requestId: string;
  }
}

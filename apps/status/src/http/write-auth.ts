import { createHash, timingSafeEqual } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import { problem } from './problem.js';

function digest(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}

/**
 * Writes need `Authorization: Bearer <token>`: 401 without one, 403 with a wrong one. Tokens are compared
 * as SHA-256 digests with timingSafeEqual, so neither their content nor their length leaks through timing.
 */
export function requireWriteToken(token: string): MiddlewareHandler {
  const expected = digest(token);
  return async (c, next) => {
    const header = c.req.header('authorization') ?? '';
    const match = /^Bearer\s+(.+)$/i.exec(header);
    if (!match) {
      c.header('www-authenticate', 'Bearer realm="karst"');
      return problem(c, 401, 'Unauthorized', {
        detail: 'writes need an Authorization: Bearer <token> header',
      });
    }
    if (!timingSafeEqual(digest(match[1]!.trim()), expected)) {
      return problem(c, 403, 'Forbidden', { detail: 'the bearer token is not the configured write token' });
    }
    await next();
  };
}

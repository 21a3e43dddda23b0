import type { Context } from 'hono';

/**
 * Who is asking, for per-client limits: the socket's peer address on Node (@hono/node-server puts the
 * IncomingMessage in `c.env.incoming`), the source IP API Gateway saw on Lambda, or one shared key when
 * neither is known (`app.request()` in tests). Forwarded headers are not trusted: any client can set them.
 */
export function clientKey(c: Context): string {
  const env = c.env as
    | {
        incoming?: { socket?: { remoteAddress?: string } };
        event?: { requestContext?: { http?: { sourceIp?: string }; identity?: { sourceIp?: string } } };
      }
    | undefined;
  return (
    env?.incoming?.socket?.remoteAddress ??
    env?.event?.requestContext?.http?.sourceIp ??
    env?.event?.requestContext?.identity?.sourceIp ??
    'unknown'
  );
}

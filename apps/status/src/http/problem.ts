import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';

/** An RFC 9457 problem document; `errors` names each failing field. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  errors?: { path: string; message: string }[];
}

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

export function problem(
  c: Context,
  status: ContentfulStatusCode,
  title: string,
  extra: Partial<Problem> = {},
) {
  const body: Problem = {
    type: `https://karst.dev/problems/${title.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`,
    title,
    status,
    instance: c.req.path,
    ...extra,
  };
  return c.newResponse(JSON.stringify(body), status, { 'content-type': PROBLEM_CONTENT_TYPE });
}

/** Zod issues as problem `errors`, each naming its field (`itPlan.racks`, `readings.3.timestamp`). */
export function fieldErrors(issues: readonly { path: readonly PropertyKey[]; message: string }[]) {
  return issues.map((issue) => ({
    path: issue.path.length > 0 ? issue.path.map(String).join('.') : '(body)',
    message: issue.message,
  }));
}

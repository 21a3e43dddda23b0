import type { ValidationIssue } from '@karst/climate';
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

/**
 * At most this many `errors` in one problem document: enough to fix a body in a few rounds, and a body of
 * 100,000 bad items gets a short answer (the rest are counted in `detail`), not megabytes.
 */
export const MAX_PROBLEM_ERRORS = 20;

/** Longest message or path kept in a problem's `errors` (a message may quote the input). */
const MAX_ERROR_TEXT = 300;

const cut = (text: string) => (text.length > MAX_ERROR_TEXT ? `${text.slice(0, MAX_ERROR_TEXT)}…` : text);

/**
 * Issues as problem `errors`, each naming its field (`itPlan.racks`, `readings.3.timestamp`; from a zod
 * error through `issuesOf(error, '(body)')`): the first MAX_PROBLEM_ERRORS of them, with `detail` saying
 * how many there were in all.
 */
export function fieldErrors(issues: readonly ValidationIssue[]): {
  errors: { path: string; message: string }[];
  detail?: string;
} {
  const errors = issues.slice(0, MAX_PROBLEM_ERRORS).map((issue) => ({
    path: cut(issue.path),
    message: cut(issue.message),
  }));
  return issues.length > MAX_PROBLEM_ERRORS
    ? { errors, detail: `${issues.length} errors; the first ${MAX_PROBLEM_ERRORS} are listed` }
    : { errors };
}

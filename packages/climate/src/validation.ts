import type { z } from 'zod';

export interface ValidationIssue {
  /** Dotted path of the field, e.g. `itPlan.racks` or `months.3.meanDryBulbC`. */
  readonly path: string;
  readonly message: string;
}

/** Input that failed its schema; the message lists every problem as `what.path: what is wrong`. */
export class ValidationError extends Error {
  override readonly name = 'ValidationError';
  constructor(
    readonly subject: string,
    readonly issues: readonly ValidationIssue[],
  ) {
    super(`invalid ${subject}:\n${issues.map((issue) => `  ${issue.path}: ${issue.message}`).join('\n')}`);
  }
}

/** Parses `input` with `schema`, or throws a ValidationError naming every bad field's path. */
export function parseWith<Schema extends z.ZodType>(
  schema: Schema,
  input: unknown,
  subject: string,
): z.output<Schema> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  throw new ValidationError(
    subject,
    result.error.issues.map((issue) => ({
      path: issue.path.length > 0 ? issue.path.map(String).join('.') : '(root)',
      message: issue.message,
    })),
  );
}

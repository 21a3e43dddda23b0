import type { z } from 'zod';

export interface ValidationIssue {
  /** Dotted path of the field, e.g. `itPlan.racks` or `months.3.meanDryBulbC`. */
  readonly path: string;
  readonly message: string;
  /** How to fix it, when the program knows (e.g. the `pulumi config set` line). */
  readonly fix?: string;
}

/**
 * Input that failed its checks: the one error class for invalid input across Karst's packages and
 * programs (a program maps it to exit code 2 or an HTTP 4xx). The message lists every problem as
 * `what.path: what is wrong`.
 */
export class ValidationError extends Error {
  override readonly name: string = 'ValidationError';
  constructor(
    /** What was invalid, e.g. `plan`, `environment`, `cooling input`. */
    readonly subject: string,
    readonly issues: readonly ValidationIssue[],
    options?: ErrorOptions,
  ) {
    super(
      `invalid ${subject}:\n${issues.map((issue) => `  ${issue.path}: ${issue.message}`).join('\n')}`,
      options,
    );
  }

  /** The same error from a failed zod parse, each issue naming its field. */
  static fromZod(subject: string, error: z.ZodError, options?: ErrorOptions): ValidationError {
    return new ValidationError(subject, issuesOf(error), options);
  }
}

/** The path a whole-input issue (no field) is reported under. */
export const ROOT_PATH = '(root)';

/**
 * Zod's issues as `{ path, message }` with dotted paths (`itPlan.racks`, `readings.3.timestamp`); an issue
 * about the whole input gets `rootPath`. The one mapper from zod issues to messages.
 */
export function issuesOf(error: z.ZodError, rootPath: string = ROOT_PATH): ValidationIssue[] {
  return error.issues.map((issue) => ({
    path: issue.path.length > 0 ? issue.path.map(String).join('.') : rootPath,
    message: issue.message,
  }));
}

/** Parses `input` with `schema`, or throws a ValidationError naming every bad field's path. */
export function parseWith<Schema extends z.ZodType>(
  schema: Schema,
  input: unknown,
  subject: string,
): z.output<Schema> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  throw ValidationError.fromZod(subject, result.error);
}

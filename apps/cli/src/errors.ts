import { EpwParseError, EpwReadError, issuesOf, ValidationError } from '@karst/climate';
import { ZodError } from 'zod';
import { oneLine } from './exit.js';

export { EXIT, oneLine } from './exit.js';

/** Bad input the user can fix: exit code 2 with a one-line message that names the flag, file or field. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** `path: message; path: message`, paths dotted, for zod and ValidationError issues alike. */
export function issuesText(issues: readonly { path: string; message: string }[]): string {
  return issues.map((issue) => `${issue.path}: ${issue.message}`).join('; ');
}

/**
 * The one-line message for an input error thrown by a package, or null when `error` is not one (a bug,
 * reported differently). `where` names what the input came from, e.g. `--weather x.epw`.
 */
export function describeInputError(error: unknown, where?: string): string | null {
  const prefix = where ? `${where}: ` : '';
  if (error instanceof UsageError) return error.message;
  if (error instanceof EpwParseError) {
    // The message already names the path when readEpw set it; keep line and field, drop a repeated path.
    const text = error.path !== undefined ? error.message.slice(error.path.length + 2) : error.message;
    return `${prefix}${oneLine(text)}`;
  }
  if (error instanceof EpwReadError) {
    const reason =
      error.code === 'ENOENT'
        ? 'no such file'
        : error.code === 'EISDIR'
          ? 'is a directory'
          : oneLine(error.message);
    return `${prefix || `${error.path}: `}cannot read: ${reason}`;
  }
  if (error instanceof ValidationError)
    return `${prefix}invalid ${error.subject}: ${issuesText(error.issues)}`;
  if (error instanceof ZodError) return `${prefix}${issuesText(issuesOf(error))}`;
  return null;
}

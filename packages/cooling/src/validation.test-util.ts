import { ValidationError } from '@karst/climate';
import { expect } from 'vitest';

/**
 * The issues of the ValidationError `run` throws, as `path: message` lines; with `subject`, also checks
 * the error's subject. Fails the test when `run` does not throw one.
 */
export function validationMessages(run: () => unknown, subject?: string): string {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    const validation = error as ValidationError;
    if (subject !== undefined) expect(validation.subject).toBe(subject);
    return validation.issues.map((issue) => `${issue.path}: ${issue.message}`).join('\n');
  }
  throw new Error('expected a ValidationError');
}

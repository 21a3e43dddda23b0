/** Where and why an EPW text failed to parse; the message names the file line and field. */
export interface EpwParseErrorDetails {
  /** 1-based line number in the file. */
  readonly line: number;
  /** Field name: a series key such as 'dryBulbC', or a header keyword such as 'LOCATION'. */
  readonly field: string;
  /** 1-based field position on the line, as numbered in the EPW data dictionary, when one field is at fault. */
  readonly fieldNumber?: number;
  /** Human name of the field for the message, e.g. 'dry bulb'. */
  readonly label?: string;
  /** What is wrong, e.g. '"abc" is not a number'. */
  readonly detail: string;
  /** File the text came from, when known (set by readEpw). */
  readonly path?: string;
}

function formatMessage(details: EpwParseErrorDetails): string {
  const where =
    details.fieldNumber === undefined
      ? `EPW line ${details.line} (${details.label ?? details.field})`
      : `EPW line ${details.line}, field ${details.fieldNumber} (${details.label ?? details.field})`;
  const text = `${where}: ${details.detail}`;
  return details.path === undefined ? text : `${details.path}: ${text}`;
}

/**
 * Malformed EPW input, e.g. `EPW line 12, field 7 (dry bulb): "abc" is not a number`.
 * `line` is the 1-based line in the file and `field` the field's name ('dryBulbC', 'LOCATION', ...).
 */
export class EpwParseError extends Error {
  override readonly name = 'EpwParseError';
  readonly line: number;
  readonly field: string;
  readonly fieldNumber: number | undefined;
  readonly detail: string;
  readonly path: string | undefined;
  readonly #details: EpwParseErrorDetails;

  constructor(details: EpwParseErrorDetails, options?: ErrorOptions) {
    super(formatMessage(details), options);
    this.#details = details;
    this.line = details.line;
    this.field = details.field;
    this.fieldNumber = details.fieldNumber;
    this.detail = details.detail;
    this.path = details.path;
  }

  /** The same error with the file path in front of the message, keeping line and field. */
  withPath(path: string): EpwParseError {
    return new EpwParseError({ ...this.#details, path }, { cause: this });
  }
}

/** An EPW file could not be read (missing, unreadable); the message names the path. */
export class EpwReadError extends Error {
  override readonly name = 'EpwReadError';
  readonly path: string;
  /** Node's error code such as 'ENOENT', when there is one. */
  readonly code: string | undefined;

  constructor(path: string, cause: unknown) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    super(`cannot read EPW file ${path}: ${reason}`, { cause });
    this.path = path;
    const code = (cause as { code?: unknown } | null)?.code;
    this.code = typeof code === 'string' ? code : undefined;
  }
}

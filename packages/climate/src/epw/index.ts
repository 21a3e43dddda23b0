// Browser-safe part of the EPW reader; readEpw (node:fs) is in ./read.js for the Node entry point.
export { EpwParseError, type EpwParseErrorDetails, EpwReadError } from './errors.js';
export { parseEpw } from './parse.js';
export * from './schema.js';

// The Node-only part of the package: reading weather files from disk.
export { readEpw } from './epw/read.js';

export * from './bench.js';
export * from './shared-weather.js';
export * from './field-cases.js';

export * from './bench.js';
export * from './field-cases.js';
export * from './random.js';
export * from './shared-weather.js';

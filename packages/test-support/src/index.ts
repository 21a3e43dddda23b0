export * from './bench.js';
export * from './shared-weather.js';

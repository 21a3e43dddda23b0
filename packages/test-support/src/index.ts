export * from './shared-weather.js';

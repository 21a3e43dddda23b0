export * from './charts.js';
export { escapeHtml } from './escape.js';

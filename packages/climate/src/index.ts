export * from './psychrometrics.js';

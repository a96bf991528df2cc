export * from './outward-document.js';
export * from './outward-codes.js';
export * from './parse-outward-download.js';
export * from './outward-report.js';

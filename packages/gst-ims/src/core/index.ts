export * from './actions.js';
export * from './dates.js';
export * from './errors.js';
export * from './gstin.js';
export * from './issue.js';
export * from './money.js';
export * from './record.js';
export * from './sections.js';

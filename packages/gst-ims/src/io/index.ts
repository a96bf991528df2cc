export * from './read-json-file.js';
export * from './write-file-atomic.js';

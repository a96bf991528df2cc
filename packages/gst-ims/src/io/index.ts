export * from './read-json-file.js';
export * from './write-file-atomic.js';
export * from './write-file-set.js';
export * from './excel-layout.js';
export * from './excel-write.js';
export * from './excel-read.js';

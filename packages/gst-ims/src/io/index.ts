export * from './read-json-file.js';
export * from './scan-ims-download.js';
export * from './read-section-records.js';
export * from './write-file-atomic.js';
export * from './write-file-set.js';
export * from './excel-layout.js';
export * from './excel-write.js';
export * from './excel-read.js';

import { describe, expect, it } from 'vitest';
import { formatFileSize } from './file-size.js';

describe('formatFileSize', () => {
  it('says bytes below 1 KB, KB below 1 MB, MB above, with one decimal', () => {
    expect(
      [0, 1, 812, 1023, 1024, 12_595, 1_048_575, 1_048_576, 5_347_738].map(formatFileSize),
    ).toEqual([
      '0 bytes',
      '1 byte',
      '812 bytes',
      '1,023 bytes',
      '1.0 KB',
      '12.3 KB',
      '1,024.0 KB',
      '1.0 MB',
      '5.1 MB',
    ]);
  });
  it('groups large sizes the Indian way, as the counts are', () => {
    expect(formatFileSize(1_29_39_42_40_000)).toBe('1,23,400.0 MB');
  });
});

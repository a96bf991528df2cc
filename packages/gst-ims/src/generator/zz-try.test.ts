import { it } from 'vitest';
import { generateImsDownload } from './generate-ims.js';
it('try', () => {
  for (let k = 0; k < 4; k++) {
  const t = performance.now();
  generateImsDownload({ seed: k, count: 100000, recipientGstin: '27AABCU9603R1ZN', returnPeriod: '102026' });
  console.log('100k ms', performance.now() - t);
  }
  const t = performance.now();
  generateImsDownload({ seed: 9, count: 100000, recipientGstin: '27AABCU9603R1ZN', returnPeriod: '102026', supplierCount: 30 });
  console.log('100k 30sup ms', performance.now() - t);
});

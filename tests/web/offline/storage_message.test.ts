import { describe, expect, it } from 'vitest';
import { formatStorage, groupLine, quotaLine, refusalMessage } from '../../../web/src/offline/storage_message';

describe('storage sentences', () => {
  it('size quotas up to gigabytes', () => {
    expect(formatStorage(512)).toBe('512 B');
    expect(formatStorage(23_569_899)).toBe('22.5 MB');
    expect(formatStorage(10_759_780_453)).toBe('10.0 GB');
  });

  it('describe a stored group with its files', () => {
    expect(groupLine({ kind: 'model', files: 1, bytes: 23_569_899 })).toBe('The language model (all-MiniLM-L6-v2, 8-bit): 22.5 MB (1 file)');
    expect(groupLine({ kind: 'data', files: 5, bytes: 5_042_111 })).toBe(
      'Movie data (catalog, MovieLens users, search index, vocabulary): 4.8 MB (5 files)',
    );
    expect(groupLine({ kind: 'ratings', files: 2, bytes: 32_768 })).toBe('MovieLens users’ ratings kept for offline use: 32 kB (2 blocks)');
  });

  it('say what the browser counts and whether it may evict', () => {
    expect(quotaLine({ usage: 47_000_000, quota: 10_759_780_453 }, false)).toBe(
      'The browser counts 44.8 MB for this site and allows up to 10.0 GB. It may remove this data on its own if the device runs short of space.',
    );
    expect(quotaLine({ usage: 1, quota: undefined }, true)).toBe('It keeps this data until you delete it.');
    expect(quotaLine(null, null)).toBe('');
  });

  it('explain a refusal in plain words', () => {
    const quota = refusalMessage('model', true, 'QuotaExceededError');
    expect(quota).toMatch(/^The browser refused to store the language model for offline use: it does not allow this site more storage space\./);
    expect(quota).toContain('movierec keeps working while you are online');
    expect(refusalMessage('update', true, '')).toMatch(/^The browser refused to store the new version of the site/);
    expect(refusalMessage('site', false, 'Failed to fetch')).toBe(
      'The offline copy could not be stored for offline use (Failed to fetch). movierec keeps working while you are ' +
        'online and tries again the next time it is opened.',
    );
  });
});

import { describe, expect, it } from '@jest/globals';
import { sampleToken } from '@vz/testing';
import { TokenBook } from './tokens.ts';

describe('TokenBook', () => {
  const book = new TokenBook({ acceptUnknown: false });
  book.apply(sampleToken('T-OK', 'driver-1', { parentIdTag: 'FLEET-1' }));
  book.apply(sampleToken('T-BLOCKED', null, { status: 'BLOCKED' }));
  book.apply(sampleToken('T-GONE', null));
  book.apply(sampleToken('T-GONE', null, { deleted: true }));
  book.apply(sampleToken('T-OLD', null, { expiresAt: 1_000 }));

  it('answers from the latest record of each idTag', () => {
    expect(book.decide('T-OK', 2_000)).toEqual({
      status: 'ACCEPTED',
      known: true,
      expiresAt: null,
      parentIdTag: 'FLEET-1',
    });
    expect(book.decide('T-BLOCKED', 2_000).status).toBe('BLOCKED');
    expect(book.decide('T-OLD', 999).status).toBe('ACCEPTED');
    expect(book.decide('T-OLD', 1_000).status).toBe('EXPIRED');
  });

  it('refuses unknown and withdrawn tokens, unless told to accept unknown ones', () => {
    expect(book.decide('T-GONE', 2_000)).toMatchObject({ status: 'INVALID', known: false });
    expect(book.decide('T-NOBODY', 2_000)).toMatchObject({ status: 'INVALID', known: false });
    const open = new TokenBook({ acceptUnknown: true });
    expect(open.decide('T-NOBODY', 2_000)).toMatchObject({ status: 'ACCEPTED', known: false });
  });
});

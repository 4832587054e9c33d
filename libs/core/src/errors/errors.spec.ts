import { describe, expect, it } from '@jest/globals';
import { ConflictError, httpStatusOf, InputError, isRetriable, NotFoundError, UnavailableError } from './errors.ts';

describe('errors', () => {
  it('map to HTTP statuses in one place', () => {
    expect(httpStatusOf(new InputError('bad'))).toBe(400);
    expect(httpStatusOf(new NotFoundError('gone'))).toBe(404);
    expect(httpStatusOf(new ConflictError('twice'))).toBe(409);
    expect(httpStatusOf(new UnavailableError('down'))).toBe(503);
    expect(httpStatusOf(new Error('bug'))).toBe(500);
  });

  it('carry a retriable flag that retry logic reads', () => {
    expect(isRetriable(new UnavailableError('broker down'))).toBe(true);
    expect(isRetriable(new InputError('bad frame'))).toBe(false);
    expect(isRetriable(new Error('unknown'))).toBe(false);
  });

  it('serialize code, name, details and cause-free message', () => {
    const error = new InputError('bad frame', { details: { topic: 't', offset: '7' }, cause: new Error('root') });
    expect(error.toJSON()).toEqual({
      name: 'InputError',
      code: 'INPUT_INVALID',
      message: 'bad frame',
      retriable: false,
      topic: 't',
      offset: '7',
    });
    expect((error.cause as Error).message).toBe('root');
  });
});

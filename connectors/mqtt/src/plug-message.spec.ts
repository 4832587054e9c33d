import { describe, expect, it } from '@jest/globals';
import {
  describeIssues,
  plugAuthorizationSchema,
  plugAuthorizeSchema,
  plugStateSchema,
  plugTopicOf,
} from './plug-message.ts';

const escrowId = `0x${'ab'.repeat(32)}`;
const state = (session?: object) => ({
  messageId: 'm-1',
  timestamp: 1_763_700_000_000,
  state: 'charging',
  energyRegisterWh: 5_000,
  powerW: 2_300,
  ...(session === undefined ? {} : { session }),
});

describe('the plug protocol', () => {
  it('addresses the authorization topics', () => {
    expect(plugTopicOf('vz/plugs/P-1/authorize')).toEqual({ plugId: 'P-1', kind: 'authorize' });
    expect(plugTopicOf('vz/plugs/P-1/authorization')).toEqual({ plugId: 'P-1', kind: 'authorization' });
    expect(plugTopicOf('vz/plugs/P-1/authorizations')).toBeUndefined();
  });

  it('takes a start without a token as before, and one with the token and its lock', () => {
    expect(plugStateSchema.parse(state({ event: 'start', sessionId: 's-1' })).session).toEqual({
      event: 'start',
      sessionId: 's-1',
    });
    expect(
      plugStateSchema.parse(state({ event: 'start', sessionId: 's-1', idTag: 'DRIVER-1', escrowId })).session,
    ).toEqual({ event: 'start', sessionId: 's-1', idTag: 'DRIVER-1', escrowId });
  });

  it('refuses a token on a stop, a lock without its token, and a malformed lock', () => {
    const refused = (session: object) => {
      const result = plugStateSchema.safeParse(state(session));
      return result.success ? undefined : describeIssues(result.error);
    };
    expect(refused({ event: 'stop', sessionId: 's-1', idTag: 'DRIVER-1' })).toMatch(/start of a session only/);
    expect(refused({ event: 'start', sessionId: 's-1', escrowId })).toMatch(/needs the idTag/);
    expect(refused({ event: 'start', sessionId: 's-1', idTag: 'DRIVER-1', escrowId: '0x12' })).toMatch(
      /session\.escrowId/,
    );
    expect(refused({ event: 'start', sessionId: 's-1', idTag: '' })).toMatch(/session\.idTag/);
  });

  it('validates authorization requests and answers', () => {
    expect(plugAuthorizeSchema.parse({ requestId: 'r-1', idTag: 'DRIVER-1' })).toEqual({
      requestId: 'r-1',
      idTag: 'DRIVER-1',
    });
    const missing = plugAuthorizeSchema.safeParse({ requestId: 'r-1' });
    expect(missing.success ? '' : describeIssues(missing.error)).toMatch(/^idTag/);
    expect(plugAuthorizeSchema.safeParse({ requestId: 'r-1', idTag: 'D', extra: 1 }).success).toBe(false);
    expect(plugAuthorizationSchema.parse({ requestId: 'r-1', status: 'accepted', escrowId })).toEqual({
      requestId: 'r-1',
      status: 'accepted',
      escrowId,
    });
    expect(plugAuthorizationSchema.safeParse({ requestId: 'r-1', status: 'maybe' }).success).toBe(false);
  });
});

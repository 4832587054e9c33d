import { describe, expect, it } from '@jest/globals';
import type { Ocpp16Request, Ocpp201Response, OcppAction } from './messages.ts';

describe('action → message map', () => {
  it('types each action by its version', () => {
    // Compile-time checks: a wrong field or status fails the typecheck of this file.
    const start: Ocpp16Request<'StartTransaction'> = {
      connectorId: 1,
      idTag: 'TAG',
      meterStart: 0,
      timestamp: '2026-01-01T00:00:00Z',
    };
    const authorized: Ocpp201Response<'Authorize'> = { idTokenInfo: { status: 'NoCredit' } };
    const actions: OcppAction<'ocpp2.0.1'>[] = ['TransactionEvent', 'NotifyEvent'];
    expect([start.idTag, authorized.idTokenInfo.status, actions.length]).toEqual(['TAG', 'NoCredit', 2]);
  });
});

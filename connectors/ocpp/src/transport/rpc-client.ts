import type { RPCServer } from 'ocpp-rpc';

/** The call ocpp-rpc hands to a handler (client.js `_onCall`), params validated against the action's schema. */
export interface IncomingCall {
  readonly messageId: string;
  readonly params: unknown;
}

/** ocpp-rpc's server-side client, as far as the central system uses it (its own typings leave these out). */
export type RPCServerClient = Parameters<Parameters<RPCServer['on']>[1]>[0] & {
  identity: string;
  protocol: string;
  session: { provisioned?: boolean };
  handle(method: string, handler: (call: IncomingCall) => Promise<unknown>): void;
  call(method: string, params: object, options: { callTimeoutMs: number }): Promise<unknown>;
  close(options: { code: number; reason: string }): Promise<unknown>;
  on(event: string, listener: (...args: never[]) => void): unknown;
};

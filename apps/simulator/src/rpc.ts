/**
 * The one place that imports ocpp-rpc. It is CommonJS and builds its exports with a spread (`...errors`), which
 * Node's ESM named-export detection cannot see, so we take the default export (module.exports) and pick from it.
 */
import ocppRpc from 'ocpp-rpc';

export const { RPCClient, RPCServer, RPCError, createRPCError } = ocppRpc;

export type RpcClient = InstanceType<typeof RPCClient>;
export type RpcServer = InstanceType<typeof RPCServer>;
/** The typings declare every constructor option as required although ocpp-rpc defaults them all. */
export type RpcClientOptions = ConstructorParameters<typeof RPCClient>[0];

export type OcppProtocol = 'ocpp1.6' | 'ocpp2.0.1';
export const ocppProtocols: readonly OcppProtocol[] = ['ocpp1.6', 'ocpp2.0.1'];

/** A CALLERROR the other side answered with (as opposed to a timeout or a dropped connection). */
export function isRpcError(error: unknown): error is InstanceType<typeof RPCError> {
  return error instanceof RPCError;
}

export const MSG_CALL = 2;
export const MSG_CALLRESULT = 3;
export const MSG_CALLERROR = 4;

import type { AddressInfo } from 'node:net';
import { ocppProtocols, RPCServer, type RpcClient, type RpcServer } from '../../src/rpc.ts';

/**
 * A tiny CSMS for unit tests of the simulator: an in-process ocpp-rpc RPCServer in strict mode (so it refuses any
 * frame that is not schema-valid, as the real one does) on 127.0.0.1 and a free port, that accepts everything,
 * hands out increasing 1.6 transaction ids, and records every call it receives.
 */
export interface ReceivedCall {
  identity: string;
  protocol: string;
  action: string;
  params: Record<string, unknown>;
}

export interface FakeCsmsOptions {
  /** Basic-auth password every charger must present; omit to accept any (or none). */
  password?: string;
  heartbeatIntervalS?: number;
  /** Authorization status per idTag (default Accepted). */
  authorize?: (idTag: string) => string;
  firstTransactionId?: number;
  /** Port on 127.0.0.1 (default: a free one). */
  port?: number;
}

/** The server side of one charger connection. */
export type CsmsConnection = RpcClient & { protocol: string | undefined };

export interface FakeCsms {
  readonly endpoint: string;
  readonly received: ReceivedCall[];
  /** Frames the server's strict mode refused or could not parse, by identity. */
  readonly rejected: { identity: string; reason: string }[];
  callsOf(identity: string, action?: string): ReceivedCall[];
  connection(identity: string): CsmsConnection;
  /** Resolves when the charger with this identity is connected (now or later). */
  waitForConnection(identity: string): Promise<CsmsConnection>;
  /** A CSMS-initiated call (RemoteStartTransaction, Reset...). */
  call(identity: string, action: string, params: object): Promise<unknown>;
  /** Closes every connection abruptly (the CSMS crashed), keeping the server up. */
  dropAll(): void;
  close(): Promise<void>;
}

export async function startFakeCsms(options: FakeCsmsOptions = {}): Promise<FakeCsms> {
  const heartbeatIntervalS = options.heartbeatIntervalS ?? 300;
  let nextTransactionId = options.firstTransactionId ?? 1000;
  const received: ReceivedCall[] = [];
  const rejected: { identity: string; reason: string }[] = [];
  const connections = new Map<string, CsmsConnection>();
  const waiting = new Map<string, ((connection: CsmsConnection) => void)[]>();
  const server: RpcServer = new RPCServer({ protocols: [...ocppProtocols], strictMode: true });

  server.auth((accept, reject, handshake) => {
    const password = handshake.password?.toString('utf8');
    if (options.password !== undefined && password !== options.password) reject(401, 'Unauthorized');
    else accept({});
  });

  server.on('client', (client: CsmsConnection) => {
    const identity = String(client.identity);
    connections.set(identity, client);
    for (const resolve of waiting.get(identity) ?? []) resolve(client);
    waiting.delete(identity);
    client.on('strictValidationFailure', (event: { error: Error }) => {
      rejected.push({ identity, reason: `strict: ${event.error.message}` });
    });
    client.on('badMessage', (event: { error: Error }) => {
      rejected.push({ identity, reason: `bad message: ${event.error.message}` });
    });
    client.on('close', () => {
      if (connections.get(identity) === client) connections.delete(identity);
    });
    client.handle(async ({ method, params }) => {
      const action = String(method);
      const body = (params ?? {}) as Record<string, unknown>;
      const protocol = String(client.protocol);
      received.push({ identity, protocol, action, params: body });
      const now = new Date().toISOString();
      const status = (idTag: unknown): string => options.authorize?.(String(idTag)) ?? 'Accepted';
      switch (action) {
        case 'BootNotification':
          return { status: 'Accepted', currentTime: now, interval: heartbeatIntervalS };
        case 'Heartbeat':
          return { currentTime: now };
        case 'Authorize':
          return protocol === 'ocpp1.6'
            ? { idTagInfo: { status: status(body['idTag']) } }
            : { idTokenInfo: { status: status((body['idToken'] as { idToken: string }).idToken) } };
        case 'StartTransaction':
          return { idTagInfo: { status: status(body['idTag']) }, transactionId: nextTransactionId++ };
        case 'StopTransaction':
          return { idTagInfo: { status: 'Accepted' } };
        default:
          return {};
      }
    });
  });

  const http = await server.listen(options.port ?? 0, '127.0.0.1');
  const { port } = http.address() as AddressInfo;

  const connection = (identity: string): CsmsConnection => {
    const found = connections.get(identity);
    if (!found) throw new Error(`${identity} is not connected to the fake CSMS`);
    return found;
  };

  return {
    endpoint: `ws://127.0.0.1:${port}/ocpp`,
    received,
    rejected,
    callsOf: (identity, action) =>
      received.filter((c) => c.identity === identity && (action === undefined || c.action === action)),
    connection,
    waitForConnection: (identity) => {
      const found = connections.get(identity);
      if (found) return Promise.resolve(found);
      return new Promise((resolve) => waiting.set(identity, [...(waiting.get(identity) ?? []), resolve]));
    },
    call: (identity, action, params) => connection(identity).call(action, params),
    dropAll: () => {
      for (const client of connections.values()) void client.close({ force: true });
    },
    close: async () => {
      await Promise.all([...connections.values()].map((client) => client.close({ force: true })));
      await server.close({ force: true });
      http.closeAllConnections();
      await new Promise<void>((resolve) => (http.listening ? http.close(() => resolve()) : resolve()));
    },
  };
}

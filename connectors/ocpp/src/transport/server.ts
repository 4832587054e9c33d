import type { Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { RPCServer } from 'ocpp-rpc';
import type { Logger } from 'pino';
import type { StationCredentials } from '../stations/credentials.ts';
import { authenticate } from './auth.ts';
import type { RPCServerClient } from './rpc-client.ts';

export interface ServerSettings {
  readonly host: string;
  readonly port: number;
  /** Accept unknown stations (their boot is answered Pending) instead of refusing them. */
  readonly autoProvision: boolean;
  readonly maxMessageBytes: number;
  /** OCPP Security Profile 2: serve `wss://` with this certificate and key (PEM) instead of `ws://`. */
  readonly tls?: { readonly cert: Buffer; readonly key: Buffer } | undefined;
}

/**
 * The WebSocket server of the central system (ocpp-rpc, strict JSON-schema validation of both directions): the
 * subprotocols offered, Basic auth at the handshake, and each admitted charger handed to `onClient`.
 */
export function createOcppServer(setup: {
  readonly settings: ServerSettings;
  readonly subprotocols: readonly string[];
  readonly credentials: StationCredentials;
  readonly logger: Logger;
  readonly onClient: (client: RPCServerClient) => void;
}): RPCServer {
  const { settings, credentials, logger } = setup;
  const server = new RPCServer({
    protocols: [...setup.subprotocols],
    strictMode: true,
    respondWithDetailedErrors: false,
    maxBadMessages: 10,
    callConcurrency: 1,
    wssOptions: { maxPayload: settings.maxMessageBytes * 4 },
  });
  server.auth((accept, reject, handshake) => {
    const policy = { credentials, autoProvision: settings.autoProvision, logger };
    void authenticate({ chargerId: handshake.identity, password: handshake.password }, policy).then(
      (outcome) => (outcome === 'refused' ? reject(401, 'Unauthorized') : accept({ provisioned: outcome === 'known' })),
      (error: unknown) => {
        logger.error({ err: error, chargerId: handshake.identity }, 'authentication failed');
        reject(500, 'Internal Server Error');
      },
    );
  });
  server.on('client', (client) => setup.onClient(client as RPCServerClient));
  return server;
}

/** Listens on the settings' host and port: `ws://`, or with TLS `wss://` (Security Profile 2, then the same Basic auth). */
export async function listenOcpp(server: RPCServer, settings: ServerSettings): Promise<Server> {
  const { host, port, tls } = settings;
  if (tls === undefined) return server.listen(port, host);
  // ocpp-rpc's upgrade handler serves the https server.
  const https = createHttpsServer({ cert: tls.cert, key: tls.key, minVersion: 'TLSv1.2' });
  https.on('upgrade', server.handleUpgrade);
  await new Promise<void>((resolve, reject) => {
    https.once('error', reject);
    https.listen(port, host, () => resolve());
  });
  return https;
}

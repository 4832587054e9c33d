import { endpointsOf } from '../endpoints.ts';
import { deployablePart } from './deployable.ts';

/**
 * connectors/chain: executes settle / mint / anchor commands on the local chain's contracts with the operator key,
 * and publishes the contracts' events (top-ups, escrow, consents). Started after the contracts are deployed.
 */
export const chainConnectorPart = deployablePart({
  name: 'chain-connector',
  title: 'chain connector (connectors/chain)',
  entry: 'connectors/chain/src/main.ts',
  ports: (config) => ({ http: config.local.chainConnector.httpPort }),
  httpPort: (config) => config.local.chainConnector.httpPort,
  env: ({ config }) => {
    const { chain } = endpointsOf(config);
    return {
      VZ_CHAIN_RPC_URL: chain.rpcUrl,
      VZ_CHAIN_CONTRACTS_FILE: chain.contractsFile,
      VZ_CHAIN_OPERATOR_KEY: chain.operatorKey,
      VZ_CHAIN_INSTANCE_ID: 'chain-local',
    };
  },
});

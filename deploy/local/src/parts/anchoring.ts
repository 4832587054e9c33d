import { readContractAddresses } from '@vz/contracts';
import { contractsFileOf } from '../contracts.ts';
import { deployablePart } from './deployable.ts';

/** streams/anchoring: Merkle batches of every anchored topic, sealed for the chain, leaves kept for proofs. */
export const anchoringPart = deployablePart({
  name: 'anchoring',
  title: 'anchoring worker (streams/anchoring)',
  entry: 'streams/anchoring/src/main.ts',
  ports: (config) => ({ http: config.local.anchoring.httpPort }),
  httpPort: (config) => config.local.anchoring.httpPort,
  env: ({ config }) => {
    // Deployed by `up` before the deployables start (contracts.ts); the batches name the registry their root goes to.
    const { chainId, contracts } = readContractAddresses(contractsFileOf(config));
    return {
      VZ_ANCHORING_INSTANCE_ID: 'anchoring-local',
      VZ_ANCHORING_CHAIN_ID: String(chainId),
      VZ_ANCHORING_CONTRACT_ADDRESS: contracts.AnchorRegistry.toLowerCase(),
      VZ_ANCHORING_MAX_AGE_MS: String(config.local.anchoring.maxAgeMs),
      VZ_ANCHORING_MAX_LEAVES: String(config.local.anchoring.maxLeaves),
    };
  },
});

import {
  AnchorRegistry__factory,
  AssetRegister__factory,
  ChargingToken__factory,
  ConsentRegistry__factory,
  type ContractAddresses,
  Escrow__factory,
  StationRegistry__factory,
  VzpToken__factory,
} from '@vz/contracts';
import {
  type BaseContract,
  type ContractRunner,
  JsonRpcProvider,
  type Log,
  Network,
  NonceManager,
  Wallet,
} from 'ethers';

/** The platform contracts the connector calls and listens to, on one provider. */
export interface ChainContext {
  readonly provider: JsonRpcProvider;
  readonly chainId: number;
  readonly addresses: ContractAddresses;
}

/**
 * A provider for the connector: the network is fixed (no detection loop while the node is down: calls fail and are
 * retried by the caller), answers are never cached (the head and nonces must be fresh) and receipts are polled often.
 */
export function chainContext(rpcUrl: string, addresses: ContractAddresses, pollingIntervalMs = 250): ChainContext {
  const provider = new JsonRpcProvider(rpcUrl, Network.from(addresses.chainId), {
    staticNetwork: true,
    cacheTimeout: -1,
    pollingInterval: pollingIntervalMs,
  });
  return { provider, chainId: addresses.chainId, addresses };
}

/**
 * The operator's signer: one key holds the minter, locker, settler, registrar, rewards and anchorer roles; one NonceManager hands out its nonces
 * to every stage of the process (a second process with the same key would race it: run one executor per key).
 */
export function operatorSigner(context: ChainContext, operatorKey: string): NonceManager {
  return new NonceManager(new Wallet(operatorKey, context.provider));
}

/** The contracts bound to a runner (the operator's signer to send, the provider to read). */
export function platformContracts(context: ChainContext, runner: ContractRunner) {
  const { contracts } = context.addresses;
  return {
    escrow: Escrow__factory.connect(contracts.Escrow, runner),
    vzpToken: VzpToken__factory.connect(contracts.VzpToken, runner),
    anchorRegistry: AnchorRegistry__factory.connect(contracts.AnchorRegistry, runner),
    chargingToken: ChargingToken__factory.connect(contracts.ChargingToken, runner),
    consentRegistry: ConsentRegistry__factory.connect(contracts.ConsentRegistry, runner),
    assetRegister: AssetRegister__factory.connect(contracts.AssetRegister, runner),
    stationRegistry: StationRegistry__factory.connect(contracts.StationRegistry, runner),
  };
}
export type PlatformContracts = ReturnType<typeof platformContracts>;

/**
 * The latest log of `contract` matching `filter` (and `where`, for what a topic filter cannot select, e.g. a string
 * argument that is not indexed) in [fromBlock, toBlock], searched backwards in ranges of `chunk` blocks (providers
 * cap the range of one eth_getLogs call); undefined when there is none.
 */
export async function latestLog(
  contract: BaseContract,
  filter: Parameters<BaseContract['queryFilter']>[0],
  range: { readonly fromBlock: number; readonly toBlock: number; readonly chunk: number },
  where: (log: Log) => boolean = () => true,
): Promise<Log | undefined> {
  for (let to = range.toBlock; to >= range.fromBlock; to -= range.chunk) {
    const logs = await contract.queryFilter(filter, Math.max(range.fromBlock, to - range.chunk + 1), to);
    const found = logs.filter(where).at(-1);
    if (found !== undefined) return found;
  }
  return undefined;
}

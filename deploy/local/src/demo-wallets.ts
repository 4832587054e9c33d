import { ChargingToken__factory, readContractAddresses } from '@vz/contracts';
import { JsonRpcProvider, MaxUint256, parseEther, Wallet } from 'ethers';
import type { LocalConfig } from './config.ts';
import { contractsFileOf } from './contracts.ts';
import { demoPrepaidDrivers } from './demo-network.ts';
import { chainRpcUrl } from './parts/chain.ts';

/** Gas a demo driver's wallet is given when it has less than half of it: its approval and nothing else costs gas. */
const demoGas = parseEther('1');

/**
 * The demo's prepaid drivers as their wallet app would set them up on the local chain: some gas (from the deployer
 * account) and an Escrow approval of their ChargingToken (the pre-authorisation the central system locks sessions
 * against, Escrow.lockFor). Idempotent: runs on every `up`, sends only what is missing.
 */
export async function prepareDemoWallets(config: LocalConfig, say: (line: string) => void): Promise<void> {
  const provider = new JsonRpcProvider(chainRpcUrl(config), config.local.chain.chainId, {
    staticNetwork: true,
    cacheTimeout: -1,
  });
  try {
    const { contracts } = readContractAddresses(contractsFileOf(config));
    const funder = new Wallet(config.local.chain.deployerKey, provider);
    let funded = 0;
    let approved = 0;
    for (const { wallet } of demoPrepaidDrivers()) {
      const driver = wallet.connect(provider);
      if ((await provider.getBalance(driver.address)) < demoGas / 2n) {
        await (await funder.sendTransaction({ to: driver.address, value: demoGas })).wait();
        funded += 1;
      }
      const token = ChargingToken__factory.connect(contracts.ChargingToken, driver);
      if ((await token.allowance(driver.address, contracts.Escrow)) < MaxUint256 / 2n) {
        await (await token.approve(contracts.Escrow, MaxUint256)).wait();
        approved += 1;
      }
    }
    say(`demo wallets: ${funded} given gas, ${approved} approved the Escrow (of ${demoPrepaidDrivers().length})`);
  } finally {
    provider.destroy();
  }
}

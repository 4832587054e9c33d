/**
 * Deploys the platform's contracts to a chain and writes their addresses:
 *
 *   npm run contracts:deploy -- --rpc-url http://127.0.0.1:18545 --private-key 0x... --operator 0x... --out contracts.json
 *
 * The deployer (the key's account) becomes admin of every contract; the operator gets the platform's working roles.
 */
import { parseArgs } from 'node:util';
import { JsonRpcProvider, Wallet } from 'ethers';
import { deployPlatformContracts, writeContractAddresses } from './deploy.ts';

const usage =
  'usage: contracts:deploy --rpc-url <url> --private-key <0x...> --operator <address> --out <contracts.json>';

const { values } = parseArgs({
  options: {
    'rpc-url': { type: 'string' },
    'private-key': { type: 'string' },
    operator: { type: 'string' },
    out: { type: 'string' },
  },
  strict: true,
});
const { 'rpc-url': rpcUrl, 'private-key': privateKey, operator, out } = values;
if (!rpcUrl || !privateKey || !operator || !out) {
  console.error(usage);
  process.exit(2);
}

const provider = new JsonRpcProvider(rpcUrl);
try {
  const addresses = await deployPlatformContracts(new Wallet(privateKey, provider), { operator });
  writeContractAddresses(out, addresses);
  console.log(`deployed on chain ${addresses.chainId} at block ${addresses.deployedAtBlock}; addresses in ${out}`);
  for (const [name, address] of Object.entries(addresses.contracts)) console.log(`  ${name.padEnd(16)} ${address}`);
} finally {
  provider.destroy();
}

export {
  AnchorRegistry__factory,
  AssetRegister__factory,
  ChargingToken__factory,
  ConsentRegistry__factory,
  Escrow__factory,
  IAssetRevenue__factory,
  StationRegistry__factory,
  VzpToken__factory,
} from './generated/index.ts';
export type {
  AnchorRegistry,
  AssetRegister,
  ChargingToken,
  ConsentRegistry,
  Escrow,
  IAssetRevenue,
  StationRegistry,
  VzpToken,
} from './generated/index.ts';
export {
  ContractAddressesError,
  contractAddressesSchema,
  deployPlatformContracts,
  readContractAddresses,
  writeContractAddresses,
  type ContractAddresses,
  type ContractName,
  type PlatformRoles,
} from './deploy.ts';

export {
  AnchorRegistry__factory,
  ChargingToken__factory,
  Escrow__factory,
  VzpToken__factory,
} from './generated/index.ts';
export type { AnchorRegistry, ChargingToken, Escrow, VzpToken } from './generated/index.ts';

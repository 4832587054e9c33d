export { AnchorRegistry__factory, VzpToken__factory } from './generated/index.ts';
export type { AnchorRegistry, VzpToken } from './generated/index.ts';

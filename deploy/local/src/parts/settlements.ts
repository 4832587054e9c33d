import { deployablePart } from './deployable.ts';

/** streams/settlements: a settlement per completed session (tariff, VAT, splits, escrow cap), exactly once. */
export const settlementsPart = deployablePart({
  name: 'settlements',
  title: 'Settlements (streams/settlements)',
  entry: 'streams/settlements/src/main.ts',
  ports: (config) => ({ http: config.local.settlements.httpPort }),
  httpPort: (config) => config.local.settlements.httpPort,
  env: () => ({ VZ_SETTLEMENTS_INSTANCE_ID: 'settlements-local' }),
});

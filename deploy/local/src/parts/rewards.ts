import { deployablePart } from './deployable.ts';

/** streams/rewards: VZP rewards from settlements by versioned rules, and mint batches, exactly once. */
export const rewardsPart = deployablePart({
  name: 'rewards',
  title: 'VZP rewards (streams/rewards)',
  entry: 'streams/rewards/src/main.ts',
  ports: (config) => ({ http: config.local.rewards.httpPort }),
  httpPort: (config) => config.local.rewards.httpPort,
  env: () => ({ VZ_REWARDS_INSTANCE_ID: 'rewards-local' }),
});

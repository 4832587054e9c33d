import { deployablePart } from './deployable.ts';

/** streams/rewards: VZP rewards from settlements by versioned rules, and mint batches, exactly once. */
export const rewardsPart = deployablePart({
  name: 'rewards',
  title: 'VZP rewards (streams/rewards)',
  entry: 'streams/rewards/src/main.ts',
  ports: (config) => ({ http: config.local.rewards.httpPort }),
  httpPort: (config) => config.local.rewards.httpPort,
  // The demo's few drivers would fill a batch of 100 (the default) per bucket only every several minutes: mint sooner.
  env: () => ({ VZ_REWARDS_INSTANCE_ID: 'rewards-local', VZ_REWARDS_BATCH_SIZE: '10' }),
});

export { bindRegistryTopics, followRegistry, type RegistryTopics } from './feed.ts';
export { type EscrowLock, RegistryView } from './view.ts';

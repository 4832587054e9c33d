import { jest } from '@jest/globals';

// Integration tests wait on real services (a JVM starting, a consumer group joining); Jest's 5 s default is for unit
// tests. This bounds a hung test, it does not time anything.
jest.setTimeout(180_000);

import { createClient, type ClickHouseClient } from '@clickhouse/client';
import type { Isolation } from '@vz/testing';

/** A client for the platform's 18.16 server, as the read-write platform user or as the read-only analyst. */
export function serverClient(isolation: Isolation, as: 'platform' | 'analyst' = 'platform'): ClickHouseClient {
  const { url, user, password, analystUser, analystPassword } = isolation.endpoints.clickhouse;
  return createClient({
    url,
    username: as === 'platform' ? user : analystUser,
    password: as === 'platform' ? password : analystPassword,
  });
}

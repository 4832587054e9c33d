import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { repositoryRoot } from '@vz/core';

describe('the Node.js the suite runs on', () => {
  it('is the Node 24 pinned through the npm "node" package, not the machine’s own', () => {
    const pinned = (
      JSON.parse(readFileSync(join(repositoryRoot, 'package.json'), 'utf8')) as {
        devDependencies: Record<string, string>;
      }
    ).devDependencies['node'];
    expect(pinned).toMatch(/^24\./);
    expect(process.versions.node).toBe(pinned);
    expect(readFileSync(join(repositoryRoot, '.nvmrc'), 'utf8').trim()).toBe('24');
  });
});

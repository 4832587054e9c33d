import { describe, expect, it } from '@jest/globals';
import { renderMosquittoAcl } from './mqtt.ts';

describe('renderMosquittoAcl', () => {
  it('confines plugs to their own topics by username and integrators to their listed plugs', () => {
    const acl = renderMosquittoAcl({ zeta: ['Z-1'], acme: ['A-1', 'A-2'] });
    const lines = acl.split('\n');
    expect(lines).toEqual(
      expect.arrayContaining([
        'pattern write vz/plugs/%u/state',
        'pattern write vz/plugs/%u/availability',
        'pattern write vz/plugs/%u/command-results',
        'pattern write vz/plugs/%u/authorize',
        'pattern read vz/plugs/%u/commands',
        'pattern read vz/plugs/%u/authorization',
        'user vz',
        'topic readwrite vz/#',
        'topic write vz/plugs/A-2/state',
        'topic read vz/plugs/Z-1/commands',
      ]),
    );
    // Integrators in a stable order, each followed only by its own plugs' topics.
    expect(acl.indexOf('user acme')).toBeLessThan(acl.indexOf('user zeta'));
    expect(acl.slice(acl.indexOf('user acme'), acl.indexOf('user zeta'))).not.toContain('Z-1');
    // No plug may write its own command topic, nor answer its own authorizations.
    expect(lines.filter((line) => /write .*\/(commands|authorization)$/.test(line))).toEqual([]);
    expect(acl.endsWith('\n')).toBe(true);
  });
});

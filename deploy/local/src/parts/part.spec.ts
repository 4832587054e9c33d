import { describe, expect, it } from '@jest/globals';
import { renderTemplate } from './part.ts';

describe('renderTemplate', () => {
  it('fills every @NAME@ placeholder, digits included', () => {
    expect(renderTemplate('port=@PORT@ hash=@PASSWORD_SHA256@', { PORT: 19092, PASSWORD_SHA256: 'ab12' })).toBe(
      'port=19092 hash=ab12',
    );
  });

  it('refuses to leave a placeholder unfilled', () => {
    expect(() => renderTemplate('dir=@DATA_DIR@ port=@PORT@', { PORT: 1 })).toThrow(/@DATA_DIR@/);
  });
});

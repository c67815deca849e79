import { describe, expect, it } from 'vitest';
import { CATALOGUES as CONSOLE } from '../../client/console/i18n.js';
import { CATALOGUES } from '../../client/widget/i18n/index.js';

describe('a blocked visitor’s words', () => {
  it('say only that the chat is not available, with the phone line and 112, in every language', () => {
    const generic = CATALOGUES.sv.error('internal', '021-41 32 60');
    for (const t of Object.values(CATALOGUES)) {
      const text = t.error('unavailable', '021-41 32 60');
      expect(text).toContain('021-41 32 60');
      expect(text).toContain('112');
      expect(text).not.toBe(generic);
      // Neutral: nothing says a block, a ban or the visitor's doing.
      expect(text).not.toMatch(/block|spärr|ban|حظر|xannib/i);
    }
  });

  it('tell the counsellor how long a block lasts before it is made', () => {
    expect(CONSOLE.sv.endAndBlock(24)).toBe('Avsluta och blockera i 24 timmar');
    expect(CONSOLE.en.endAndBlock(1)).toBe('End and block for 1 hour');
    expect(CONSOLE.en.confirmBlock(24)).toContain('24 hours');
  });
});

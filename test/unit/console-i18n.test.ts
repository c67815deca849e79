import { describe, expect, it } from 'vitest';
import { ADMIN_CATALOGUES } from '../../client/console/admin/admin-i18n.js';
import { CATALOGUES } from '../../client/console/i18n.js';
import { AUDIT_ACTIONS } from '../../shared/protocol/admin.js';
import { ROUTES } from '../../shared/protocol/schemas.js';

describe('the console’s words', () => {
  it('count by the language’s plural rules', () => {
    const sv = CATALOGUES.sv;
    expect(sv.colleagues(1)).toBe('1 tillgänglig volontär');
    expect(sv.colleagues(2)).toBe('2 tillgängliga volontärer');
    expect(sv.colleagues(0)).toBe('0 tillgängliga volontärer');
    expect(sv.unread(1)).toBe('1 oläst');
    expect(sv.unread(3)).toBe('3 olästa');
    expect(sv.colleagueOption('sam', 1)).toBe('sam (1 plats ledig)');
    expect(sv.colleagueOption('sam', 2)).toBe('sam (2 platser lediga)');
    expect(sv.load(0, 1)).toBe('0 av 1 chatt');
    expect(sv.noColleagues(2)).toContain('2 lediga kollegor är inte utbildade');
    expect(CATALOGUES.en.colleagues(1)).toBe('1 volunteer available');
    expect(CATALOGUES.en.colleagues(2)).toBe('2 volunteers available');
  });

  it('name a chat’s tab so that its number does not read as an age', () => {
    for (const t of Object.values(CATALOGUES)) {
      for (const route of ROUTES) expect(t.chatTab(2, route)).not.toMatch(/20\D*2$/);
    }
    expect(CATALOGUES.sv.chatTab(2, 'youth')).toBe('Chatt 2 · under 20 år');
  });

  it('say every audit action in words, never its code, and the codes in its details too', () => {
    for (const [lang, a] of Object.entries(ADMIN_CATALOGUES)) {
      for (const action of AUDIT_ACTIONS) {
        const label = a.auditAction(action);
        expect(label, `${lang} ${action}`).not.toBe(action);
        expect(label, `${lang} ${action}`).not.toMatch(/_|\bcli\b|totp/);
      }
    }
    const sv = ADMIN_CATALOGUES.sv;
    expect(sv.auditAction('login_failed')).toBe('misslyckad inloggning');
    expect(sv.auditAction('something_new')).toBe('annan ändring');
    expect(sv.auditDetail('invite_created', 'role counsellor, youth')).toBe('volontär, under 20');
    expect(sv.auditDetail('account_changed', 'anna: role, youth')).toBe('anna: roll, under 20');
    expect(sv.auditDetail('account_created_cli', 'ada (admin)')).toBe('ada (administratör)');
    expect(sv.auditDetail('login_failed', 'authentication code')).toBe('autentiseringskod');
  });

  it('use one word for the volunteers in Swedish', () => {
    const texts = JSON.stringify(
      Object.fromEntries(
        [...Object.entries(CATALOGUES.sv), ...Object.entries(ADMIN_CATALOGUES.sv)].map(
          ([key, value]) => [key, typeof value === 'string' ? value : ''],
        ),
      ),
    );
    expect(texts).not.toMatch(/stödperson/i);
    expect(ADMIN_CATALOGUES.sv.role('counsellor')).toBe('volontär');
  });
});

import { LitElement, html } from 'lit';
import { property, state } from 'lit/decorators.js';
import type { ErrorCode } from '../../../shared/protocol/errors.js';
import { api } from '../api.js';
import { baseStyles } from '../console.styles.js';
import type { AdminMessages } from './admin-i18n.js';
import { adminStyles } from './admin.styles.js';

interface AuditRow {
  at: number;
  actor: string | null;
  action: string;
  detail: string;
}

/** Who changed what, and when: the newest 500 staff actions. */
export class JourAudit extends LitElement {
  static override styles = [baseStyles, adminStyles];
  @property({ attribute: false }) t!: AdminMessages;
  @state() private rows: AuditRow[] = [];
  @state() private error?: ErrorCode;

  override connectedCallback(): void {
    super.connectedCallback();
    void api<AuditRow[]>('GET', '/audit').then((result) => {
      if (result.ok) this.rows = result.data;
      else this.error = result.error;
    });
  }

  override render() {
    const t = this.t;
    return html`<section>
      <h2 id="audit-heading">${t.audit}</h2>
      ${this.error ? html`<p class="alert" role="alert">${t.error(this.error)}</p>` : ''}
      <div class="table-wrap" role="region" tabindex="0" aria-labelledby="audit-heading">
        <table aria-labelledby="audit-heading">
          <thead>
            <tr>
              <th scope="col">${t.when}</th>
              <th scope="col">${t.who}</th>
              <th scope="col">${t.what}</th>
              <th scope="col">${t.details}</th>
            </tr>
          </thead>
          <tbody>
            ${this.rows.map(
              (row) =>
                html`<tr>
                  <td>${new Date(row.at).toLocaleString(document.documentElement.lang)}</td>
                  <td>${row.actor ?? '–'}</td>
                  <td>${t.auditAction(row.action)}</td>
                  <td>${t.auditDetail(row.action, row.detail)}</td>
                </tr>`,
            )}
          </tbody>
        </table>
      </div>
    </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'jour-audit': JourAudit;
  }
}
if (!customElements.get('jour-audit')) customElements.define('jour-audit', JourAudit);

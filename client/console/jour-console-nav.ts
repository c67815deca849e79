import { LitElement, html, nothing } from 'lit';
import { property } from 'lit/decorators.js';
import type { Role } from '../../shared/protocol/schemas.js';
import { roleAtLeast } from '../../shared/protocol/admin.js';
import type { AdminMessages } from './admin/admin-i18n.js';
import { badgeStyles, baseStyles } from './console.styles.js';
import type { ConsoleMessages } from './i18n.js';
import { consoleNavStyles } from './jour-console-nav.styles.js';

export type View =
  'chats' | 'mailbox' | 'board' | 'stats' | 'settings' | 'accounts' | 'audit' | 'account';

/** The screens, and the least role each needs (the server checks it again). */
const VIEWS: { view: View; least: Role }[] = [
  { view: 'chats', least: 'counsellor' },
  { view: 'mailbox', least: 'counsellor' },
  { view: 'board', least: 'supervisor' },
  { view: 'stats', least: 'supervisor' },
  { view: 'settings', least: 'supervisor' },
  { view: 'accounts', least: 'admin' },
  { view: 'audit', least: 'admin' },
  { view: 'account', least: 'counsellor' },
];

/**
 * The console's screens that the account's role may open, the current one marked,
 * on Chats, while another screen is open, how many messages are unread, and on
 * Mailbox how many mailboxes wait for an answer.
 *
 * @fires jour-navigate - a screen was chosen (detail: the View)
 */
export class JourConsoleNav extends LitElement {
  static override styles = [baseStyles, badgeStyles, consoleNavStyles];

  @property({ attribute: false }) t!: ConsoleMessages;
  @property({ attribute: false }) a!: AdminMessages;
  @property({ attribute: false }) accountRole: Role = 'counsellor';
  @property({ attribute: false }) current: View = 'chats';
  @property({ attribute: false }) unread = 0;
  /** Mailboxes waiting for an answer on the routes this account serves. */
  @property({ attribute: false }) letters = 0;

  override render() {
    const { a, unread, letters } = this;
    const label: Record<View, string> = {
      chats: a.chatsNav,
      mailbox: this.t.mailbox,
      board: a.boardNav,
      stats: a.statsNav,
      settings: a.settingsNav,
      accounts: a.accountsNav,
      audit: a.auditNav,
      account: a.myAccountNav,
    };
    return html`<nav aria-label=${a.nav}>
      <ul>
        ${VIEWS.filter(({ least }) => roleAtLeast(this.accountRole, least)).map(
          ({ view }) =>
            html`<li>
              <button
                type="button"
                aria-current=${this.current === view ? 'page' : 'false'}
                @click=${() => this.navigate(view)}
              >
                ${label[view]}
                ${
                  view === 'chats' && unread > 0 && this.current !== 'chats'
                    ? html`<span class="badge" aria-hidden="true">${unread}</span
                        ><span class="visually-hidden">${this.t.unread(unread)}</span>`
                    : nothing
                }
                ${
                  view === 'mailbox' && letters > 0
                    ? html`<span class="badge" aria-hidden="true">${letters}</span
                        ><span class="visually-hidden">${this.t.mailboxWaiting(letters)}</span>`
                    : nothing
                }
              </button>
            </li>`,
        )}
      </ul>
    </nav>`;
  }

  private navigate(view: View): void {
    this.dispatchEvent(
      new CustomEvent('jour-navigate', { detail: view, bubbles: true, composed: true }),
    );
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'jour-console-nav': JourConsoleNav;
  }
  interface GlobalEventHandlersEventMap {
    'jour-navigate': CustomEvent<View>;
  }
}

if (!customElements.get('jour-console-nav')) {
  customElements.define('jour-console-nav', JourConsoleNav);
}

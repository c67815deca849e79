import { LitElement, html } from 'lit';
import { property, state } from 'lit/decorators.js';
import { toDataURL } from 'qrcode';
import type { Phrases, TotpSetup } from '../../../shared/protocol/admin.js';
import type { ErrorCode } from '../../../shared/protocol/errors.js';
import type { SessionInfo } from '../../../shared/protocol/schemas.js';
import { api } from '../api.js';
import type { ConsoleMailbox } from '../console-mailbox.js';
import { baseStyles } from '../console.styles.js';
import { authCodeField, newPasswordField } from '../fields.js';
import type { AdminMessages } from './admin-i18n.js';
import { adminStyles } from './admin.styles.js';

/**
 * One's own account: the password (with the mailbox key re-wrapped under the new
 * one), the second factor, one's ready phrases.
 *
 * @fires jour-session-changed - detail: the new SessionInfo (the second factor came on)
 * @fires jour-phrases-changed - one's ready phrases changed
 */
export class JourMyAccount extends LitElement {
  static override styles = [baseStyles, adminStyles];
  @property({ attribute: false }) t!: AdminMessages;
  @property({ attribute: false }) account!: SessionInfo;
  /** Re-wraps the account's mailbox key under the new password, to go with the change. */
  @property({ attribute: false }) mailbox?: Pick<ConsoleMailbox, 'rewrap'>;
  @state() private changing = false;
  @state() private setup?: TotpSetup & { qr: string };
  @state() private own: Phrases['own'] = [];
  @state() private message?: { ok: boolean; text: string };

  override connectedCallback(): void {
    super.connectedCallback();
    void this.loadPhrases();
  }

  private async loadPhrases(): Promise<void> {
    const result = await api<Phrases>('GET', '/phrases');
    if (result.ok) this.own = result.data.own;
  }

  private say(result: { ok: true } | { ok: false; error: ErrorCode }, okText: string): void {
    this.message = result.ok
      ? { ok: true, text: okText }
      : { ok: false, text: this.t.error(result.error) };
  }

  override render() {
    const { t, account } = this;
    return html`
      ${
        this.message
          ? html`<p class=${this.message.ok ? 'ok' : 'alert'} role="status">
              ${this.message.text}
            </p>`
          : ''
      }
      <section aria-labelledby="totp-heading">
        <h2 id="totp-heading">${t.secondFactor}</h2>
        ${
          account.totpEnabled
            ? html`<p>${t.totpOn}</p>`
            : html`
                ${account.assignedRole !== 'counsellor' ? html`<p>${t.totpRequired}</p>` : ''}
                ${
                  this.setup
                    ? html`<form class="grid" @submit=${this.confirmTotp}>
                        <p>${t.totpScan}</p>
                        <img src=${this.setup.qr} width="200" height="200" alt="" />
                        <p>
                          ${t.totpSecret}:
                          <code class="link" data-testid="totp-secret">${this.setup.secret}</code>
                        </p>
                        ${authCodeField(t.authCode)}
                        <div class="row">
                          <button class="primary" type="submit">${t.confirm}</button>
                        </div>
                      </form>`
                    : html`<button type="button" @click=${this.startTotp}>${t.setUpTotp}</button>`
                }
              `
        }
      </section>
      <section aria-labelledby="password-heading">
        <h2 id="password-heading">${t.changePassword}</h2>
        <form class="grid" @submit=${this.changePassword}>
          <label
            >${t.currentPassword}
            <input name="current" type="password" autocomplete="current-password" required
          /></label>
          ${newPasswordField(t.newPassword, 'password-hint')}
          <p class="muted" id="password-hint">${t.passwordHint}</p>
          <p class="muted">${t.passwordKeepsMailbox}</p>
          <div class="row">
            <button class="primary" type="submit" ?disabled=${this.changing}>
              ${t.changePassword}
            </button>
          </div>
        </form>
      </section>
      <section aria-labelledby="phrases-heading">
        <h2 id="phrases-heading">${t.myPhrases}</h2>
        <ul>
          ${this.own.map(
            (phrase) =>
              html`<li class="row">
                <span>${phrase.text}</span>
                <button type="button" @click=${() => this.removePhrase(phrase.id)}>
                  ${t.remove}<span class="visually-hidden">: ${phrase.text}</span>
                </button>
              </li>`,
          )}
        </ul>
        <form class="grid" @submit=${this.addPhrase}>
          <label
            >${t.newPhrase} <textarea name="phrase" rows="2" maxlength="500" required></textarea>
          </label>
          <div class="row"><button type="submit">${t.addPhrase}</button></div>
        </form>
      </section>
    `;
  }

  private async startTotp(): Promise<void> {
    const result = await api<TotpSetup>('POST', '/totp/setup', {});
    if (!result.ok) return this.say(result, '');
    // Drawn here, from the URI: the secret never goes to another service.
    const qr = await toDataURL(result.data.uri, { width: 200, margin: 1 });
    this.setup = { ...result.data, qr };
  }

  private async confirmTotp(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const code = form.querySelector<HTMLInputElement>('[name=code]')?.value.trim() ?? '';
    const result = await api<SessionInfo>('POST', '/totp/confirm', { code });
    this.say(result, this.t.totpOn);
    if (!result.ok) return;
    this.setup = undefined;
    this.dispatchEvent(
      new CustomEvent('jour-session-changed', {
        detail: result.data,
        bubbles: true,
        composed: true,
      }),
    );
  }

  private async changePassword(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const value = (name: string) =>
      form.querySelector<HTMLInputElement>(`[name=${name}]`)?.value ?? '';
    const current = value('current');
    const password = value('password');
    this.changing = true;
    try {
      // The key goes with the change, in one request (docs/PROTOCOL.md §21.6): the
      // change ends every session, and a key sent after it could be lost with them.
      const wrapped = this.mailbox ? await this.mailbox.rewrap(current, password) : {};
      if ('error' in wrapped) {
        const error = wrapped.error === 'bad_password' ? 'bad_credentials' : wrapped.error;
        return this.say({ ok: false, error }, '');
      }
      const result = await api('POST', '/password', {
        current,
        password,
        ...(wrapped.record && { staffKey: wrapped.record }),
      });
      this.say(result, this.t.passwordChanged);
      if (result.ok) form.reset();
    } finally {
      this.changing = false;
    }
  }

  private async addPhrase(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const text = form.querySelector<HTMLTextAreaElement>('[name=phrase]')?.value ?? '';
    const result = await api('POST', '/phrases', { text });
    if (result.ok) form.reset();
    else this.say(result, '');
    await this.loadPhrases();
    this.phrasesChanged();
  }

  private async removePhrase(id: number): Promise<void> {
    await api('DELETE', `/phrases/${id}`);
    await this.loadPhrases();
    this.phrasesChanged();
  }

  /** The message box's "/" list is to offer the phrases as they are now. */
  private phrasesChanged(): void {
    this.dispatchEvent(new CustomEvent('jour-phrases-changed', { bubbles: true, composed: true }));
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'jour-my-account': JourMyAccount;
  }
  interface GlobalEventHandlersEventMap {
    'jour-session-changed': CustomEvent<SessionInfo>;
    /** One's own or the shared ready phrases changed (also fired by jour-settings). */
    'jour-phrases-changed': CustomEvent<void>;
  }
}
if (!customElements.get('jour-my-account')) customElements.define('jour-my-account', JourMyAccount);

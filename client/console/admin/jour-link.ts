import { LitElement, css, html } from 'lit';
import { property, state } from 'lit/decorators.js';
import type { LinkInfo } from '../../../shared/protocol/admin.js';
import type { ErrorCode } from '../../../shared/protocol/errors.js';
import { api } from '../api.js';
import { baseStyles } from '../console.styles.js';
import { newPasswordField } from '../fields.js';
import type { AdminMessages } from './admin-i18n.js';
import { adminStyles } from './admin.styles.js';

/**
 * A one-time link opened: create one's account (an invitation) or choose a new
 * password (a reset). The token came in the URL's fragment and was removed from the
 * address bar before this rendered.
 *
 * @fires jour-link-done
 */
export class JourLink extends LitElement {
  static override styles = [
    baseStyles,
    adminStyles,
    css`
      section {
        max-width: 28rem;
        margin: 3rem auto;
      }
      h1 {
        margin: 0 0 0.75rem;
        font-size: 1.375rem;
      }
    `,
  ];
  @property({ attribute: false }) t!: AdminMessages;
  @property() token = '';
  @state() private info?: LinkInfo;
  @state() private error?: ErrorCode;
  @state() private done = false;

  override connectedCallback(): void {
    super.connectedCallback();
    void api<LinkInfo>('POST', '/links/lookup', { token: this.token }).then((result) => {
      if (result.ok) this.info = result.data;
      else this.error = result.error === 'invalid_payload' ? 'link_expired' : result.error;
    });
  }

  override render() {
    const { t, info } = this;
    const invite = info?.kind === 'invite';
    return html`<main>
      <section aria-labelledby="link-heading">
        <h1 id="link-heading">${invite ? t.createAccount : t.setPassword}</h1>
        ${this.error ? html`<p class="alert" role="alert">${t.error(this.error)}</p>` : ''}
        ${
          this.done
            ? html`<p class="ok" role="status">${t.linkDone}</p>`
            : info
              ? html`<form class="grid" @submit=${this.submit}>
                  ${
                    invite
                      ? html`<p>${t.roleHeading}: ${t.role(info.role)}</p>
                          <label
                            >${t.username}
                            <input name="username" autocomplete="username" required minlength="2"
                          /></label>
                          <label
                            >${t.alias}
                            <input
                              name="alias"
                              required
                              maxlength="40"
                              aria-describedby="alias-hint"
                          /></label>
                          <p class="muted" id="alias-hint">${t.aliasHint}</p>`
                      : ''
                  }
                  ${newPasswordField(t.newPassword)}
                  <div class="row"><button class="primary" type="submit">${t.save}</button></div>
                </form>`
              : ''
        }
        <p>
          <button type="button" @click=${this.toLogin}>${t.toLogin}</button>
        </p>
      </section>
    </main>`;
  }

  private async submit(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const value = (name: string) =>
      form.querySelector<HTMLInputElement>(`[name=${name}]`)?.value ?? '';
    // A password is taken as typed; names lose stray spaces.
    const body =
      this.info?.kind === 'invite'
        ? {
            username: value('username').trim(),
            alias: value('alias').trim(),
            password: value('password'),
          }
        : { password: value('password') };
    const result = await api('POST', '/links/accept', { token: this.token, ...body });
    this.error = result.ok ? undefined : result.error;
    this.done = result.ok;
  }

  private toLogin(): void {
    this.dispatchEvent(new CustomEvent('jour-link-done', { bubbles: true, composed: true }));
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'jour-link': JourLink;
  }
}
if (!customElements.get('jour-link')) customElements.define('jour-link', JourLink);

import { LitElement, css, html, nothing } from 'lit';
import { property, state } from 'lit/decorators.js';
import type { AckResult, ErrorCode } from '../../shared/protocol/errors.js';
import type { SessionInfo } from '../../shared/protocol/schemas.js';
import { baseStyles } from './console.styles.js';
import { authCodeField } from './fields.js';
import type { ConsoleMessages } from './i18n.js';

/** Signed in: the account, and the password just typed, to open its mailbox key with. */
export interface SignedIn {
  account: SessionInfo;
  password: string;
}

/**
 * The sign-in form.
 *
 * @fires jour-signed-in - detail: SignedIn (the console drops the password once the
 *   mailbox key is open)
 */
export class JourLogin extends LitElement {
  static override styles = [
    baseStyles,
    css`
      form {
        display: grid;
        gap: 0.75rem;
        max-width: 22rem;
        margin: 4rem auto;
        padding: 1.5rem;
        background: #ffffff;
        border: 1px solid #cccccc;
        border-radius: 12px;
      }
      h1 {
        margin: 0 0 0.5rem;
        font-size: 1.375rem;
      }
      label {
        display: grid;
        gap: 0.25rem;
        font-weight: 600;
      }
    `,
  ];

  @property({ attribute: false }) t!: ConsoleMessages;
  @state() private error?: ErrorCode | 'network';
  @state() private busy = false;
  /** The password was right and the account has a second factor: ask for the code. */
  @state() private needsCode = false;

  override render() {
    const t = this.t;
    return html`<main>
      <form @submit=${this.submit}>
        <h1>${t.title}</h1>
        ${this.error ? html`<p class="alert" role="alert">${t.error(this.error)}</p>` : nothing}
        <label>${t.username} <input name="username" autocomplete="username" required /></label>
        <label
          >${t.password}
          <input name="password" type="password" autocomplete="current-password" required
        /></label>
        ${this.needsCode ? authCodeField(t.authCode) : nothing}
        <button class="primary" type="submit" ?disabled=${this.busy}>${t.logIn}</button>
      </form>
    </main>`;
  }

  private async submit(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const value = (name: string) =>
      form.querySelector<HTMLInputElement>(`[name=${name}]`)?.value ?? '';
    this.busy = true;
    this.error = undefined;
    try {
      const response = await fetch('/api/session', {
        method: 'POST',
        credentials: 'same-origin',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          username: value('username'),
          password: value('password'),
          ...(this.needsCode && { code: value('code').trim() }),
        }),
      });
      const body = (await response.json()) as AckResult<SessionInfo>;
      if (body.ok) {
        const detail: SignedIn = { account: body.data, password: value('password') };
        form.reset();
        this.dispatchEvent(
          new CustomEvent('jour-signed-in', { detail, bubbles: true, composed: true }),
        );
      } else if (body.error === 'code_required') {
        this.needsCode = true;
        await this.updateComplete;
        this.renderRoot.querySelector<HTMLInputElement>('[name=code]')?.focus();
      } else {
        this.error = body.error;
      }
    } catch {
      this.error = 'network';
    } finally {
      this.busy = false;
    }
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'jour-login': JourLogin;
  }
  interface GlobalEventHandlersEventMap {
    'jour-signed-in': CustomEvent<SignedIn>;
  }
}

if (!customElements.get('jour-login')) customElements.define('jour-login', JourLogin);

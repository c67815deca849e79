import { LitElement, html } from 'lit';
import { property, state } from 'lit/decorators.js';
import type { AccountView, OneTimeLink } from '../../../shared/protocol/admin.js';
import type { ErrorCode } from '../../../shared/protocol/errors.js';
import { ROLES, SPOKEN_LANGUAGES, type Role } from '../../../shared/protocol/schemas.js';
import { api } from '../api.js';
import { baseStyles } from '../console.styles.js';
import type { AdminMessages } from './admin-i18n.js';
import { adminStyles } from './admin.styles.js';

/** The console's language now: a link made here opens the console in it. */
const consoleLang = () => (document.documentElement.lang === 'en' ? 'en' : 'sv');

/** Accounts: invitations by one-time link, roles, the youth route, languages, disable, reset. */
export class JourAccounts extends LitElement {
  static override styles = [baseStyles, adminStyles];
  @property({ attribute: false }) t!: AdminMessages;
  @state() private accounts: AccountView[] = [];
  @state() private error?: ErrorCode;
  /** The last link made: an invitation (for a role) or a reset (for a username). */
  @state() private link?: OneTimeLink & { kind: 'invite' | 'reset'; for: string };

  override connectedCallback(): void {
    super.connectedCallback();
    void this.load();
  }

  private async load(): Promise<void> {
    const result = await api<AccountView[]>('GET', '/accounts');
    if (result.ok) this.accounts = result.data;
    else this.error = result.error;
  }

  override render() {
    const t = this.t;
    const when = (at: number) =>
      new Date(at).toLocaleString(document.documentElement.lang, {
        dateStyle: 'medium',
        timeStyle: 'short',
      });
    return html`<section aria-labelledby="invite-heading">
        <h2 id="invite-heading">${t.invite}</h2>
        <form class="grid" @submit=${this.invite}>
          <label
            >${t.roleHeading}
            <select name="role">
              ${ROLES.map((role) => html`<option value=${role}>${t.role(role)}</option>`)}
            </select>
          </label>
          <label class="check"><input type="checkbox" name="youth" /> ${t.youth}</label>
          <fieldset>
            <legend>${t.languages}</legend>
            <div class="row">
              ${SPOKEN_LANGUAGES.map(
                (lang) =>
                  html`<label class="check"
                    ><input type="checkbox" name="lang" value=${lang} /> ${t.language(lang)}</label
                  >`,
              )}
            </div>
          </fieldset>
          <div class="row"><button class="primary" type="submit">${t.createInvite}</button></div>
        </form>
        ${
          this.link
            ? html`<div role="status">
                <p>
                  ${
                    this.link.kind === 'invite'
                      ? t.inviteCreated(this.link.for, when(this.link.expiresAt))
                      : t.resetCreated(this.link.for, when(this.link.expiresAt))
                  }
                </p>
                <p class="link" data-testid="one-time-link">${this.link.url}</p>
                ${this.link.kind === 'reset' ? html`<p>${t.resetLosesMailbox}</p>` : ''}
              </div>`
            : ''
        }
        ${this.error ? html`<p class="alert" role="alert">${t.error(this.error)}</p>` : ''}
      </section>
      <section>
        <h2 id="accounts-heading">${t.accounts}</h2>
        <div class="table-wrap" role="region" tabindex="0" aria-labelledby="accounts-heading">
          <table class="stack">
            <thead>
              <tr>
                <th scope="col">${t.username}</th>
                <th scope="col">${t.alias}</th>
                <th scope="col">${t.roleHeading}</th>
                <th scope="col">${t.youth}</th>
                <th scope="col">${t.languages}</th>
                <th scope="col">${t.secondFactor}</th>
                <th scope="col">${t.actions}</th>
              </tr>
            </thead>
            <tbody>
              ${this.accounts.map(
                (a) =>
                  html`<tr>
                    <td data-label=${t.username}>
                      ${a.username}${a.disabled ? html` <em>(${t.disabled})</em>` : ''}
                    </td>
                    <td data-label=${t.alias}>${a.alias}</td>
                    <td data-label=${t.roleHeading}>
                      <select
                        aria-label=${`${t.roleHeading}: ${a.username}`}
                        @change=${(e: Event) =>
                          this.patch(a, { role: (e.target as HTMLSelectElement).value as Role })}
                      >
                        ${ROLES.map(
                          (role) =>
                            html`<option value=${role} ?selected=${role === a.role}>
                              ${t.role(role)}
                            </option>`,
                        )}
                      </select>
                    </td>
                    <td data-label=${t.youth}>
                      <input
                        type="checkbox"
                        aria-label=${`${t.youth}: ${a.username}`}
                        .checked=${a.youth}
                        @change=${(e: Event) =>
                          this.patch(a, { youth: (e.target as HTMLInputElement).checked })}
                      />
                    </td>
                    <td data-label=${t.languages}>
                      ${a.languages.map((lang) => t.language(lang)).join(', ')}
                    </td>
                    <td data-label=${t.secondFactor}>${a.totpEnabled ? t.yes : t.no}</td>
                    <td data-label=${t.actions}>
                      <div class="row">
                        <button
                          type="button"
                          @click=${() => this.patch(a, { disabled: !a.disabled })}
                        >
                          ${a.disabled ? t.enable : t.disable}
                          <span class="visually-hidden">${a.username}</span>
                        </button>
                        <button type="button" @click=${() => this.reset(a)}>
                          ${t.resetPassword}<span class="visually-hidden"> ${a.username}</span>
                        </button>
                      </div>
                    </td>
                  </tr>`,
              )}
            </tbody>
          </table>
        </div>
      </section>`;
  }

  private async invite(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const role = (form.querySelector<HTMLSelectElement>('[name=role]')?.value ??
      'counsellor') as Role;
    const youth = form.querySelector<HTMLInputElement>('[name=youth]')?.checked ?? false;
    const languages = [...form.querySelectorAll<HTMLInputElement>('[name=lang]:checked')].map(
      (input) => input.value,
    );
    const result = await api<OneTimeLink>('POST', '/invites', {
      role,
      youth,
      languages,
      lang: consoleLang(),
    });
    if (result.ok) {
      this.link = { ...result.data, kind: 'invite', for: this.t.role(role) };
      this.error = undefined;
    } else {
      this.error = result.error;
    }
  }

  private async patch(account: AccountView, changes: Partial<AccountView>): Promise<void> {
    const result = await api<AccountView>('PATCH', `/accounts/${account.id}`, changes);
    this.error = result.ok ? undefined : result.error;
    await this.load();
  }

  private async reset(account: AccountView): Promise<void> {
    const result = await api<OneTimeLink>('POST', `/accounts/${account.id}/reset`, {
      lang: consoleLang(),
    });
    if (result.ok) {
      this.link = { ...result.data, kind: 'reset', for: account.username };
      this.error = undefined;
    } else {
      this.error = result.error;
    }
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'jour-accounts': JourAccounts;
  }
}
if (!customElements.get('jour-accounts')) customElements.define('jour-accounts', JourAccounts);

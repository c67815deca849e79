import { LitElement, html, nothing } from 'lit';
import { property, state } from 'lit/decorators.js';
import { AFFECTED, CRIMES, REFERRALS } from '../../shared/protocol/admin.js';
import type { ErrorCode } from '../../shared/protocol/errors.js';
import type { AdminMessages } from './admin/admin-i18n.js';
import { baseStyles } from './console.styles.js';
import type { CounsellorController } from './counsellor.controller.js';
import type { ConsoleMessages } from './i18n.js';
import { wrapUpStyles } from './jour-wrapup.styles.js';

/**
 * The anonymous wrap-up of an ended chat: what kind of crime, who was affected, where
 * the visitor was referred. Only the categories are kept, counted per day.
 */
export class JourWrapup extends LitElement {
  static override styles = [baseStyles, wrapUpStyles];

  @property({ attribute: false }) t!: ConsoleMessages;
  @property({ attribute: false }) a!: AdminMessages;
  @property({ attribute: false }) controller!: Pick<CounsellorController, 'wrapUp'>;
  @property({ attribute: false }) chatId = '';

  @state() private error?: ErrorCode;

  override render() {
    const { t, a } = this;
    return html`<form class="wrapup" @submit=${this.submit} aria-labelledby="wrapup-heading">
      <p id="wrapup-heading"><strong>${t.wrapUp}</strong></p>
      <p class="muted">${t.wrapUpHint}</p>
      <fieldset>
        <legend>${a.crime}</legend>
        ${this.choices('crime', CRIMES, 'radio')}
      </fieldset>
      <fieldset>
        <legend>${a.affected}</legend>
        ${this.choices('affected', AFFECTED, 'radio')}
      </fieldset>
      <fieldset>
        <legend>${a.referral}</legend>
        ${this.choices('referral', REFERRALS, 'checkbox')}
      </fieldset>
      ${this.error ? html`<p class="alert" role="alert">${t.error(this.error)}</p>` : nothing}
      <div class="row"><button class="primary" type="submit">${t.saveWrapUp}</button></div>
    </form>`;
  }

  private choices(name: string, values: readonly string[], type: 'radio' | 'checkbox') {
    return html`<div class="choices">
      ${values.map(
        (value, index) =>
          html`<label
            ><input
              type=${type}
              name=${name}
              value=${value}
              ?required=${type === 'radio' && index === 0}
            />
            ${this.a.category(name, value)}</label
          >`,
      )}
    </div>`;
  }

  private async submit(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const checked = (name: string) =>
      [...form.querySelectorAll<HTMLInputElement>(`[name=${name}]:checked`)].map((i) => i.value);
    this.error = await this.controller.wrapUp({
      chatId: this.chatId,
      crime: checked('crime')[0] as (typeof CRIMES)[number],
      affected: checked('affected')[0] as (typeof AFFECTED)[number],
      referrals: checked('referral') as (typeof REFERRALS)[number][],
    });
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'jour-wrapup': JourWrapup;
  }
}

if (!customElements.get('jour-wrapup')) customElements.define('jour-wrapup', JourWrapup);

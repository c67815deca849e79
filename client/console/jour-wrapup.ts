import { LitElement, html, nothing } from 'lit';
import { property, state } from 'lit/decorators.js';
import { AFFECTED, CRIMES, REFERRALS } from '../../shared/protocol/admin.js';
import type { ErrorCode } from '../../shared/protocol/errors.js';
import type { AdminMessages } from './admin/admin-i18n.js';
import { baseStyles } from './console.styles.js';
import type { CounsellorController } from './counsellor.controller.js';
import { errorSummary, focusControl, type Problem } from './fields.js';
import type { ConsoleMessages } from './i18n.js';
import { wrapUpStyles } from './jour-wrapup.styles.js';

/** The wrap-up's questions that need an answer. */
type Required = 'crime' | 'affected';

/**
 * The anonymous wrap-up of an ended chat: what kind of crime, who was affected, where
 * the visitor was referred. Only the categories are kept, counted per day. The form
 * checks itself (the browser's own messages would be in the browser's language): an
 * empty submit shows an error summary, focused, linking to each question left open.
 * Save stays at the bottom of the panel while the questions scroll.
 */
export class JourWrapup extends LitElement {
  static override styles = [baseStyles, wrapUpStyles];

  @property({ attribute: false }) t!: ConsoleMessages;
  @property({ attribute: false }) a!: AdminMessages;
  @property({ attribute: false }) controller!: Pick<CounsellorController, 'wrapUp'>;
  @property({ attribute: false }) chatId = '';

  @state() private error?: ErrorCode;
  /** The questions left open at the last submit. */
  @state() private missing: Required[] = [];

  override render() {
    const { t, a } = this;
    const problems: Problem[] = this.missing.map((name) => ({
      field: `wrapup-${name}-0`,
      text: t.wrapUpMissing(name),
    }));
    return html`<form
      class="wrapup"
      novalidate
      @submit=${this.submit}
      @change=${this.answered}
      aria-labelledby="wrapup-heading"
    >
      <h3 id="wrapup-heading">${t.wrapUp}</h3>
      <p class="muted">${t.wrapUpHint}</p>
      ${
        problems.length > 0
          ? errorSummary(t.problem, problems, (id) => focusControl(this.renderRoot, id), 4)
          : nothing
      }
      ${this.question('crime', a.crime, CRIMES, 'radio')}
      ${this.question('affected', a.affected, AFFECTED, 'radio')}
      ${this.question('referral', a.referral, REFERRALS, 'checkbox')}
      ${this.error ? html`<p class="alert" role="alert">${t.error(this.error)}</p>` : nothing}
      <div class="actions">
        <button class="primary" type="submit">${t.saveWrapUp}</button>
      </div>
    </form>`;
  }

  private question(
    name: Required | 'referral',
    legend: string,
    values: readonly string[],
    type: 'radio' | 'checkbox',
  ) {
    const required = name !== 'referral';
    const missing = required && this.missing.includes(name);
    return html`<fieldset
      class=${missing ? 'invalid' : ''}
      aria-describedby=${missing ? `wrapup-${name}-error` : nothing}
    >
      <legend>
        ${legend} ${required ? html`<span class="required">${this.t.required}</span>` : nothing}
      </legend>
      ${
        missing
          ? html`<p class="field-error" id=${`wrapup-${name}-error`}>
              ${this.t.wrapUpMissing(name)}
            </p>`
          : nothing
      }
      <div class="choices">
        ${values.map(
          (value, index) =>
            html`<label
              ><input id=${`wrapup-${name}-${index}`} type=${type} name=${name} value=${value} />
              ${this.a.category(name, value)}</label
            >`,
        )}
      </div>
    </fieldset>`;
  }

  /** An answer given: its question is no longer marked (the summary stays until the next submit). */
  private answered(event: Event): void {
    const name = (event.target as HTMLInputElement).name;
    if (this.missing.includes(name as Required)) {
      this.missing = this.missing.filter((missing) => missing !== name);
    }
  }

  private async submit(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const checked = (name: string) =>
      [...form.querySelectorAll<HTMLInputElement>(`[name=${name}]:checked`)].map((i) => i.value);
    const crime = checked('crime')[0] as (typeof CRIMES)[number] | undefined;
    const affected = checked('affected')[0] as (typeof AFFECTED)[number] | undefined;
    if (!crime || !affected) {
      this.missing = [
        ...(crime ? [] : ['crime' as const]),
        ...(affected ? [] : ['affected' as const]),
      ];
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLElement>('.error-summary')?.focus();
      return;
    }
    this.missing = [];
    this.error = await this.controller.wrapUp({
      chatId: this.chatId,
      crime,
      affected,
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

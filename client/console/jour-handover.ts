import { LitElement, html, nothing } from 'lit';
import { property, state } from 'lit/decorators.js';
import type { ErrorCode } from '../../shared/protocol/errors.js';
import type { Colleague } from '../../shared/protocol/schemas.js';
import { baseStyles } from './console.styles.js';
import type { CounsellorController } from './counsellor.controller.js';
import type { ConsoleMessages } from './i18n.js';
import { handoverStyles } from './jour-handover.styles.js';

/**
 * Hands an active chat to a colleague who has room for it, or back to the queue, with
 * a short note. Colleagues are asked for, and the choice focused, when it opens.
 *
 * @fires jour-handover-close - cancelled, or the chat was handed over
 */
export class JourHandover extends LitElement {
  static override styles = [baseStyles, handoverStyles];

  @property({ attribute: false }) t!: ConsoleMessages;
  @property({ attribute: false }) controller!: Pick<
    CounsellorController,
    'colleagues' | 'transfer'
  >;
  @property({ attribute: false }) chatId = '';

  @state() private colleagueList: Colleague[] = [];
  @state() private error?: ErrorCode;

  override connectedCallback(): void {
    super.connectedCallback();
    void this.loadColleagues();
  }

  override render() {
    const t = this.t;
    return html`<form class="handover" @submit=${this.submit}>
      <label for="handover-to">${t.handOverTo}</label>
      <select id="handover-to" name="to">
        <option value="queue">${t.backToQueue}</option>
        ${this.colleagueList.map(
          (c) => html`<option value=${c.accountId}>${t.colleagueOption(c.alias, c.free)}</option>`,
        )}
      </select>
      ${this.colleagueList.length === 0 ? html`<p class="muted">${t.noColleagues}</p>` : nothing}
      <label for="handover-note">${t.handoverNote}</label>
      <textarea
        id="handover-note"
        name="note"
        rows="2"
        maxlength="300"
        aria-describedby="handover-hint"
      ></textarea>
      <p class="muted" id="handover-hint">${t.handoverNoteHint}</p>
      ${this.error ? html`<p class="alert" role="alert">${t.error(this.error)}</p>` : nothing}
      <div class="row">
        <button class="primary" type="submit">${t.confirmHandOver}</button>
        <button type="button" @click=${this.close}>${t.cancel}</button>
      </div>
    </form>`;
  }

  private async loadColleagues(): Promise<void> {
    this.colleagueList = await this.controller.colleagues(this.chatId);
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLSelectElement>('#handover-to')?.focus();
  }

  private async submit(event: Event): Promise<void> {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const to = form.querySelector<HTMLSelectElement>('#handover-to')?.value ?? 'queue';
    const error = await this.controller.transfer(
      this.chatId,
      to === 'queue' ? 'queue' : Number(to),
      form.querySelector<HTMLTextAreaElement>('#handover-note')?.value ?? '',
    );
    this.error = error;
    if (!error) this.close();
  }

  private close(): void {
    this.dispatchEvent(new CustomEvent('jour-handover-close', { bubbles: true, composed: true }));
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'jour-handover': JourHandover;
  }
  interface GlobalEventHandlersEventMap {
    'jour-handover-close': CustomEvent<void>;
  }
}

if (!customElements.get('jour-handover')) customElements.define('jour-handover', JourHandover);

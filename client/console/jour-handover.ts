import { LitElement, html, nothing, type PropertyValues } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import type { ErrorCode } from '../../shared/protocol/errors.js';
import type { Colleague } from '../../shared/protocol/schemas.js';
import { baseStyles } from './console.styles.js';
import type { CounsellorController } from './counsellor.controller.js';
import type { ConsoleMessages } from './i18n.js';
import { handoverStyles } from './jour-handover.styles.js';

/**
 * Hands an active chat to a colleague who has room for it, or back to the queue, with
 * a short note. It opens as a modal dialog over the conversation, so the chat keeps its
 * room and the buttons stay in reach on a phone. Nothing is chosen for the counsellor:
 * Confirm asks for a choice first.
 *
 * @fires jour-handover-close - cancelled (also with Esc), or the chat was handed over
 */
export class JourHandover extends LitElement {
  static override styles = [baseStyles, handoverStyles];

  @property({ attribute: false }) t!: ConsoleMessages;
  @property({ attribute: false }) controller!: Pick<
    CounsellorController,
    'colleagues' | 'untrainedColleagues' | 'transfer'
  >;
  @property({ attribute: false }) chatId = '';

  @state() private colleagueList: Colleague[] = [];
  /** Free colleagues who are not trained for this chat's route (the under-20 line). */
  @state() private untrained = 0;
  @state() private loaded = false;
  /** Confirm was pressed without a choice. */
  @state() private missingChoice = false;
  @state() private error?: ErrorCode;

  @query('dialog') private dialog?: HTMLDialogElement;

  override connectedCallback(): void {
    super.connectedCallback();
    void this.loadColleagues();
  }

  protected override firstUpdated(changed: PropertyValues): void {
    super.firstUpdated(changed);
    this.dialog?.showModal();
  }

  override render() {
    const t = this.t;
    const invalid = this.missingChoice;
    return html`<dialog aria-labelledby="handover-heading" @close=${this.onClose}>
      <form class="handover" novalidate @submit=${this.submit}>
        <h2 id="handover-heading">${t.handOver}</h2>
        <fieldset
          class=${invalid ? 'invalid' : ''}
          aria-describedby=${invalid ? 'handover-to-error' : nothing}
        >
          <legend>${t.handOverTo} <span class="required">${t.required}</span></legend>
          ${
            invalid
              ? html`<p class="field-error" id="handover-to-error">${t.chooseHandover}</p>`
              : nothing
          }
          ${this.colleagueList.map(
            (c) =>
              html`<label class="choice"
                ><input type="radio" name="to" value=${c.accountId} @change=${this.chosen} />
                ${t.colleagueOption(c.alias, c.free)}</label
              >`,
          )}
          ${
            this.loaded && this.colleagueList.length === 0
              ? html`<p class="muted" data-testid="no-colleagues">
                  ${t.noColleagues(this.untrained)}
                </p>`
              : nothing
          }
          <label class="choice"
            ><input type="radio" name="to" value="queue" @change=${this.chosen} />
            ${t.backToQueue}</label
          >
        </fieldset>
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
        <div class="actions">
          <button class="primary" type="submit">${t.confirmHandOver}</button>
          <button type="button" @click=${this.cancel}>${t.cancel}</button>
        </div>
      </form>
    </dialog>`;
  }

  private async loadColleagues(): Promise<void> {
    const [colleagues, untrained] = await Promise.all([
      this.controller.colleagues(this.chatId),
      this.controller.untrainedColleagues(this.chatId),
    ]);
    this.colleagueList = colleagues;
    this.untrained = untrained;
    this.loaded = true;
  }

  private chosen(): void {
    this.missingChoice = false;
  }

  private async submit(event: Event): Promise<void> {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const to = form.querySelector<HTMLInputElement>('input[name="to"]:checked')?.value;
    if (!to) {
      this.missingChoice = true;
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLInputElement>('input[name="to"]')?.focus();
      return;
    }
    const error = await this.controller.transfer(
      this.chatId,
      to === 'queue' ? 'queue' : Number(to),
      form.querySelector<HTMLTextAreaElement>('#handover-note')?.value ?? '',
    );
    this.error = error;
    if (!error) this.dialog?.close();
  }

  private cancel(): void {
    this.dialog?.close();
  }

  /** The dialog closed: by Cancel, Esc, or after the hand-over. */
  private onClose(): void {
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

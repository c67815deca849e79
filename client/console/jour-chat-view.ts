import { LitElement, css, html, nothing, type PropertyValues } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import type { ErrorCode } from '../../shared/protocol/errors.js';
import type { Colleague } from '../../shared/protocol/schemas.js';
import { AFFECTED, CRIMES, REFERRALS } from '../../shared/protocol/admin.js';
import type { AdminMessages } from './admin/admin-i18n.js';
import { baseStyles } from './console.styles.js';
import type { ConsoleChat, ConsoleLine, CounsellorController } from './counsellor.controller.js';
import { formatDuration, type ConsoleMessages } from './i18n.js';

/** One chat: who (never identity), the safety words, the messages, the composer. */
export class JourChatView extends LitElement {
  static override styles = [
    baseStyles,
    css`
      :host {
        display: flex;
        flex-direction: column;
        gap: 0.75rem;
        min-height: 0;
        height: 100%;
      }
      .facts {
        display: flex;
        flex-wrap: wrap;
        gap: 0.25rem 1rem;
        margin: 0;
      }
      .safety {
        margin: 0;
        padding: 0.375rem 0.75rem;
        background: #eef3fa;
        border-radius: 6px;
      }
      .log {
        flex: 1;
        min-height: 12rem;
        overflow-y: auto;
        padding: 0.75rem;
        background: #ffffff;
        border: 1px solid #cccccc;
        border-radius: 8px;
      }
      .log:focus-visible {
        outline: 3px solid #ffbf47;
        outline-offset: 2px;
      }
      ol {
        list-style: none;
        margin: 0;
        padding: 0;
        display: flex;
        flex-direction: column;
        gap: 0.5rem;
      }
      .notice {
        margin: 0;
        padding: 0.375rem 0.75rem;
        border-inline-start: 4px solid #1d4f91;
        background: #eef3fa;
      }
      li {
        max-width: 75%;
        padding: 0.5rem 0.75rem;
        border-radius: 10px;
        overflow-wrap: anywhere;
      }
      .text {
        white-space: pre-wrap;
      }
      li.visitor {
        align-self: flex-start;
        background: #eeeeee;
      }
      li.me {
        align-self: flex-end;
        background: #1d4f91;
        color: #ffffff;
      }
      .state {
        display: block;
        font-size: 0.75rem;
      }
      .state button {
        min-height: 28px;
        padding: 0 0.5rem;
        margin-inline-start: 0.5rem;
      }
      .composer {
        position: relative;
      }
      [role='listbox'] {
        position: absolute;
        inset-inline: 0;
        bottom: 100%;
        max-height: 14rem;
        overflow-y: auto;
        margin: 0 0 0.25rem;
        padding: 0.25rem;
        list-style: none;
        background: #ffffff;
        border: 1px solid #6b6b6b;
        border-radius: 8px;
        box-shadow: 0 4px 16px rgb(0 0 0 / 15%);
      }
      [role='option'] {
        max-width: none;
        padding: 0.375rem 0.5rem;
        border-radius: 6px;
        cursor: pointer;
      }
      [role='option'][aria-selected='true'] {
        background: #1d4f91;
        color: #ffffff;
      }
      form.wrapup {
        grid-template-columns: 1fr;
      }
      fieldset {
        border: 1px solid #d0d0d0;
        border-radius: 8px;
      }
      .choices {
        display: flex;
        flex-wrap: wrap;
        gap: 0.25rem 1rem;
      }
      .choices label {
        grid-column: auto;
        font-weight: normal;
      }
      form {
        display: grid;
        grid-template-columns: 1fr auto;
        gap: 0.5rem;
        align-items: end;
      }
      label {
        grid-column: 1 / -1;
        font-weight: 600;
      }
      textarea {
        box-sizing: border-box;
        width: 100%;
        resize: vertical;
        min-height: 3rem;
      }
      .row {
        display: flex;
        justify-content: space-between;
        align-items: center;
        gap: 0.5rem;
      }
      p {
        margin: 0;
      }
      form.handover {
        display: grid;
        grid-template-columns: 1fr;
        gap: 0.375rem;
        padding: 0.75rem;
        border: 1px solid #cccccc;
        border-radius: 8px;
        background: #fafafa;
      }
      form.handover label {
        grid-column: auto;
      }
      form.handover .row {
        justify-content: flex-start;
      }
      select {
        font: inherit;
        min-height: 36px;
      }
    `,
  ];

  @property({ attribute: false }) t!: ConsoleMessages;
  @property({ attribute: false }) chat!: ConsoleChat;
  @property({ attribute: false }) controller!: CounsellorController;
  @property({ attribute: false }) a!: AdminMessages;
  /** The counsellor's name, put where a ready phrase says {namn} or {name}. */
  @property() alias = '';

  @state() private handingOver = false;
  @state() private colleagueList: Colleague[] = [];
  @state() private handoverError?: ErrorCode;
  @state() private wrapUpError?: ErrorCode;
  /** The ready-phrase picker: open, what filters it, and the highlighted option. */
  @state() private picker?: { filter: string; index: number };

  @query('#composer') private composer?: HTMLTextAreaElement;
  @query('.log') private log?: HTMLElement;

  protected override updated(changed: PropertyValues): void {
    super.updated(changed);
    if (this.log) this.log.scrollTop = this.log.scrollHeight;
  }

  override render() {
    const { t, chat } = this;
    const a = chat.accepted;
    const open = chat.status === 'active';
    return html`
      <p class="facts muted">
        <span>${t.route(a.route)}</span>
        <span>${t.waited(formatDuration(a.waitedSeconds))}</span>
        ${a.lang ? html`<span>${t.language(a.lang)}</span>` : nothing}
        ${a.topic ? html`<span>${t.topic(a.topic)}</span>` : nothing}
      </p>
      ${
        a.handover
          ? html`<p class="notice" data-testid="handover">
              ${t.handoverFrom(a.handover.fromAlias)}
              ${a.handover.note ? html`<q>${a.handover.note}</q>` : nothing}
            </p>`
          : nothing
      }
      ${chat.status === 'keying' ? html`<p role="status">${t.keying}</p>` : nothing}
      ${chat.visitorAway ? html`<p class="notice" role="status">${t.visitorAway}</p>` : nothing}
      ${
        chat.rekeyedAfter && chat.status === 'active'
          ? html`<p class="notice" role="status">
              ${chat.rekeyedAfter === 'visitor-reload' ? t.visitorBack : t.consoleBack}
            </p>`
          : nothing
      }
      ${chat.status === 'tampered' ? html`<p class="alert" role="alert">${t.tampered}</p>` : nothing}
      ${
        chat.safetyWords.length
          ? html`<p class="safety">
              ${t.safetyWords}:
              <strong data-testid="safety-words">${chat.safetyWords.join(' ')}</strong>
            </p>`
          : nothing
      }
      <div class="log" role="log" aria-label=${t.messages} tabindex="0">
        <ol>
          ${chat.lines.map((line) => this.renderLine(line))}
        </ol>
      </div>
      <p class="muted" aria-live="polite">${chat.peerTyping ? t.visitorTyping : nothing}</p>
      ${
        chat.status === 'ended' && chat.endReason
          ? html`<p role="status">${t.endReason(chat.endReason)}</p>`
          : nothing
      }
      ${
        open
          ? html`<form @submit=${this.submit}>
              <label for="composer">${t.message}</label>
              <div class="composer">
                ${this.renderPicker()}
                <textarea
                  id="composer"
                  rows="3"
                  maxlength="2000"
                  aria-describedby="phrase-hint"
                  aria-controls=${this.picker ? 'phrases' : nothing}
                  aria-activedescendant=${
                    this.picker && this.phraseMatches().length > 0
                      ? `phrase-${this.picker.index}`
                      : nothing
                  }
                  @input=${this.onInput}
                  @keydown=${this.onKeydown}
                  @blur=${this.onBlur}
                ></textarea>
              </div>
              <button class="primary" type="submit">${t.send}</button>
              <p class="muted" id="phrase-hint">
                ${t.phraseHint}
                <button type="button" class="link-button" @click=${this.openPicker}>
                  ${t.readyPhrases}
                </button>
              </p>
            </form>`
          : nothing
      }
      ${chat.status === 'ended' && chat.endReason !== 'transferred' ? this.renderWrapUp() : nothing}
      ${open && this.handingOver ? this.renderHandover() : nothing}
      <div class="row">
        ${
          chat.status === 'ended' || chat.status === 'tampered'
            ? html`<button type="button" @click=${this.dismiss}>${t.close}</button>`
            : html`${
                  open
                    ? html`<button
                        type="button"
                        aria-expanded=${this.handingOver ? 'true' : 'false'}
                        @click=${this.toggleHandover}
                      >
                        ${t.handOver}
                      </button>`
                    : nothing
                } <button class="danger" type="button" @click=${this.end}>${t.endChat}</button>`
        }
      </div>
    `;
  }

  private renderWrapUp() {
    const { t, a } = this;
    if (this.chat.wrappedUp) return html`<p class="notice" role="status">${t.wrapUpSaved}</p>`;
    const choices = (name: string, values: readonly string[], type: 'radio' | 'checkbox') =>
      html`<div class="choices">
        ${values.map(
          (value, index) =>
            html`<label
              ><input
                type=${type}
                name=${name}
                value=${value}
                ?required=${type === 'radio' && index === 0}
              />
              ${a.category(name, value)}</label
            >`,
        )}
      </div>`;
    return html`<form class="wrapup" @submit=${this.submitWrapUp} aria-labelledby="wrapup-heading">
      <p id="wrapup-heading"><strong>${t.wrapUp}</strong></p>
      <p class="muted">${t.wrapUpHint}</p>
      <fieldset>
        <legend>${a.crime}</legend>
        ${choices('crime', CRIMES, 'radio')}
      </fieldset>
      <fieldset>
        <legend>${a.affected}</legend>
        ${choices('affected', AFFECTED, 'radio')}
      </fieldset>
      <fieldset>
        <legend>${a.referral}</legend>
        ${choices('referral', REFERRALS, 'checkbox')}
      </fieldset>
      ${this.wrapUpError ? html`<p class="alert" role="alert">${t.error(this.wrapUpError)}</p>` : nothing}
      <div class="row"><button class="primary" type="submit">${t.saveWrapUp}</button></div>
    </form>`;
  }

  private async submitWrapUp(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const checked = (name: string) =>
      [...form.querySelectorAll<HTMLInputElement>(`[name=${name}]:checked`)].map((i) => i.value);
    this.wrapUpError = await this.controller.wrapUp({
      chatId: this.chat.accepted.chatId,
      crime: checked('crime')[0] as (typeof CRIMES)[number],
      affected: checked('affected')[0] as (typeof AFFECTED)[number],
      referrals: checked('referral') as (typeof REFERRALS)[number][],
    });
  }

  private phraseMatches(): string[] {
    const filter = this.picker?.filter.toLowerCase() ?? '';
    return this.controller.phrases.filter((phrase) => phrase.toLowerCase().includes(filter));
  }

  private renderPicker() {
    if (!this.picker) return nothing;
    const matches = this.phraseMatches();
    return html`<ul role="listbox" id="phrases" aria-label=${this.t.readyPhrases}>
      ${
        matches.length === 0
          ? html`<li class="muted">${this.t.noPhrases}</li>`
          : matches.map(
              (phrase, index) =>
                html`<li
                  role="option"
                  id=${`phrase-${index}`}
                  aria-selected=${index === this.picker?.index ? 'true' : 'false'}
                  @mousedown=${(e: Event) => e.preventDefault()}
                  @click=${() => this.choosePhrase(phrase)}
                  @keydown=${(e: KeyboardEvent) => {
                    // Options are chosen from the message box (arrows, Enter); this
                    // covers a screen reader's virtual cursor landing on one.
                    if (e.key === 'Enter') this.choosePhrase(phrase);
                  }}
                >
                  ${phrase}
                </li>`,
            )
      }
    </ul>`;
  }

  private async openPicker(): Promise<void> {
    await this.controller.loadPhrases();
    this.picker = { filter: '', index: 0 };
    this.composer?.focus();
  }

  private choosePhrase(phrase: string): void {
    if (!this.composer) return;
    this.composer.value = phrase.replaceAll(/\{(?:namn|name)\}/g, this.alias);
    this.picker = undefined;
    this.composer.focus();
  }

  private onBlur(): void {
    this.picker = undefined;
  }

  private renderHandover() {
    const t = this.t;
    return html`<form class="handover" @submit=${this.submitHandover}>
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
      ${
        this.handoverError
          ? html`<p class="alert" role="alert">${t.error(this.handoverError)}</p>`
          : nothing
      }
      <div class="row">
        <button class="primary" type="submit">${t.confirmHandOver}</button>
        <button type="button" @click=${this.toggleHandover}>${t.cancel}</button>
      </div>
    </form>`;
  }

  private async toggleHandover(): Promise<void> {
    this.handingOver = !this.handingOver;
    this.handoverError = undefined;
    if (!this.handingOver) return;
    this.colleagueList = await this.controller.colleagues(this.chat.accepted.chatId);
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLSelectElement>('#handover-to')?.focus();
  }

  private async submitHandover(event: Event): Promise<void> {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const to = form.querySelector<HTMLSelectElement>('#handover-to')?.value ?? 'queue';
    const error = await this.controller.transfer(
      this.chat.accepted.chatId,
      to === 'queue' ? 'queue' : Number(to),
      form.querySelector<HTMLTextAreaElement>('#handover-note')?.value ?? '',
    );
    this.handoverError = error;
    if (!error) this.handingOver = false;
  }

  private renderLine(line: ConsoleLine) {
    const t = this.t;
    return html`<li class=${line.from}>
      <span class="visually-hidden">${line.from === 'me' ? t.you : t.visitor}:</span
      ><span class="text">${line.text}</span>
      ${line.state === 'sending' ? html`<span class="state">${t.sending}</span>` : nothing}
      ${line.state === 'sent' ? html`<span class="state">${t.sent}</span>` : nothing}
      ${
        line.state === 'failed'
          ? html`<span class="state"
              >${t.failed}
              <button
                type="button"
                @click=${() => this.controller.retry(this.chat.accepted.chatId, line.id)}
              >
                ${t.retry}
              </button></span
            >`
          : nothing
      }
    </li>`;
  }

  focusComposer(): void {
    this.composer?.focus();
  }

  private onInput(): void {
    this.controller.typed(this.chat.accepted.chatId);
    const value = this.composer?.value ?? '';
    if (value.startsWith('/')) {
      if (this.controller.phrases.length === 0) {
        void this.controller.loadPhrases().then(() => this.requestUpdate());
      }
      this.picker = { filter: value.slice(1), index: 0 };
    } else {
      this.picker = undefined;
    }
  }

  private onKeydown(event: KeyboardEvent): void {
    if (this.picker) {
      const matches = this.phraseMatches();
      const index = this.picker.index;
      if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
        event.preventDefault();
        const step = event.key === 'ArrowDown' ? 1 : -1;
        this.picker = {
          ...this.picker,
          index: matches.length ? (index + step + matches.length) % matches.length : 0,
        };
        return;
      }
      if (event.key === 'Escape') {
        event.preventDefault();
        this.picker = undefined;
        return;
      }
      if (event.key === 'Enter' && !event.isComposing && matches[index] !== undefined) {
        event.preventDefault();
        this.choosePhrase(matches[index]);
        return;
      }
    }
    if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      this.sendDraft();
    }
  }

  private submit(event: Event): void {
    event.preventDefault();
    this.sendDraft();
  }

  private sendDraft(): void {
    const text = this.composer?.value ?? '';
    if (!text.trim()) return;
    this.controller.send(this.chat.accepted.chatId, text);
    if (this.composer) this.composer.value = '';
  }

  private end(): void {
    void this.controller.end(this.chat.accepted.chatId);
  }

  private dismiss(): void {
    this.controller.dismiss(this.chat.accepted.chatId);
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'jour-chat-view': JourChatView;
  }
}

if (!customElements.get('jour-chat-view')) customElements.define('jour-chat-view', JourChatView);

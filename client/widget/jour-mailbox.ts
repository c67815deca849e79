import { LitElement, html, nothing, type PropertyValues } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import { MAX_LETTER_LENGTH } from '../../shared/crypto/mailbox.js';
import type { Route } from '../../shared/protocol/schemas.js';
import { CATALOGUES, htmlLang, type WidgetLanguage } from './i18n/index.js';
import { MAILBOX_CATALOGUES } from './i18n/mailbox.js';
import { mailboxStyles } from './jour-mailbox.styles.js';
import { VisitorMailboxController, type ShownLetter } from './visitor-mailbox.controller.js';
import type { MailboxAsk } from './visitor-chat.controller.js';

/**
 * The mailbox's screens (docs/PROTOCOL.md §21), inside the chat panel: write a letter
 * and get the return code once, or come back with the code to read the answers, write
 * again or delete it all. Loaded only when the visitor asks for it (the panel imports
 * this file then), with the code's cryptography. What it holds is in memory only and
 * is wiped when the element leaves the page (the visitor goes back, closes or quick-exits).
 *
 * @fires jour-mailbox-leave - the visitor is done here; the panel shows its intro again
 */
export class JourMailbox extends LitElement {
  static override styles = mailboxStyles;

  @property() language: WidgetLanguage = 'sv';
  /** What the visitor asked for: a new letter, or "I have a code". */
  @property() start: 'write' | 'code' = 'write';
  /** The routes a letter may be written on now (someone can read them). */
  @property({ attribute: false }) routes: readonly Route[] = [];
  @property({ type: Number }) answerWithinDays = 3;
  /** The panel's connection, for the mailbox's events. */
  @property({ attribute: false }) ask?: MailboxAsk;

  @query('[data-focus]') private focusTarget?: HTMLElement;
  @query('#code') private codeInput?: HTMLInputElement;
  @query('#letter') private letterBox?: HTMLTextAreaElement;

  /** "Delete conversation" was pressed: the question is open. */
  @state() private confirmingDelete = false;
  @state() private copyState?: 'copied' | 'failed';

  private mailbox?: VisitorMailboxController;
  private draft = '';
  private shownScreen?: string;

  private get t() {
    return CATALOGUES[this.language];
  }

  private get m() {
    return MAILBOX_CATALOGUES[this.language];
  }

  override connectedCallback(): void {
    super.connectedCallback();
    if (!this.mailbox && this.ask) this.mailbox = new VisitorMailboxController(this, this.ask);
    if (this.start === 'code') this.mailbox?.enterCode();
    else this.mailbox?.begin(this.routes);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.wipe();
  }

  /** Forgets the code, its keys, the letters and what was typed. */
  wipe(): void {
    this.mailbox?.wipe();
    this.draft = '';
    if (this.letterBox) this.letterBox.value = '';
    if (this.codeInput) this.codeInput.value = '';
    this.copyState = undefined;
    this.confirmingDelete = false;
  }

  protected override willUpdate(): void {
    this.setAttribute('lang', htmlLang(this.language));
    if (this.mailbox?.screen !== 'read') this.confirmingDelete = false;
  }

  protected override updated(changed: PropertyValues): void {
    super.updated(changed);
    const screen = this.mailbox?.screen;
    if (screen !== this.shownScreen) {
      // A new screen: focus goes to what it says first.
      this.shownScreen = screen;
      this.focusTarget?.focus();
    }
    if (changed.has('confirmingDelete') && changed.get('confirmingDelete') !== undefined) {
      // Into the question on the safe answer; back to the button that asked it.
      const target = this.confirmingDelete ? '.keep' : '.delete';
      this.renderRoot.querySelector<HTMLElement>(target)?.focus();
    }
  }

  override render() {
    const mailbox = this.mailbox;
    if (!mailbox) return nothing;
    switch (mailbox.screen) {
      case 'route':
        return this.renderRoutes();
      case 'write':
        return this.renderWrite();
      case 'code':
        return this.renderCode();
      case 'enter':
        return this.renderEnter();
      case 'read':
        return this.renderRead();
      case 'deleted':
        return html`
          <p class="lead" tabindex="-1" data-focus role="status">${this.m.deleted}</p>
          <div>
            <button class="secondary" type="button" @click=${this.leave}>${this.t.close}</button>
          </div>
        `;
    }
  }

  private renderError() {
    const error = this.mailbox?.error;
    return html`<p class="alert" role="alert" ?hidden=${!error}>
      ${error ? this.m.error(error, MAX_LETTER_LENGTH) : nothing}
    </p>`;
  }

  /** More than one route can be written to: which is it, as for a chat. */
  private renderRoutes() {
    const t = this.t;
    return html`
      <h3 tabindex="-1" data-focus>${t.writeToUs}</h3>
      <p>${t.chooseRoute}</p>
      <div class="choices">
        ${this.routes.map(
          (route) => html`
            <button
              class="primary"
              part="primary-button"
              type="button"
              @click=${() => this.mailbox?.chooseRoute(route)}
            >
              ${route === 'adult' ? t.routeAdult : t.routeYouth}
            </button>
          `,
        )}
      </div>
      <div>
        <button class="secondary" type="button" @click=${this.leave}>${this.m.back}</button>
      </div>
    `;
  }

  private renderWrite() {
    const t = this.t;
    const m = this.m;
    const busy = this.mailbox?.busy ?? false;
    return html`
      <h3 tabindex="-1" data-focus>${t.writeToUs}</h3>
      <p id="write-intro">${m.writeIntro(this.answerWithinDays)}</p>
      ${this.renderError()}
      <form class="letter" @submit=${this.sendFirst}>
        <label for="letter">${t.message}</label>
        <textarea
          id="letter"
          dir="auto"
          rows="5"
          maxlength=${MAX_LETTER_LENGTH}
          aria-describedby="write-intro"
          .value=${this.draft}
          @input=${this.onInput}
        ></textarea>
        <div class="actions">
          <button class="secondary" type="button" @click=${this.leave}>${m.back}</button>
          <button class="send" part="primary-button" type="submit" ?disabled=${busy}>
            ${busy ? t.sending : t.send}
          </button>
        </div>
      </form>
    `;
  }

  /** The code, once: to write down or remember, and why it matters. */
  private renderCode() {
    const m = this.m;
    // Lines break between groups, never inside one.
    const codeGroups = (this.mailbox?.codeText ?? '')
      .split('-')
      .map(
        (group, i) => html`${i > 0 ? html`-<wbr />` : nothing}<span class="group">${group}</span>`,
      );
    return html`
      <p class="notice" role="status">${m.sent}</p>
      <h3 tabindex="-1" data-focus>${m.codeHeading}</h3>
      <p class="code" dir="ltr" translate="no" data-testid="return-code">${codeGroups}</p>
      <p>${m.codeKeep}</p>
      <p class="warning">${m.codeWarning}</p>
      <div class="actions">
        <button class="secondary" type="button" @click=${this.copy}>${m.copyCode}</button>
        <button class="done" part="primary-button" type="button" @click=${this.leave}>
          ${m.codeDone}
        </button>
      </div>
      <p class="muted" role="status">
        ${this.copyState ? (this.copyState === 'copied' ? m.copied : m.copyFailed) : nothing}
      </p>
    `;
  }

  private renderEnter() {
    const m = this.m;
    const busy = this.mailbox?.busy ?? false;
    const error = this.mailbox?.error;
    return html`
      <h3 tabindex="-1" data-focus>${m.openHeading}</h3>
      <form class="code-form" @submit=${this.openCode}>
        <label for="code">${m.codeLabel}</label>
        <p id="code-hint" class="muted">${m.openHint}</p>
        <input
          id="code"
          type="text"
          dir="ltr"
          autocomplete="off"
          autocapitalize="characters"
          spellcheck="false"
          translate="no"
          maxlength="64"
          aria-describedby="code-hint"
          aria-invalid=${error ? 'true' : 'false'}
        />
        <button class="send" part="primary-button" type="submit" ?disabled=${busy}>
          ${busy ? m.opening : m.open}
        </button>
      </form>
      ${this.renderError()}
      <div><button class="secondary" type="button" @click=${this.leave}>${m.back}</button></div>
    `;
  }

  /** The conversation: each letter with its day, the box to write again, delete. */
  private renderRead() {
    const mailbox = this.mailbox!;
    const t = this.t;
    const m = this.m;
    const last = mailbox.letters.at(-1);
    return html`
      <h3 id="conversation" tabindex="-1" data-focus>${m.conversation}</h3>
      <ol class="letters" aria-labelledby="conversation">
        ${mailbox.letters.map((letter) => this.renderLetter(letter))}
      </ol>
      ${last?.author === 'visitor' ? html`<p class="muted">${m.noAnswerYet}</p>` : nothing}
      <p class="notice" role="status" ?hidden=${!mailbox.wroteAgain}>
        ${mailbox.wroteAgain ? m.sent : nothing}
      </p>
      ${this.renderError()}
      <form class="letter" @submit=${this.sendAgain}>
        <h4>${m.writeAgain}</h4>
        <label for="letter">${t.message}</label>
        <textarea
          id="letter"
          dir="auto"
          rows="3"
          maxlength=${MAX_LETTER_LENGTH}
          .value=${this.draft}
          @input=${this.onInput}
        ></textarea>
        <div class="actions">
          <button class="secondary" type="button" @click=${this.leave}>${t.close}</button>
          <button class="send" part="primary-button" type="submit" ?disabled=${mailbox.busy}>
            ${mailbox.busy ? t.sending : t.send}
          </button>
        </div>
      </form>
      <div>
        <button
          class="secondary delete"
          type="button"
          aria-expanded=${this.confirmingDelete ? 'true' : 'false'}
          @click=${() => (this.confirmingDelete = true)}
        >
          ${m.deleteConversation}
        </button>
      </div>
      ${this.confirmingDelete ? this.renderConfirmDelete() : nothing}
    `;
  }

  private renderLetter(letter: ShownLetter) {
    const m = this.m;
    const mine = letter.author === 'visitor';
    return html`
      <li class=${mine ? 'me' : 'them'} part=${mine ? 'message-mine' : 'message-theirs'}>
        <p class="meta">
          <span>${mine ? m.fromYou : m.fromVolunteer(letter.alias)}</span>
          <time datetime=${letter.day}>${formatDay(letter.day, this.language)}</time>
        </p>
        ${
          letter.text === undefined
            ? html`<p class="text"><em>${m.unreadable}</em></p>`
            : html`<p class="text" dir="auto">${letter.text}</p>`
        }
      </li>
    `;
  }

  /** "Delete conversation" asks first; one Escape keeps it (two are still quick exit). */
  private renderConfirmDelete() {
    const m = this.m;
    return html`
      <dialog
        open
        class="confirm"
        aria-labelledby="delete-title"
        aria-describedby="delete-text"
        @keydown=${this.onConfirmKeydown}
      >
        <p id="delete-title" class="confirm-title">${m.confirmDeleteTitle}</p>
        <p id="delete-text">${m.confirmDeleteText}</p>
        <div class="confirm-actions">
          <button class="secondary keep" type="button" @click=${this.keep}>
            ${m.keepConversation}
          </button>
          <button class="stop" type="button" @click=${this.deleteAll}>
            ${m.deleteConversation}
          </button>
        </div>
      </dialog>
    `;
  }

  private onInput(event: Event): void {
    this.draft = (event.target as HTMLTextAreaElement).value;
  }

  private sendFirst(event: Event): void {
    event.preventDefault();
    void this.mailbox?.send(this.draft, this.language).then((sent) => {
      if (sent) this.clearDraft();
    });
  }

  private sendAgain(event: Event): void {
    event.preventDefault();
    void this.mailbox?.write(this.draft).then((sent) => {
      if (sent) this.clearDraft();
    });
  }

  private clearDraft(): void {
    this.draft = '';
    if (this.letterBox) this.letterBox.value = '';
  }

  private openCode(event: Event): void {
    event.preventDefault();
    const input = this.codeInput;
    if (!input) return;
    void this.mailbox?.open(input.value).then((opened) => {
      // Opened, the code is not left in the page; mistyped, it stays to be corrected.
      if (opened) input.value = '';
      else input.focus();
    });
  }

  private async copy(): Promise<void> {
    const code = this.mailbox?.codeText;
    if (!code) return;
    try {
      await navigator.clipboard.writeText(code);
      this.copyState = 'copied';
    } catch {
      // No clipboard for this frame: the code is selected for the visitor to copy.
      const shown = this.renderRoot.querySelector('.code');
      if (shown) getSelection()?.selectAllChildren(shown);
      this.copyState = 'failed';
    }
  }

  private keep(): void {
    this.confirmingDelete = false;
  }

  private deleteAll(): void {
    this.confirmingDelete = false;
    void this.mailbox?.delete();
  }

  private onConfirmKeydown(event: KeyboardEvent): void {
    if (event.key !== 'Escape') return;
    // Not stopped: the frame still counts it towards a double Escape (quick exit).
    event.preventDefault();
    this.keep();
  }

  private leave(): void {
    this.wipe();
    this.dispatchEvent(new CustomEvent('jour-mailbox-leave', { bubbles: true, composed: true }));
  }
}

/** A letter's day in the visitor's language; a day only, never a time. */
function formatDay(day: string, language: string): string {
  const [year, month, date] = day.split('-').map(Number);
  if (!year || !month || !date) return day;
  try {
    return new Intl.DateTimeFormat(language, { dateStyle: 'long', timeZone: 'UTC' }).format(
      Date.UTC(year, month - 1, date),
    );
  } catch {
    return day;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'jour-mailbox': JourMailbox;
  }
  interface GlobalEventHandlersEventMap {
    'jour-mailbox-leave': CustomEvent<void>;
  }
}

if (!customElements.get('jour-mailbox')) customElements.define('jour-mailbox', JourMailbox);

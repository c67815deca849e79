import { LitElement, html, nothing, type PropertyValues } from 'lit';
import { property, query } from 'lit/decorators.js';
import { CATALOGUES, type WidgetLanguage, type WidgetMessages } from './i18n.js';
import { panelStyles } from './jour-chat-panel.styles.js';
import { VisitorChatController, type ChatLine } from './visitor-chat.controller.js';
import type { Route } from '../../shared/protocol/schemas.js';

/**
 * The open chat: intro, queue, conversation, end. Loaded only when the visitor
 * opens the chat, with the socket client and the encryption it needs.
 *
 * @fires jour-chat-hide - the visitor hid the panel (a chat in progress goes on)
 * @fires jour-chat-quick-exit - the visitor asked to leave at once
 * @fires jour-chat-closed - the chat is over and the panel can go
 * @csspart panel - not used; theme through the custom properties below
 * @cssprop --jour-chat-accent - header and own messages (default #1d4f91)
 * @cssprop --jour-chat-font - font family
 */
export class JourChatPanel extends LitElement {
  static override styles = panelStyles;

  @property() language: WidgetLanguage = 'sv';
  @property() origin = '';

  @query('h2') private heading?: HTMLElement;
  @query('textarea') private composer?: HTMLTextAreaElement;
  @query('ol') private log?: HTMLElement;

  private chat?: VisitorChatController;
  private draft = '';

  private get t(): WidgetMessages {
    return CATALOGUES[this.language];
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.chat ??= new VisitorChatController(this, this.origin);
    this.setAttribute('role', 'dialog');
    this.setAttribute('aria-modal', 'false');
  }

  protected override willUpdate(): void {
    this.setAttribute('aria-label', this.t.title);
    this.setAttribute('dir', this.t.dir);
    this.setAttribute('lang', this.language);
  }

  /** Moves focus into the panel (on open). */
  async focusStart(): Promise<void> {
    await this.updateComplete;
    (this.chat?.phase === 'chat' ? this.composer : this.heading)?.focus();
  }

  /** Forgets the chat entirely. */
  wipe(): void {
    this.chat?.wipe();
    this.draft = '';
  }

  private previousPhase = '';

  protected override updated(changed: PropertyValues): void {
    super.updated(changed);
    const phase = this.chat?.phase ?? '';
    if (phase !== this.previousPhase) {
      this.previousPhase = phase;
      if (phase === 'chat') this.composer?.focus();
      else this.heading?.focus();
    }
    if (this.log) this.log.scrollTop = this.log.scrollHeight;
  }

  override render() {
    const t = this.t;
    return html`
      <header>
        <h2 tabindex="-1">${t.title}</h2>
        <button class="exit" type="button" @click=${this.quickExit}>${t.quickExit}</button>
        <button class="hide" type="button" aria-label=${t.hide} @click=${this.hide}>
          <span aria-hidden="true">✕</span>
        </button>
      </header>
      <p class="danger">${t.danger}</p>
      <main>${this.renderPhase()}</main>
      <footer><p class="muted">${t.quickExitHint}</p></footer>
    `;
  }

  private renderPhase() {
    const chat = this.chat;
    const t = this.t;
    if (!chat) return nothing;
    switch (chat.phase) {
      case 'idle':
        return html`
          ${chat.error ? html`<p class="alert" role="alert">${t.error(chat.error)}</p>` : nothing}
          <p>${t.intro}</p>
          <p>${t.anonymous}</p>
          <p>${t.chooseRoute}</p>
          <div class="choices">
            <button class="primary" type="button" @click=${() => this.start('adult')}>
              ${t.routeAdult}
            </button>
            <p class="muted">${t.phone('adult')}</p>
            <button class="primary" type="button" @click=${() => this.start('youth')}>
              ${t.routeYouth}
            </button>
            <p class="muted">${t.phone('youth')}</p>
          </div>
        `;
      case 'connecting':
        return html`<p role="status">${t.connecting}</p>`;
      case 'queued':
        return html`
          <p role="status">${t.queuePosition(chat.position)}</p>
          <p class="muted">${t.phone(chat.route ?? 'adult')}</p>
          <div>
            <button class="secondary" type="button" @click=${this.end}>${t.leaveQueue}</button>
          </div>
        `;
      case 'keying':
        return html`<p role="status">${t.keying}</p>`;
      case 'chat':
        return this.renderChat();
      case 'ended':
        return html`
          <p role="status">${t.ended} ${chat.endReason ? t.endReason(chat.endReason) : nothing}</p>
          ${chat.lines.length ? this.renderLog(chat.lines) : nothing}
          <p class="muted">${t.phone(chat.route ?? 'adult')}</p>
          <div>
            <button class="secondary" type="button" @click=${this.close}>${t.close}</button>
          </div>
        `;
    }
  }

  private renderChat() {
    const chat = this.chat!;
    const t = this.t;
    return html`
      <p>${t.talkingWith(chat.counsellorAlias)}</p>
      <p class="safety" title=${t.safetyWordsHint}>
        ${t.safetyWords}: <strong data-testid="safety-words">${chat.safetyWords.join(' ')}</strong>
      </p>
      ${this.renderLog(chat.lines)}
      <p class="muted" aria-live="polite">
        ${chat.peerTyping ? t.typing(chat.counsellorAlias) : nothing}
      </p>
      <form @submit=${this.submit}>
        <label for="message">${t.message}</label>
        <textarea
          id="message"
          rows="2"
          maxlength="2000"
          .value=${this.draft}
          @input=${this.onInput}
          @keydown=${this.onKeydown}
        ></textarea>
        <button class="primary" type="submit">${t.send}</button>
      </form>
      <div class="actions">
        <button class="secondary" type="button" @click=${this.end}>${t.endChat}</button>
      </div>
    `;
  }

  private renderLog(lines: readonly ChatLine[]) {
    const t = this.t;
    return html`
      <ol role="log" aria-live="polite" aria-label=${t.messages}>
        ${lines.map(
          (line) => html`
            <li class=${line.from}>
              <span class="visually-hidden">${line.from === 'me' ? t.you : t.counsellor}:</span
              ><span class="text">${line.text}</span>${this.renderState(line)}
            </li>
          `,
        )}
      </ol>
    `;
  }

  private renderState(line: ChatLine) {
    const t = this.t;
    switch (line.state) {
      case undefined:
        return nothing;
      case 'sending':
        return html`<span class="state">${t.sending}</span>`;
      case 'sent':
        return html`<span class="state">${t.sent}</span>`;
      case 'failed':
        return html`<span class="state"
          >${t.failed}
          <button type="button" @click=${() => this.chat?.retry(line.id)}>${t.retry}</button></span
        >`;
    }
  }

  private start(route: Route): void {
    void this.chat?.start(route, this.language);
  }

  private onInput(event: Event): void {
    this.draft = (event.target as HTMLTextAreaElement).value;
    this.chat?.typed();
  }

  private onKeydown(event: KeyboardEvent): void {
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
    if (!this.draft.trim()) return;
    this.chat?.send(this.draft);
    this.draft = '';
    if (this.composer) this.composer.value = '';
  }

  private end(): void {
    void this.chat?.end();
  }

  private close(): void {
    this.wipe();
    this.emit('jour-chat-closed');
  }

  private hide(): void {
    this.emit('jour-chat-hide');
  }

  private quickExit(): void {
    this.emit('jour-chat-quick-exit');
  }

  private emit(type: keyof GlobalEventHandlersEventMap): void {
    this.dispatchEvent(new CustomEvent(type, { bubbles: true, composed: true }));
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'jour-chat-panel': JourChatPanel;
  }
  interface GlobalEventHandlersEventMap {
    'jour-chat-hide': CustomEvent<void>;
    'jour-chat-quick-exit': CustomEvent<void>;
    'jour-chat-closed': CustomEvent<void>;
  }
}

if (!customElements.get('jour-chat-panel')) customElements.define('jour-chat-panel', JourChatPanel);

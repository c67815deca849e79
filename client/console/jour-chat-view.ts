import { LitElement, css, html, nothing, type PropertyValues } from 'lit';
import { property, query } from 'lit/decorators.js';
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
    `,
  ];

  @property({ attribute: false }) t!: ConsoleMessages;
  @property({ attribute: false }) chat!: ConsoleChat;
  @property({ attribute: false }) controller!: CounsellorController;

  @query('textarea') private composer?: HTMLTextAreaElement;
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
              <textarea
                id="composer"
                rows="3"
                maxlength="2000"
                @input=${this.onInput}
                @keydown=${this.onKeydown}
              ></textarea>
              <button class="primary" type="submit">${t.send}</button>
            </form>`
          : nothing
      }
      <div class="row">
        ${
          chat.status === 'ended' || chat.status === 'tampered'
            ? html`<button type="button" @click=${this.dismiss}>${t.close}</button>`
            : html`<button class="danger" type="button" @click=${this.end}>${t.endChat}</button>`
        }
      </div>
    `;
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

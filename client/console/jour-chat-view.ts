import { LitElement, html, nothing, type PropertyValues } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import { safetyWordsIn } from '../../shared/crypto/safety-words.js';
import { spokenLanguage } from '../../shared/protocol/schemas.js';
import type { AdminMessages } from './admin/admin-i18n.js';
import { baseStyles } from './console.styles.js';
import type { ConsoleChat, ConsoleLine, CounsellorController } from './counsellor.controller.js';
import { formatDuration, type ConsoleMessages } from './i18n.js';
import { chatViewStyles } from './jour-chat-view.styles.js';
import type { JourPhrasePicker } from './jour-phrase-picker.js';
import './jour-handover.js';
import './jour-pause.js';
import './jour-phrase-picker.js';
import './jour-whisper-ask.js';
import './jour-risk-level.js';
import './jour-wrapup.js';

/**
 * One chat: who (never identity; whether they said they are in danger), the safety
 * words, the messages, the composer.
 */
export class JourChatView extends LitElement {
  static override styles = [baseStyles, chatViewStyles];

  @property({ attribute: false }) t!: ConsoleMessages;
  @property({ attribute: false }) chat!: ConsoleChat;
  @property({ attribute: false }) controller!: CounsellorController;
  @property({ attribute: false }) a!: AdminMessages;
  /** The counsellor's name, put where a ready phrase says {namn} or {name}. */
  @property() alias = '';

  @state() private handingOver = false;
  /** "End and block" was pressed: the question waits for a yes. */
  @state() private confirmingBlock = false;

  @query('jour-phrase-picker') private composer?: JourPhrasePicker;
  @query('.log') private log?: HTMLElement;

  protected override updated(changed: PropertyValues): void {
    super.updated(changed);
    if (this.log) this.log.scrollTop = this.log.scrollHeight;
  }

  override render() {
    const { t, chat } = this;
    const a = chat.accepted;
    const open = chat.status === 'active';
    // The conversation is over: its wrap-up gets the room, the log keeps a strip.
    const wrapping = chat.status === 'ended' && chat.endReason !== 'transferred' && !chat.wrappedUp;
    return html`
      <p class="facts muted">
        <span>${t.route(a.route)}</span>
        <span>${t.waited(formatDuration(a.waitedSeconds))}</span>
        ${a.lang ? html`<span>${t.language(a.lang)}</span>` : nothing}
        ${a.topic ? html`<span>${t.topic(a.topic)}</span>` : nothing}
      </p>
      ${
        // Who else reads the chat now, always in sight; the whisper panel announces changes.
        chat.member
          ? html`<p class="notice" data-testid="member">${t.join.inChat(chat.member)}</p>`
          : nothing
      }
      ${
        a.urgent
          ? html`<p class="alert" data-testid="urgent">
              <strong>${t.urgent}</strong> ${t.urgentHint}
            </p>`
          : nothing
      }
      ${
        a.handover
          ? html`<p class="notice" data-testid="handover">
              ${t.handoverFrom(a.handover.fromAlias)}
              ${
                typeof chat.handoverNote === 'string'
                  ? html`<q dir="auto">${chat.handoverNote}</q>`
                  : chat.handoverNote === false
                    ? html`<span>${t.handoverNoteUnreadable}</span>`
                    : nothing
              }
            </p>`
          : nothing
      }
      ${
        chat.status === 'keying' || open
          ? html`<jour-risk-level
              .t=${t}
              .controller=${this.controller}
              .chatId=${a.chatId}
              .level=${a.risk ?? 'none'}
            ></jour-risk-level>`
          : nothing
      }
      ${chat.status === 'keying' ? html`<p role="status">${t.keying}</p>` : nothing}
      ${chat.visitorAway ? html`<p class="notice" role="status">${t.visitorAway}</p>` : nothing}
      ${
        chat.unverified && chat.status !== 'ended'
          ? html`<p class="alert" role="alert">${t.unverifiedVisitor}</p>`
          : chat.rekeyedAfter && chat.status === 'active'
            ? html`<p class="notice" role="status">
                ${chat.rekeyedAfter === 'visitor-reload' ? t.visitorBack : t.consoleBack}
              </p>`
            : nothing
      }
      ${chat.status === 'tampered' ? html`<p class="alert" role="alert">${t.tampered}</p>` : nothing}
      ${chat.safetyIndices.length ? this.renderSafetyWords() : nothing}
      <div
        class=${wrapping || this.confirmingBlock ? 'log short' : 'log'}
        role="log"
        aria-label=${t.messages}
        tabindex="0"
      >
        <ol>
          ${chat.lines.map((line) => this.renderLine(line))}
        </ol>
      </div>
      <p class="muted" aria-live="polite">${chat.peerTyping ? t.visitorTyping : nothing}</p>
      ${
        // Not a live region: the console's own announces the end once, on every view.
        chat.status === 'ended' && chat.endReason
          ? html`<p class="notice">${t.endReason(chat.endReason)}</p>`
          : nothing
      }
      ${
        chat.pause
          ? html`<jour-pause .t=${t} .controller=${this.controller} .chat=${chat}></jour-pause>`
          : nothing
      }
      ${
        open
          ? html`<form @submit=${this.submit}>
              <jour-phrase-picker
                .t=${t}
                .controller=${this.controller}
                .alias=${this.alias}
                @input=${this.onInput}
              >
                <button class="primary" type="submit">${t.send}</button>
              </jour-phrase-picker>
            </form>`
          : nothing
      }
      ${chat.status === 'ended' && chat.endReason !== 'transferred' ? this.renderWrapUp() : nothing}
      ${
        open && this.handingOver
          ? html`<jour-handover
              .t=${t}
              .controller=${this.controller}
              .chatId=${a.chatId}
              @jour-handover-close=${this.closeHandover}
            ></jour-handover>`
          : nothing
      }
      <div class="row">
        ${
          chat.status === 'ended' || chat.status === 'tampered'
            ? html`<button type="button" @click=${this.dismiss}>${t.close}</button>`
            : html`${
                  open
                    ? html`<button
                        type="button"
                        aria-haspopup="dialog"
                        @click=${this.toggleHandover}
                      >
                        ${t.handOver}
                      </button>`
                    : nothing
                }
                <span class="ends">
                  <button class="danger" type="button" @click=${this.end}>${t.endChat}</button>
                  <button
                    class="danger"
                    type="button"
                    aria-expanded=${this.confirmingBlock ? 'true' : 'false'}
                    @click=${this.askBlock}
                  >
                    ${t.endAndBlock(this.blockHours)}
                  </button>
                </span>`
        }
      </div>
      ${
        this.confirmingBlock && chat.status !== 'ended' && chat.status !== 'tampered'
          ? html`<div class="confirm" role="group" aria-labelledby="block-question">
              <p id="block-question">${t.confirmBlock(this.blockHours)}</p>
              <button class="danger" type="button" @click=${this.endAndBlock}>
                ${t.confirmBlockYes}
              </button>
              <button type="button" @click=${this.cancelBlock}>${t.cancel}</button>
            </div>`
          : nothing
      }
      <jour-whisper-ask
        .t=${t}
        .controller=${this.controller.whisper}
        .chatId=${a.chatId}
        ?open=${open}
      ></jour-whisper-ask>
    `;
  }

  /**
   * The words in the visitor's language, as the widget shows them, and their Swedish
   * twins (the same indices) for a counsellor who does not read that language.
   */
  private renderSafetyWords() {
    const { t, chat } = this;
    // Lättläst is Swedish: its words are the Swedish ones, with no twins to add.
    const lang = spokenLanguage(chat.accepted.lang ?? 'sv');
    return html`<p class="safety">
      ${t.safetyWords}:
      <strong data-testid="safety-words" lang=${lang} dir="auto"
        >${safetyWordsIn(lang, chat.safetyIndices).join(' ')}</strong
      >
      ${
        lang === 'sv'
          ? nothing
          : html`<span class="twins"
              >(${t.safetyWordsInSwedish}:
              <span data-testid="safety-words-sv" lang="sv"
                >${safetyWordsIn('sv', chat.safetyIndices).join(' ')}</span
              >)</span
            >`
      }
    </p>`;
  }

  private renderWrapUp() {
    if (this.chat.wrappedUp) return html`<p class="notice" role="status">${this.t.wrapUpSaved}</p>`;
    return html`<jour-wrapup
      .t=${this.t}
      .a=${this.a}
      .controller=${this.controller}
      .chatId=${this.chat.accepted.chatId}
    ></jour-wrapup>`;
  }

  private toggleHandover(): void {
    this.handingOver = !this.handingOver;
  }

  private closeHandover(): void {
    this.handingOver = false;
  }

  private renderLine(line: ConsoleLine) {
    const t = this.t;
    return html`<li class=${line.from}>
      ${this.renderAuthor(line)}<span class="text" dir="auto">${line.text}</span>
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

  /** Whose line: shown for another counsellor's, read out for the visitor's and one's own. */
  private renderAuthor(line: ConsoleLine) {
    const t = this.t;
    switch (line.from) {
      case 'colleague':
        return html`<span class="author">${t.colleagueWrote(line.by ?? '')}</span>`;
      case 'member':
        return html`<span class="author">${t.join.memberWrote(line.by ?? '')}</span>`;
      default:
        return html`<span class="visually-hidden"
          >${line.from === 'me' ? t.you : t.visitor}:</span
        >`;
    }
  }

  /** Focuses the message box, once it is there to focus. */
  async focusComposer(): Promise<void> {
    await this.updateComplete;
    await this.composer?.updateComplete;
    this.composer?.focus();
  }

  private onInput(): void {
    this.controller.typed(this.chat.accepted.chatId);
  }

  private submit(event: Event): void {
    event.preventDefault();
    const text = this.composer?.value ?? '';
    if (!text.trim()) return;
    this.controller.send(this.chat.accepted.chatId, text);
    if (this.composer) this.composer.value = '';
  }

  private end(): void {
    void this.controller.end(this.chat.accepted.chatId);
  }

  private get blockHours(): number {
    return this.controller.presence.blockHours;
  }

  private async askBlock(): Promise<void> {
    this.confirmingBlock = true;
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLButtonElement>('.confirm button')?.focus();
  }

  private cancelBlock(): void {
    this.confirmingBlock = false;
  }

  private endAndBlock(): void {
    this.confirmingBlock = false;
    void this.controller.endAndBlock(this.chat.accepted.chatId);
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

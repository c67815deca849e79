import { LitElement, html, nothing } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import type { ErrorCode } from '../../shared/protocol/errors.js';
import { baseStyles } from './console.styles.js';
import type { ConsoleMessages } from './i18n.js';
import type { JourWhisper } from './jour-whisper.js';
import { whisperStyles } from './jour-whisper.styles.js';
import type { ConsoleWhisper, WhisperController } from './whisper.controller.js';
import './jour-whisper.js';

/**
 * In a chat: "Ask for support" while the chat is open and no support conversation
 * about it is, and that conversation's panel once asked. When no supervisor is
 * online the counsellor is told so, and to phone.
 */
export class JourWhisperAsk extends LitElement {
  static override styles = [baseStyles, whisperStyles];

  @property({ attribute: false }) t!: ConsoleMessages;
  @property({ attribute: false }) controller!: WhisperController;
  @property() chatId = '';
  /** The chat is open: one may ask. */
  @property({ type: Boolean }) open = false;

  @state() private error?: ErrorCode;
  @state() private busy = false;

  @query('jour-whisper') private panel?: JourWhisper;
  private unwatch?: () => void;

  // The chat view re-renders only when its chat changes: this element watches the
  // whisper controller itself.
  override connectedCallback(): void {
    super.connectedCallback();
    this.unwatch = this.controller.watch(() => this.requestUpdate());
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.unwatch?.();
  }

  override render() {
    const w = this.t.whisper;
    const whisper: ConsoleWhisper | undefined = this.controller.aboutChat(this.chatId);
    return html`
      ${whisper ? html`<jour-whisper .t=${this.t} .whisper=${whisper} .controller=${this.controller}></jour-whisper>` : nothing}
      ${
        this.open && (!whisper || whisper.status === 'ended')
          ? html`<div class="row">
              <button class="accent" type="button" ?disabled=${this.busy} @click=${this.ask}>
                ${w.askForSupport}
              </button>
            </div>`
          : nothing
      }
      ${this.error ? html`<p class="alert" role="alert">${w.error(this.error)}</p>` : nothing}
    `;
  }

  private async ask(): Promise<void> {
    this.busy = true;
    this.error = undefined;
    try {
      this.error = await this.controller.askFor(this.chatId);
    } finally {
      this.busy = false;
    }
    if (!this.error) {
      await this.updateComplete;
      await this.panel?.focusPanel();
    }
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'jour-whisper-ask': JourWhisperAsk;
  }
}

if (!customElements.get('jour-whisper-ask'))
  customElements.define('jour-whisper-ask', JourWhisperAsk);

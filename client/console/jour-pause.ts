import { LitElement, css, html, nothing } from 'lit';
import { property, state } from 'lit/decorators.js';
import { baseStyles } from './console.styles.js';
import type { ConsoleChat, CounsellorController } from './counsellor.controller.js';
import type { ConsoleMessages } from './i18n.js';

/**
 * After a chat that reached acute, or ran longer than the service's setting: suggests
 * a pause and offers "Ask for a debrief", which tells the supervisors online (the
 * counsellor's display name only), then says whether anyone got it and, if nobody is
 * online, what to do instead.
 */
export class JourPause extends LitElement {
  static override styles = [
    baseStyles,
    css`
      :host {
        display: block;
      }
      .pause {
        display: grid;
        gap: 0.5rem;
        justify-items: start;
        padding: 0.625rem 0.75rem;
        border-inline-start: 4px solid #1d4f91;
        background: #eef3fa;
        border-radius: 6px;
      }
      p {
        margin: 0;
      }
    `,
  ];

  @property({ attribute: false }) t!: ConsoleMessages;
  @property({ attribute: false }) controller!: Pick<CounsellorController, 'askDebrief'>;
  @property({ attribute: false }) chat!: ConsoleChat;

  @state() private asking = false;

  override render() {
    const { t, chat } = this;
    if (!chat.pause) return nothing;
    const debrief = chat.debrief;
    return html`<div class="pause" data-testid="pause">
      <p><strong>${t.pauseAfter(chat.pause)}</strong></p>
      ${
        debrief === undefined
          ? html`<button type="button" ?disabled=${this.asking} @click=${this.ask}>
              ${t.askDebrief}
            </button>`
          : nothing
      }
      <div role="status">
        ${
          debrief === undefined
            ? nothing
            : 'error' in debrief
              ? html`<p class="alert">${t.error(debrief.error)}</p>`
              : debrief.supervisors > 0
                ? html`<p>${t.debriefSent(debrief.supervisors)}</p>`
                : html`<p>${t.debriefNobody}</p>`
        }
      </div>
    </div>`;
  }

  private async ask(): Promise<void> {
    this.asking = true;
    try {
      await this.controller.askDebrief(this.chat.accepted.chatId);
    } finally {
      this.asking = false;
    }
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'jour-pause': JourPause;
  }
}

if (!customElements.get('jour-pause')) customElements.define('jour-pause', JourPause);

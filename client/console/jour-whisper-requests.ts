import { LitElement, html, nothing } from 'lit';
import { property, state } from 'lit/decorators.js';
import type { ErrorCode } from '../../shared/protocol/errors.js';
import type { WhisperRequest } from '../../shared/protocol/whisper.js';
import { baseStyles } from './console.styles.js';
import type { ConsoleMessages } from './i18n.js';
import type { JourWhisper } from './jour-whisper.js';
import { whisperStyles } from './jour-whisper.styles.js';
import type { ConsoleWhisper, WhisperController } from './whisper.controller.js';
import './jour-whisper.js';

/**
 * A supervisor's console: colleagues' requests for support, each with Accept, and the
 * support conversations this console has taken. Shown above every view, so a request
 * is seen wherever the supervisor is. Renders nothing when there is neither.
 */
export class JourWhisperRequests extends LitElement {
  static override styles = [baseStyles, whisperStyles];

  @property({ attribute: false }) t!: ConsoleMessages;
  @property({ attribute: false }) controller!: WhisperController;
  @property({ attribute: false }) requests: WhisperRequest[] = [];
  @property({ attribute: false }) supported: ConsoleWhisper[] = [];

  @state() private error?: ErrorCode;

  override render() {
    const { t } = this;
    const w = t.whisper;
    if (this.requests.length === 0 && this.supported.length === 0 && !this.error) return nothing;
    return html`<div class="stack">
      ${
        this.requests.length > 0
          ? html`<section aria-labelledby="whisper-requests">
              <h3 id="whisper-requests">${w.requests}</h3>
              <p class="staff-only">${w.staffOnly}</p>
              <ul class="requests">
                ${this.requests.map(
                  (request) =>
                    html`<li>
                      <span>${w.request(request.from, t.route(request.route))}</span>
                      <button
                        class="accent-primary"
                        type="button"
                        @click=${() => this.accept(request.whisperId)}
                      >
                        ${w.accept}
                      </button>
                    </li>`,
                )}
              </ul>
            </section>`
          : nothing
      }
      ${this.error ? html`<p class="alert" role="alert">${w.error(this.error)}</p>` : nothing}
      ${this.supported.map(
        (whisper) =>
          html`<jour-whisper
            .t=${t}
            .whisper=${whisper}
            .controller=${this.controller}
          ></jour-whisper>`,
      )}
    </div>`;
  }

  private async accept(whisperId: string): Promise<void> {
    this.error = await this.controller.accept(whisperId);
    if (this.error) return;
    await this.updateComplete;
    const panels = [...this.renderRoot.querySelectorAll<JourWhisper>('jour-whisper')];
    await panels.find((panel) => panel.whisper.whisperId === whisperId)?.focusPanel();
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'jour-whisper-requests': JourWhisperRequests;
  }
}

if (!customElements.get('jour-whisper-requests')) {
  customElements.define('jour-whisper-requests', JourWhisperRequests);
}

import { LitElement, html, nothing, type PropertyValues } from 'lit';
import { property, query } from 'lit/decorators.js';
import { safetyWordsIn } from '../../shared/crypto/safety-words.js';
import { composerForm } from './composer.js';
import { baseStyles } from './console.styles.js';
import type { ConsoleMessages } from './i18n.js';
import { whisperStyles } from './jour-whisper.styles.js';
import type { ConsoleWhisper, WhisperController } from './whisper.controller.js';
import './jour-whisper-join.js';

/**
 * One support conversation between two consoles ("whisper"): its heading ("Support
 * from …" on the asker's console, "Supporting …" on the supervisor's), the note that
 * the visitor does not see it, the safety words both consoles show, the lines, a text
 * box and End. Shown under the chat on the asker's console, at the top of the
 * supervisor's.
 */
export class JourWhisper extends LitElement {
  static override styles = [baseStyles, whisperStyles];

  @property({ attribute: false }) t!: ConsoleMessages;
  @property({ attribute: false }) whisper!: ConsoleWhisper;
  @property({ attribute: false }) controller!: WhisperController;

  @query('.log') private log?: HTMLElement;
  @query('section') private panel?: HTMLElement;

  protected override updated(changed: PropertyValues): void {
    super.updated(changed);
    if (this.log) this.log.scrollTop = this.log.scrollHeight;
  }

  /** Moves focus to the panel (a request was taken, or just asked). */
  async focusPanel(): Promise<void> {
    await this.updateComplete;
    this.panel?.focus();
  }

  override render() {
    const w = this.t.whisper;
    const t = this.t;
    const whisper = this.whisper;
    const id = `whisper-${whisper.whisperId}`;
    const heading =
      whisper.role === 'supporter'
        ? w.supporting(whisper.peer)
        : whisper.peer
          ? w.supportFrom(whisper.peer)
          : w.askingHeading;
    const open = whisper.status === 'active';
    const over = whisper.status === 'ended';
    return html`<section aria-labelledby=${id} tabindex="-1" data-testid="whisper">
      <h3 id=${id}>${heading}</h3>
      <p class="staff-only">${w.staffOnly}</p>
      ${whisper.status === 'asking' ? html`<p role="status">${w.asking}</p>` : nothing}
      ${whisper.status === 'keying' ? html`<p role="status">${w.keying}</p>` : nothing}
      ${
        whisper.safetyIndices.length > 0 && !over
          ? html`<p class="safety">
              ${t.safetyWords}:
              <strong data-testid="whisper-safety-words" lang="sv"
                >${safetyWordsIn('sv', whisper.safetyIndices).join(' ')}</strong
              >.
              <span class="muted">${w.safetyHint}</span>
            </p>`
          : nothing
      }
      ${
        whisper.lines.length > 0 || open
          ? html`<div class="log" role="log" aria-label=${w.messages} tabindex="0">
              <ol>
                ${whisper.lines.map(
                  (line) =>
                    html`<li class=${line.from}>
                      <span class="visually-hidden"
                        >${line.from === 'me' ? w.you : whisper.peer}:</span
                      >
                      <span class="text" dir="auto">${line.text}</span>
                      ${line.state === 'sending' ? html`<span class="state">${t.sending}</span>` : nothing}
                      ${line.state === 'failed' ? html`<span class="state">${t.failed}</span>` : nothing}
                    </li>`,
                )}
              </ol>
            </div>`
          : nothing
      }
      ${
        over && whisper.outcome
          ? html`<p class="notice" role="status">${w.outcome(whisper.outcome)}</p>`
          : nothing
      }
      ${
        open
          ? composerForm(
              w.writeTo(whisper.peer),
              w.sendTo(whisper.peer),
              'accent-primary',
              (text) => this.controller.send(whisper.whisperId, text),
            )
          : nothing
      }
      <jour-whisper-join
        .t=${t}
        .whisper=${whisper}
        .controller=${this.controller}
      ></jour-whisper-join>
      <div class="row">
        ${
          over
            ? html`<button class="accent" type="button" @click=${this.dismiss}>${t.close}</button>`
            : html`<button class="accent" type="button" @click=${this.end}>
                ${whisper.status === 'asking' ? w.withdraw : w.end}
              </button>`
        }
      </div>
    </section>`;
  }

  private end(): void {
    void this.controller.end(this.whisper.whisperId);
  }

  private dismiss(): void {
    this.controller.dismiss(this.whisper.whisperId);
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'jour-whisper': JourWhisper;
  }
}

if (!customElements.get('jour-whisper')) customElements.define('jour-whisper', JourWhisper);

import { LitElement, html, nothing } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import { baseStyles } from './console.styles.js';
import type { CounsellorController } from './counsellor.controller.js';
import type { ConsoleMessages } from './i18n.js';
import { phrasePickerStyles } from './jour-phrase-picker.styles.js';

/**
 * The message box with its ready phrases. "/" at the start of the box, or the Ready
 * phrases button, opens a list that the rest of the text filters; the arrows move
 * through it and Enter puts the phrase in the box, with the counsellor's name for
 * {namn} or {name}. The box and the list live in one shadow root because
 * aria-controls and aria-activedescendant only reach ids in their own root.
 *
 * Enter without Shift, when no phrase is highlighted, submits the form the element is
 * in, as Enter does in a one-line field; the form reads `value` and empties the box.
 *
 * @fires input - the box's own (composed) event, whenever the counsellor types
 * @slot - the form's submit button, shown beside the box
 */
export class JourPhrasePicker extends LitElement {
  static override styles = [baseStyles, phrasePickerStyles];

  @property({ attribute: false }) t!: ConsoleMessages;
  @property({ attribute: false }) controller!: Pick<
    CounsellorController,
    'phrases' | 'loadPhrases'
  >;
  /** The counsellor's name, put where a ready phrase says {namn} or {name}. */
  @property() alias = '';
  /** The box's label: "Message" in a chat, "Answer" in the mailbox. */
  @property() label?: string;
  /** A chat message's limit by default; a mailbox letter may be longer. */
  @property({ type: Number }) maxLength = 2000;

  /** The list: open, what filters it, and the highlighted option. */
  @state() private picker?: { filter: string; index: number };

  @query('#composer') private composer?: HTMLTextAreaElement;

  /** The text in the message box. */
  get value(): string {
    return this.composer?.value ?? '';
  }

  set value(text: string) {
    if (this.composer) this.composer.value = text;
  }

  override focus(options?: FocusOptions): void {
    this.composer?.focus(options);
  }

  override render() {
    const t = this.t;
    return html`
      <label for="composer">${this.label ?? t.message}</label>
      <div class="composer">
        ${this.renderList()}
        <textarea
          id="composer"
          dir="auto"
          rows="3"
          maxlength=${this.maxLength}
          aria-describedby="phrase-hint"
          aria-controls=${this.picker ? 'phrases' : nothing}
          aria-activedescendant=${
            this.picker && this.phraseMatches().length > 0 ? `phrase-${this.picker.index}` : nothing
          }
          @input=${this.onInput}
          @keydown=${this.onKeydown}
          @blur=${this.closeList}
        ></textarea>
      </div>
      <slot></slot>
      <p class="muted" id="phrase-hint">
        ${t.phraseHint}
        <button type="button" class="link-button" @click=${this.openList}>${t.readyPhrases}</button>
      </p>
    `;
  }

  private renderList() {
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
                  @click=${() => this.choose(phrase)}
                  @keydown=${(e: KeyboardEvent) => {
                    // Options are chosen from the message box (arrows, Enter); this
                    // covers a screen reader's virtual cursor landing on one.
                    if (e.key === 'Enter') this.choose(phrase);
                  }}
                >
                  ${phrase}
                </li>`,
            )
      }
    </ul>`;
  }

  private phraseMatches(): string[] {
    const filter = this.picker?.filter.toLowerCase() ?? '';
    return this.controller.phrases.filter((phrase) => phrase.toLowerCase().includes(filter));
  }

  private async openList(): Promise<void> {
    await this.controller.loadPhrases();
    this.picker = { filter: '', index: 0 };
    this.composer?.focus();
  }

  private closeList(): void {
    this.picker = undefined;
  }

  private choose(phrase: string): void {
    if (!this.composer) return;
    this.composer.value = phrase.replaceAll(/\{(?:namn|name)\}/g, this.alias);
    this.picker = undefined;
    this.composer.focus();
  }

  private onInput(): void {
    const value = this.composer?.value ?? '';
    if (value.startsWith('/')) {
      // Each time the list opens it is fetched again: a phrase added or changed since
      // (here, or by a coordinator elsewhere) is offered at once.
      if (!this.picker) void this.controller.loadPhrases().then(() => this.requestUpdate());
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
        this.choose(matches[index]);
        return;
      }
    }
    if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      this.closest('form')?.requestSubmit();
    }
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'jour-phrase-picker': JourPhrasePicker;
  }
}

if (!customElements.get('jour-phrase-picker')) {
  customElements.define('jour-phrase-picker', JourPhrasePicker);
}

import { LitElement, html, nothing } from 'lit';
import { property, query } from 'lit/decorators.js';
import type { WidgetLanguage } from './i18n/index.js';
import { JOIN_CATALOGUES, type JoinMessages } from './i18n/join.js';
import { joinStyles } from './jour-join.styles.js';
import type { CurrentJoin, JoinNote } from './visitor-join.js';

/**
 * A supervisor asking to join the chat, and who is in it (docs/PROTOCOL.md §23), inside
 * the chat screen: the question and its two answers, the list of who is in the chat
 * besides the visitor, and the way to remove the member. Loaded with the first ask
 * (the panel imports this file then). It holds nothing: the panel hands in the join
 * and acts on the answers.
 *
 * @fires jour-join-answer - the visitor answered the question (detail: yes)
 * @fires jour-join-remove - the visitor removes the member (or takes back a yes)
 */
export class JourJoin extends LitElement {
  static override styles = joinStyles;

  @property() language: WidgetLanguage = 'sv';
  /** The chat's volunteer. */
  @property() counsellor = '';
  @property({ attribute: false }) join?: CurrentJoin;

  @query('.ask') private question?: HTMLElement;

  private get t(): JoinMessages {
    return JOIN_CATALOGUES[this.language];
  }

  /** Moves focus to the question, which names itself and what it means. */
  async focusQuestion(): Promise<void> {
    await this.updateComplete;
    this.question?.focus();
  }

  override render() {
    const t = this.t;
    const join = this.join;
    return html`
      ${join?.stage === 'asking' ? this.renderQuestion(join.alias) : nothing}
      <div class="members">
        <span id="in-chat">${t.inChat}:</span>
        <ul aria-labelledby="in-chat">
          <li>${t.volunteer(this.counsellor)}</li>
          ${join?.stage === 'joined' ? html`<li>${t.supervisor(join.alias)}</li>` : nothing}
        </ul>
        ${
          join && join.stage !== 'asking'
            ? html`<button class="link" type="button" @click=${this.removeMember}>
                ${t.remove(join.alias)}
              </button>`
            : nothing
        }
      </div>
    `;
  }

  private renderQuestion(alias: string) {
    const t = this.t;
    return html`
      <div
        class="ask"
        role="group"
        tabindex="-1"
        aria-labelledby="join-question"
        aria-describedby="join-hint"
      >
        <p id="join-question">${t.question(alias)}</p>
        <p id="join-hint">${t.questionHint}</p>
        <button class="secondary" type="button" @click=${() => this.answer(false)}>${t.no}</button>
        <button class="secondary" type="button" @click=${() => this.answer(true)}>${t.yes}</button>
      </div>
    `;
  }

  private answer(yes: boolean): void {
    this.dispatchEvent(
      new CustomEvent('jour-join-answer', { detail: yes, bubbles: true, composed: true }),
    );
  }

  private removeMember(): void {
    this.dispatchEvent(new CustomEvent('jour-join-remove', { bubbles: true, composed: true }));
  }
}

/** What the conversation says about a join, in the visitor's language. */
export function joinNoteText(language: WidgetLanguage, note: JoinNote): string {
  const t = JOIN_CATALOGUES[language];
  return note.kind === 'declined' ? t.declined : t[note.kind](note.alias);
}

/** The question as a screen reader is told it when focus stays where the visitor types. */
export function joinQuestionText(language: WidgetLanguage, alias: string): string {
  const t = JOIN_CATALOGUES[language];
  return `${t.question(alias)} ${t.questionHint}`;
}

declare global {
  interface HTMLElementTagNameMap {
    'jour-join': JourJoin;
  }
  interface GlobalEventHandlersEventMap {
    'jour-join-answer': CustomEvent<boolean>;
    'jour-join-remove': CustomEvent<void>;
  }
}

if (!customElements.get('jour-join')) customElements.define('jour-join', JourJoin);

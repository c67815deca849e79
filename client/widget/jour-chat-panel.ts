import { LitElement, html, nothing, type PropertyValues } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import {
  CATALOGUES,
  DEFAULT_PHONE,
  LANGUAGE_NAMES,
  WIDGET_LANGUAGES,
  type WidgetLanguage,
  type WidgetMessages,
} from './i18n/index.js';
import { panelStyles } from './jour-chat-panel.styles.js';
import { hasChatToResume } from './resume-key.js';
import { VisitorChatController, type ChatLine } from './visitor-chat.controller.js';
import {
  LANGUAGES,
  ROUTES,
  TOPICS,
  type Language,
  type Route,
  type Topic,
} from '../../shared/protocol/schemas.js';
import type { RouteStatus } from '../../shared/protocol/settings.js';

/** What the frame tells the launcher: whether a chat goes on, and unseen messages. */
export interface PanelState {
  active: boolean;
  unread: number;
}

/** How often the intro screen asks again whether a route is open and staffed. */
const STATUS_REFRESH_MS = 30_000;

/**
 * The open chat: intro, queue, conversation, end. Loaded only when the visitor
 * opens the chat, with the socket client and the encryption it needs.
 *
 * @fires jour-chat-hide - the visitor hid the panel (a chat in progress goes on)
 * @fires jour-chat-quick-exit - the visitor asked to leave at once
 * @fires jour-chat-closed - the chat is over and the panel can go
 * @fires jour-chat-language - the visitor chose another language (detail: the code)
 * @fires jour-chat-state - a chat started or ended, or unseen messages changed (detail: PanelState)
 * @csspart header - the title bar
 * @csspart message-mine - the visitor's own messages
 * @csspart message-theirs - the counsellor's messages
 * @csspart primary-button - main actions (choose a route, Send)
 */
export class JourChatPanel extends LitElement {
  static override styles = panelStyles;

  @property() language: WidgetLanguage = 'sv';
  @property() origin = '';
  /** On screen; while not, the volunteer's new messages are counted as unread. */
  @property({ type: Boolean }) shown = true;

  @query('h2') private heading?: HTMLElement;
  @query('textarea') private composer?: HTMLTextAreaElement;
  @query('.log') private log?: HTMLElement;

  @state() private showSafetyWords = false;
  @state() private detailsSaved = false;

  private chat?: VisitorChatController;
  private draft = '';
  private statusTimer?: ReturnType<typeof setInterval>;
  private previousPhase = '';
  /** The volunteer's messages the visitor has had on screen. */
  private seenTheirs = 0;
  private reported = { active: false, unread: 0 };

  private get t(): WidgetMessages {
    return CATALOGUES[this.language];
  }

  /** The page quick exit goes to: the service's setting once it has loaded. */
  get exitUrl(): string | undefined {
    return this.chat?.status?.exitUrl;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.chat ??= new VisitorChatController(this, this.origin);
    this.setAttribute('role', 'dialog');
    this.setAttribute('aria-modal', 'false');
    void this.chat.open();
    this.statusTimer = setInterval(() => {
      if (this.chat?.phase === 'idle') void this.chat.refreshStatus();
    }, STATUS_REFRESH_MS);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearInterval(this.statusTimer);
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

  protected override updated(changed: PropertyValues): void {
    super.updated(changed);
    const phase = this.chat?.phase ?? '';
    if (phase !== this.previousPhase) {
      this.previousPhase = phase;
      // Focus goes where the news is: the composer in a chat, else what the new
      // screen says first (the place in the queue, that the chat ended), else the title.
      const target = this.renderRoot.querySelector<HTMLElement>('[data-focus]');
      if (phase === 'chat') this.composer?.focus();
      else (target ?? this.heading)?.focus();
    }
    if (this.log) this.log.scrollTop = this.log.scrollHeight;
    this.reportState();
  }

  /** Tells the frame whether a chat goes on and how much the visitor has not seen. */
  private reportState(): void {
    const theirs = this.chat?.lines.filter((line) => line.from !== 'me').length ?? 0;
    if (this.shown || theirs < this.seenTheirs) this.seenTheirs = theirs;
    const state = { active: hasChatToResume(), unread: theirs - this.seenTheirs };
    if (state.active === this.reported.active && state.unread === this.reported.unread) return;
    this.reported = state;
    this.dispatchEvent(
      new CustomEvent('jour-chat-state', { detail: state, bubbles: true, composed: true }),
    );
  }

  override render() {
    const t = this.t;
    return html`
      <header part="header">
        <h2 tabindex="-1">${t.title}</h2>
        <button class="exit" type="button" @click=${this.quickExit}>${t.quickExit}</button>
        <button class="hide" type="button" aria-label=${t.hide} @click=${this.hide}>
          <span aria-hidden="true">✕</span>
        </button>
      </header>
      <div class="bar">
        <p class="danger">${t.danger}</p>
        <label class="language">
          <span class="visually-hidden">${t.languageLabel}</span>
          <select @change=${this.chooseLanguage}>
            ${WIDGET_LANGUAGES.map(
              (code) =>
                html`<option value=${code} lang=${code} ?selected=${code === this.language}>
                  ${LANGUAGE_NAMES[code]}
                </option>`,
            )}
          </select>
        </label>
      </div>
      <main>${this.renderPhase()}</main>
      <footer><p class="muted">${t.quickExitHint}</p></footer>
    `;
  }

  private phone(route: Route): string {
    return this.chat?.status?.routes[route].phone ?? DEFAULT_PHONE[route];
  }

  /**
   * A sentence naming a phone number, the number a link a phone can call: kept on one
   * line and left to right, in every language.
   */
  private callable(sentence: string, number: string) {
    const at = sentence.indexOf(number);
    if (at < 0) return sentence;
    const tel = `tel:${number.replace(/[^\d+]/g, '')}`;
    return html`${sentence.slice(0, at)}<a class="tel" dir="ltr" href=${tel}>${number}</a
      >${sentence.slice(at + number.length)}`;
  }

  private renderPhase() {
    const chat = this.chat;
    const t = this.t;
    if (!chat) return nothing;
    const route = chat.route ?? 'adult';
    switch (chat.phase) {
      case 'idle':
        return html`
          ${
            chat.error
              ? html`<p class="alert" role="alert">
                  ${this.callable(t.error(chat.error, this.phone(route)), this.phone(route))}
                </p>`
              : nothing
          }
          ${
            chat.status?.notice?.[this.language]
              ? html`<p class="notice" data-testid="service-notice">
                  ${chat.status.notice[this.language]}
                </p>`
              : nothing
          }
          <p>${t.intro}</p>
          <p>${t.anonymous}</p>
          <p>${t.chooseRoute}</p>
          <div class="choices">${ROUTES.map((r) => this.renderRoute(r))}</div>
        `;
      case 'connecting':
        return html`<p role="status">${t.connecting}</p>`;
      case 'queued':
        return html`
          <div role="status">
            ${chat.reconnecting ? html`<p>${t.reconnecting}</p>` : nothing}
            ${
              chat.notice?.kind === 'requeued'
                ? html`<p class="notice">
                    ${chat.notice.reason === 'transferred' ? t.handedBack : t.requeued}
                  </p>`
                : nothing
            }
            <p class="position" tabindex="-1" data-focus>${t.queuePosition(chat.position)}</p>
            ${
              chat.estimateSeconds
                ? html`<p>${t.estimate(Math.ceil(chat.estimateSeconds / 60))}</p>`
                : nothing
            }
          </div>
          <p class="muted">${this.callable(t.phone(this.phone(route)), this.phone(route))}</p>
          <div>
            <button class="secondary" type="button" @click=${this.end}>${t.leaveQueue}</button>
          </div>
          ${this.renderDetails()}
        `;
      case 'keying':
        return html`<p role="status">${chat.reconnecting ? t.reconnecting : t.keying}</p>`;
      case 'chat':
        return this.renderChat();
      case 'ended':
        return html`
          <p role="status" tabindex="-1" data-focus>
            ${t.ended} ${chat.endReason ? t.endReason(chat.endReason) : nothing}
          </p>
          ${chat.lines.length ? this.renderLog(chat.lines) : nothing} ${this.renderRating()}
          <p class="muted">${this.callable(t.phone(this.phone(route)), this.phone(route))}</p>
          <div>
            <button class="secondary" type="button" @click=${this.close}>${t.close}</button>
          </div>
        `;
    }
  }

  /** One route on the intro screen: its button, or when it is closed, when it opens. */
  private renderRoute(route: Route) {
    const t = this.t;
    const status: RouteStatus | undefined = this.chat?.status?.routes[route];
    const label = route === 'adult' ? t.routeAdult : t.routeYouth;
    if (status && !status.open) {
      const next = status.nextOpening;
      const when = next && t.opensAt(next.inDays, t.weekdays[next.weekday] ?? '', next.time);
      return html`
        <div class="route closed">
          <p class="route-name">${t.routeName(route)}</p>
          <p>${when ? t.closedUntil(when) : t.closedForNow}</p>
          <p><strong>${this.callable(t.phone(status.phone), status.phone)}</strong></p>
        </div>
      `;
    }
    return html`
      <div class="route">
        <button
          class="primary"
          part="primary-button"
          type="button"
          @click=${() => this.start(route)}
        >
          ${label}
        </button>
        ${status && status.available === 0 ? html`<p>${t.nobodyAvailable}</p>` : nothing}
        ${
          status?.estimateSeconds && status.available > 0
            ? html`<p class="muted">${t.estimate(Math.ceil(status.estimateSeconds / 60))}</p>`
            : nothing
        }
        <p class="muted">${this.callable(t.phone(this.phone(route)), this.phone(route))}</p>
      </div>
    `;
  }

  /** The optional, skippable topic and language, while waiting. */
  private renderDetails() {
    const t = this.t;
    return html`
      <form class="details" @change=${this.saveDetails} @submit=${(e: Event) => e.preventDefault()}>
        <p>${t.whileYouWait}</p>
        <fieldset>
          <legend>${t.topicLabel}</legend>
          ${TOPICS.map(
            (topic) => html`
              <label class="radio">
                <input type="radio" name="topic" value=${topic} />
                ${t.topic(topic)}
              </label>
            `,
          )}
        </fieldset>
        <label for="preferred">${t.preferredLanguage}</label>
        <select id="preferred" name="lang">
          <option value="">${t.noPreference}</option>
          ${LANGUAGES.map(
            (code) => html`<option value=${code} lang=${code}>${LANGUAGE_NAMES[code]}</option>`,
          )}
        </select>
        <p class="muted" role="status">${this.detailsSaved ? t.detailsSaved : nothing}</p>
      </form>
    `;
  }

  private renderChat() {
    const chat = this.chat!;
    const t = this.t;
    const notice = chat.notice;
    return html`
      <p>${t.talkingWith(chat.counsellorAlias)}</p>
      <div role="status" class="notices">
        ${chat.reconnecting ? html`<p class="alert">${t.reconnecting}</p>` : nothing}
        ${chat.counsellorAway ? html`<p class="alert">${t.counsellorAway}</p>` : nothing}
        ${notice?.kind === 'resumed' ? html`<p class="notice">${t.resumed}</p>` : nothing}
        ${notice?.kind === 'counsellorBack' ? html`<p class="notice">${t.counsellorBack}</p>` : nothing}
        ${
          notice?.kind === 'handedOver'
            ? html`<p class="notice">${t.handedOver(notice.alias)}</p>`
            : nothing
        }
        ${notice?.kind === 'unverified' ? html`<p class="alert">${t.unverified}</p>` : nothing}
        ${chat.shareQuestion === 'shared' ? html`<p class="notice">${t.shared}</p>` : nothing}
        ${chat.shareQuestion === 'kept' ? html`<p class="notice">${t.kept}</p>` : nothing}
      </div>
      ${
        chat.shareQuestion === 'asking'
          ? html`<div class="share" role="group" aria-labelledby="share-question">
              <p id="share-question">${t.shareQuestion(chat.counsellorAlias)}</p>
              <button class="secondary" type="button" @click=${() => void chat.share(false)}>
                ${t.shareNo}
              </button>
              <button class="secondary" type="button" @click=${() => void chat.share(true)}>
                ${t.shareYes}
              </button>
            </div>`
          : nothing
      }
      <div class="safety">
        <button
          class="link"
          type="button"
          aria-expanded=${this.showSafetyWords ? 'true' : 'false'}
          @click=${() => (this.showSafetyWords = !this.showSafetyWords)}
        >
          ${this.showSafetyWords ? t.hideSafetyWords : t.showSafetyWords}
        </button>
        ${
          this.showSafetyWords
            ? html`<p>
                ${t.safetyWords}:
                <strong data-testid="safety-words">${chat.safetyWords.join(' ')}</strong>
                <br /><span class="muted">${t.safetyWordsHint}</span>
              </p>`
            : nothing
        }
      </div>
      ${this.renderLog(chat.lines)}
      <p class="muted" aria-live="polite">
        ${chat.peerTyping ? t.typing(chat.counsellorAlias) : nothing}
      </p>
      <form @submit=${this.submit}>
        <label for="message">${t.message}</label>
        <textarea
          id="message"
          dir="auto"
          rows="2"
          maxlength="2000"
          .value=${this.draft}
          @input=${this.onInput}
          @keydown=${this.onKeydown}
        ></textarea>
        <button class="primary" part="primary-button" type="submit">${t.send}</button>
      </form>
      <div class="actions">
        <button class="secondary" type="button" @click=${this.end}>${t.endChat}</button>
      </div>
    `;
  }

  private renderLog(lines: readonly ChatLine[]) {
    const t = this.t;
    return html`
      <div class="log" role="log" aria-label=${t.messages} tabindex="0">
        <ol>
          ${lines.map(
            (line) => html`
              <li class=${line.from} part=${line.from === 'me' ? 'message-mine' : 'message-theirs'}>
                <span class="visually-hidden">${line.from === 'me' ? t.you : t.counsellor}:</span
                ><span class="text" dir="auto">${line.text}</span>${this.renderState(line)}
              </li>
            `,
          )}
        </ol>
      </div>
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
          ${
            this.chat?.phase === 'chat'
              ? html`<button type="button" @click=${() => this.chat?.retry(line.id)}>
                  ${t.retry}
                </button>`
              : nothing
          }</span
        >`;
    }
  }

  private renderRating() {
    const chat = this.chat!;
    const t = this.t;
    if (chat.rated) return html`<p role="status">${t.rateThanks}</p>`;
    if (!chat.ratingTicket) return nothing;
    return html`
      <div class="rating" role="group" aria-labelledby="rate-question">
        <p id="rate-question">${t.rateQuestion}</p>
        ${([3, 2, 1] as const).map(
          (score) => html`
            <button class="secondary" type="button" @click=${() => void chat.rate(score)}>
              ${t.rate(score)}
            </button>
          `,
        )}
      </div>
    `;
  }

  private start(route: Route): void {
    void this.chat?.start(route, this.language);
  }

  private saveDetails(event: Event): void {
    const form = event.currentTarget as HTMLFormElement;
    const data = new FormData(form);
    const topic = data.get('topic');
    const lang = data.get('lang');
    const details: { topic?: Topic; lang?: Language } = {};
    if (typeof topic === 'string' && (TOPICS as readonly string[]).includes(topic)) {
      details.topic = topic as Topic;
    }
    if (typeof lang === 'string' && (LANGUAGES as readonly string[]).includes(lang)) {
      details.lang = lang as Language;
    }
    void this.chat?.details(details).then((saved) => (this.detailsSaved = saved));
  }

  private chooseLanguage(event: Event): void {
    const code = (event.target as HTMLSelectElement).value;
    if (!(WIDGET_LANGUAGES as string[]).includes(code)) return;
    this.dispatchEvent(
      new CustomEvent('jour-chat-language', { detail: code, bubbles: true, composed: true }),
    );
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

  private emit(type: 'jour-chat-hide' | 'jour-chat-closed' | 'jour-chat-quick-exit'): void {
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
    'jour-chat-language': CustomEvent<string>;
    'jour-chat-state': CustomEvent<PanelState>;
  }
}

if (!customElements.get('jour-chat-panel')) customElements.define('jour-chat-panel', JourChatPanel);

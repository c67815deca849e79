import { LitElement, html, nothing, type PropertyValues } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import {
  CATALOGUES,
  DEFAULT_PHONE,
  LANGUAGE_NAMES,
  WIDGET_LANGUAGES,
  htmlLang,
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
import type { Helpline, NextOpening, RouteStatus } from '../../shared/protocol/settings.js';
import { safetyWordsIn } from '../../shared/crypto/safety-words.js';
import type * as JoinUiModule from './jour-join.js';
import type { CurrentJoin } from './visitor-join.js';

/** The join's screen and texts (§23), loaded with the first ask. */
type JoinUi = typeof JoinUiModule;

/** What the frame tells the launcher: whether a chat goes on, and unseen messages. */
export interface PanelState {
  active: boolean;
  unread: number;
}

/** How often the intro and queue screens ask again whether a route is open and staffed. */
const STATUS_REFRESH_MS = 30_000;
/** The last few messages announced stay in the live region; older ones go. */
const ANNOUNCEMENTS_KEPT = 10;

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
 * @csspart call-112 - the large "Call 112" link shown to a visitor in danger
 */
export class JourChatPanel extends LitElement {
  static override styles = panelStyles;

  @property() language: WidgetLanguage = 'sv';
  @property() origin = '';
  /** On screen; while not, the volunteer's new messages are counted as unread. */
  @property({ type: Boolean }) shown = true;
  /** The route a letter goes to when the visitor left the queue to write instead. */
  @state() private letterRoute?: Route;

  @query('h2') private heading?: HTMLElement;
  @query('textarea') private composer?: HTMLTextAreaElement;
  @query('.log') private log?: HTMLElement;

  @state() private showSafetyWords = false;
  @state() private detailsSaved = false;
  /** "End chat" was pressed: the confirmation is open. */
  @state() private confirmingEnd = false;
  /**
   * The mailbox's screens are open (jour-mailbox.ts, loaded when first asked for):
   * a new letter, or "I have a code". Only from the intro, while no chat goes on.
   */
  @state() private mailbox?: 'write' | 'code';
  /**
   * The answer to "Are you in danger right now?", if any (it is optional): yes puts
   * the visitor first in the queue. Kept only here, gone with the chat or a quick exit.
   */
  @state() private inDanger?: boolean;
  /** The volunteer's messages as the live region says them, newest last, each once. */
  @state() private announcements: { id: number; text: string }[] = [];
  @state() private joinUi?: JoinUi;

  private chat?: VisitorChatController;
  private draft = '';
  private statusTimer?: ReturnType<typeof setInterval>;
  private previousPhase = '';
  /** The volunteer's messages the visitor has had on screen. */
  private seenTheirs = 0;
  private reported = { active: false, unread: 0 };
  /** The controller's count of arrived messages at the last render (see announceMessages). */
  private arrivedSeen?: number;
  private announced = 0;
  /**
   * The last join note said and the last question shown (see announceJoins): by note id
   * and by the ask itself, as join numbers start again with every chat.
   */
  private joinNoteSeen = 0;
  private joinAskSeen?: CurrentJoin;
  /**
   * The log follows the newest message while the visitor is at the end of it, also when
   * it shrinks (a phone's keyboard opening, the message box growing); not while they
   * have scrolled back to read.
   */
  private atEnd = true;
  private readonly logSize = new ResizeObserver(() => this.keepAtEnd());
  private observedLog?: HTMLElement;

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
    // Waiting too: the queue screen says so when nobody is on duty.
    this.statusTimer = setInterval(() => {
      if (this.chat?.phase === 'idle' || this.chat?.phase === 'queued') {
        void this.chat.refreshStatus();
      }
    }, STATUS_REFRESH_MS);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearInterval(this.statusTimer);
    this.logSize.disconnect();
    this.observedLog = undefined;
  }

  protected override willUpdate(): void {
    this.setAttribute('aria-label', this.t.title);
    this.setAttribute('dir', this.t.dir);
    this.setAttribute('lang', htmlLang(this.language));
    if (this.chat?.phase !== 'chat') this.confirmingEnd = false;
    if (this.chat?.joins && !this.joinUi) {
      void import('./jour-join.js').then((ui) => (this.joinUi = ui));
    }
    this.announceMessages();
  }

  /**
   * What is said, and how, once each, in the panel's language. The volunteer's new
   * messages go to a live region of their own: the log is not live, or a history sent
   * again, or a re-render, would have it read anew. What the panel shows as news is
   * live where it is shown: the notices (a hand-over, its question, back in the queue,
   * a dropped line) and the place in the queue. Who you talk with describes the message
   * box focus moves to when the chat starts; the end is said by moving focus to it.
   */
  private announceMessages(): void {
    const chat = this.chat;
    if (!chat) return;
    const before = this.arrivedSeen;
    this.arrivedSeen = chat.arrived;
    const fresh = before === undefined ? 0 : chat.arrived - before;
    if (fresh <= 0) return;
    // Messages come at the end of the lines: the last `fresh` of the volunteer's are new.
    const theirs = chat.lines.filter((line) => line.from !== 'me').slice(-fresh);
    this.announce(
      theirs.map((line) => this.t.announceMessage(line.by ?? chat.counsellorAlias, line.text)),
    );
  }

  /** Says what the live region should, in the panel's language. */
  private announce(texts: readonly string[]): void {
    // A new array is a change: nothing to say must not render again (and again).
    if (texts.length === 0) return;
    this.announcements = [
      ...this.announcements,
      ...texts.map((text) => ({ id: ++this.announced, text })),
    ].slice(-ANNOUNCEMENTS_KEPT);
  }

  /**
   * A join's news, once each (§23): what the conversation says of it goes to the live
   * region; a new question takes focus, unless the visitor is writing, when it is only
   * said (focus is not pulled out of a half-written message).
   */
  private announceJoins(ui: JoinUi): void {
    const joins = this.chat?.joins;
    if (!joins) return;
    const fresh = joins.notes.filter((note) => note.id > this.joinNoteSeen);
    this.joinNoteSeen = joins.notes.at(-1)?.id ?? this.joinNoteSeen;
    this.announce(fresh.map((note) => ui.joinNoteText(this.language, note)));
    const join = joins.current;
    if (join?.stage !== 'asking' || join === this.joinAskSeen) return;
    this.joinAskSeen = join;
    const writing =
      this.draft.trim() !== '' && this.renderRoot.querySelector(':focus') === this.composer;
    if (writing) this.announce([ui.joinQuestionText(this.language, join.alias)]);
    else void this.renderRoot.querySelector('jour-join')?.focusQuestion();
  }

  private noticeText(notice: NonNullable<VisitorChatController['notice']>): string {
    const t = this.t;
    switch (notice.kind) {
      case 'resumed':
        return t.resumed;
      case 'counsellorBack':
        return t.counsellorBack;
      case 'handedOver':
        return t.handedOver(notice.alias);
      case 'unverified':
        return t.unverified;
      case 'requeued':
        return notice.reason === 'transferred' ? t.handedBack : t.requeued;
    }
  }

  /** Moves focus into the panel (on open). */
  async focusStart(): Promise<void> {
    await this.updateComplete;
    (this.chat?.phase === 'chat' ? this.composer : this.heading)?.focus();
  }

  /** Forgets the chat entirely, and the mailbox's code, keys and letters with it. */
  wipe(): void {
    this.closeMailbox();
    this.chat?.wipe();
    this.draft = '';
    this.inDanger = undefined;
  }

  /**
   * Opens the mailbox's screens, loading them (and the code's cryptography) the first
   * time: the frame's first load does not carry them.
   */
  private async openMailbox(start: 'write' | 'code'): Promise<void> {
    await import('./jour-mailbox.js');
    if (this.chat?.phase === 'idle') this.mailbox = start;
  }

  /** Back to the intro: the mailbox's element wipes what it held as it goes. */
  private closeMailbox(): void {
    this.renderRoot.querySelector('jour-mailbox')?.wipe();
    this.mailbox = undefined;
    this.letterRoute = undefined;
  }

  /** Whether a letter on this route can be offered: the mailbox is on and someone reads it. */
  private canWrite(route: Route): boolean {
    const chat = this.chat;
    return chat?.status?.mailbox !== undefined && chat.mailboxRoutes.includes(route);
  }

  /**
   * Nobody is on duty: a letter instead of the wait. The place in the queue goes as on
   * close (nothing of the chat is kept), the connection starts again, and the letter's
   * screen opens on the route the visitor waited on.
   */
  private async writeInstead(route: Route): Promise<void> {
    const chat = this.chat;
    if (!chat) return;
    chat.wipe();
    await chat.open();
    await chat.refreshStatus();
    if (!chat.mailboxRoutes.includes(route)) return;
    this.letterRoute = route;
    await this.openMailbox('write');
  }

  private leaveMailbox(): void {
    this.closeMailbox();
    void this.updateComplete.then(() => this.heading?.focus());
  }

  protected override updated(changed: PropertyValues): void {
    super.updated(changed);
    const phase = this.chat?.phase ?? '';
    if (changed.has('confirmingEnd') && changed.get('confirmingEnd') !== undefined) {
      // Into the question on the safe answer; back to the button that asked it.
      if (this.confirmingEnd) this.renderRoot.querySelector<HTMLElement>('.keep')?.focus();
      else if (phase === 'chat') this.renderRoot.querySelector<HTMLElement>('.end')?.focus();
    }
    if (phase !== this.previousPhase) {
      // Waiting: is anyone on duty? The intro's answer may be half a minute old.
      if (phase === 'queued') void this.chat?.refreshStatus();
      this.previousPhase = phase;
      // Focus goes where the news is: the composer in a chat, else what the new
      // screen says first (the place in the queue, that the chat ended), else the title.
      const target = this.renderRoot.querySelector<HTMLElement>('[data-focus]');
      if (phase === 'chat') this.composer?.focus();
      else (target ?? this.heading)?.focus();
    }
    if (this.log !== this.observedLog) {
      if (this.observedLog) this.logSize.unobserve(this.observedLog);
      if (this.log) this.logSize.observe(this.log);
      this.observedLog = this.log;
      this.atEnd = true;
    }
    this.keepAtEnd();
    if (this.joinUi) this.announceJoins(this.joinUi);
    this.reportState();
  }

  private keepAtEnd(): void {
    if (this.log && this.atEnd) this.log.scrollTop = this.log.scrollHeight;
  }

  private onLogScroll(): void {
    const log = this.log;
    if (log) this.atEnd = log.scrollTop + log.clientHeight >= log.scrollHeight - 24;
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
        <p class="danger">${this.callable(t.danger, '112')}</p>
        <label class="language">
          <span class="visually-hidden">${t.languageLabel}</span>
          <select @change=${this.chooseLanguage}>
            ${WIDGET_LANGUAGES.map(
              (code) =>
                html`<option
                  value=${code}
                  lang=${htmlLang(code)}
                  ?selected=${code === this.language}
                >
                  ${LANGUAGE_NAMES[code]}
                </option>`,
            )}
          </select>
        </label>
      </div>
      <main class=${this.mailbox ? 'mailbox' : (this.chat?.phase ?? '')}>
        ${this.renderNotices()} ${this.renderPhase()}
      </main>
      <footer><p class="muted">${t.quickExitHint}</p></footer>
      <div class="visually-hidden" aria-live="polite" data-testid="announcer">
        ${repeat(
          this.announcements,
          (said) => said.id,
          (said) => html`<p>${said.text}</p>`,
        )}
      </div>
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

  /**
   * News while waiting or chatting, live where it is shown and kept in place across
   * screens, so each is read once when it comes: back in the queue, a dropped line, a
   * hand-over and its question, what the visitor answered.
   */
  private renderNotices() {
    const chat = this.chat;
    const t = this.t;
    const waiting = chat?.phase === 'queued' || chat?.phase === 'keying' || chat?.phase === 'chat';
    const notice = waiting ? chat.notice : undefined;
    return html`
      <div class="notices" aria-live="polite" data-testid="notices">
        ${waiting && chat.reconnecting ? html`<p class="alert">${t.reconnecting}</p>` : nothing}
        ${waiting && chat.counsellorAway ? html`<p class="alert">${t.counsellorAway}</p>` : nothing}
        ${
          notice
            ? html`<p class=${notice.kind === 'unverified' ? 'alert' : 'notice'}>
                ${this.noticeText(notice)}
              </p>`
            : nothing
        }
        ${waiting && chat.shareQuestion === 'shared' ? html`<p class="notice">${t.shared}</p>` : nothing}
        ${waiting && chat.shareQuestion === 'kept' ? html`<p class="notice">${t.kept}</p>` : nothing}
        ${
          waiting && chat.shareQuestion === 'asking'
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
      </div>
    `;
  }

  private renderPhase() {
    const chat = this.chat;
    const t = this.t;
    if (!chat) return nothing;
    const route = chat.route ?? 'adult';
    switch (chat.phase) {
      case 'idle':
        return this.mailbox ? this.renderMailbox(this.mailbox) : this.renderIntro();
      case 'connecting':
        return html`<p role="status">${t.connecting}</p>`;
      case 'queued': {
        const unstaffed = chat.status?.routes[route].available === 0;
        return html`
          <div class="waiting">
            <p class="position" tabindex="-1" data-focus aria-live="polite">
              ${t.queuePosition(chat.position)}
            </p>
            <p class="unstaffed" aria-live="polite">${unstaffed ? t.nobodyOnDuty : nothing}</p>
          </div>
          ${
            unstaffed && this.canWrite(route)
              ? html`<div class="mailbox-offer">
                  <p>${t.mailboxOffer(chat.status?.mailbox?.answerWithinDays ?? 0)}</p>
                  <button
                    class="secondary"
                    type="button"
                    @click=${() => void this.writeInstead(route)}
                  >
                    ${t.writeInstead}
                  </button>
                </div>`
              : nothing
          }
          ${
            chat.estimateSeconds && !unstaffed
              ? html`<p>${t.estimate(Math.ceil(chat.estimateSeconds / 60))}</p>`
              : nothing
          }
          <p class="muted">${this.callable(t.phone(this.phone(route)), this.phone(route))}</p>
          <div>
            <button class="secondary" type="button" @click=${this.end}>${t.leaveQueue}</button>
          </div>
          ${this.renderDetails()}
        `;
      }
      case 'keying':
        return html`<p role="status">${t.keying}</p>`;
      case 'chat':
        return this.renderChat();
      case 'ended':
        return html`
          <p tabindex="-1" data-focus>
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

  /**
   * The first screen. What it says follows what is true now: with every route closed,
   * when each opens, whom to call and who answers around the clock (no "also", nothing
   * to choose); with some open, the choice, said once if nobody is on duty.
   */
  private renderIntro() {
    const chat = this.chat!;
    const t = this.t;
    const routes = chat.status?.routes;
    const open = ROUTES.filter((route) => !routes || routes[route].open);
    const closed = ROUTES.filter((route) => routes && !routes[route].open);
    // Said once above the choice when it holds for every open route, else beside its route.
    const nobodyAnywhere =
      routes !== undefined &&
      open.length > 0 &&
      open.every((route) => routes[route].available === 0);
    return html`
      ${
        chat.error
          ? html`<p class="alert" role="alert">
              ${this.callable(
                t.error(chat.error, this.phone(chat.route ?? 'adult')),
                this.phone(chat.route ?? 'adult'),
              )}
            </p>`
          : nothing
      }
      ${
        this.serviceNotice(chat.status?.notice)
          ? html`<p class="notice" data-testid="service-notice">
              ${this.serviceNotice(chat.status?.notice)}
            </p>`
          : nothing
      }
      ${
        open.length > 0
          ? html`<p>${t.intro}</p>
              <p>${t.anonymous}</p>`
          : html`<p class="lead">${this.allClosedToday() ? t.closedToday : t.allClosed}</p>`
      }
      ${nobodyAnywhere ? html`<p class="notice">${t.nobodyAvailable}</p>` : nothing}
      ${open.length > 0 ? this.renderDanger() : nothing}
      ${open.length > 1 ? html`<p>${t.chooseRoute}</p>` : nothing}
      <div class="choices">
        ${open.map((route) => this.renderOpenRoute(route, !nobodyAnywhere))}
        ${closed.map((route) => this.renderClosedRoute(route, open.length === 0))}
      </div>
      ${this.renderMailboxOffer()} ${this.renderHelplines(closed)}
    `;
  }

  /**
   * "Are you in danger right now?", beside the route choice and never required. Yes
   * shows 112 large: a link a phone calls, its number written for a computer; the chat
   * stays on offer, and the visitor goes first in the queue. No changes nothing.
   */
  private renderDanger() {
    const t = this.t;
    return html`
      <fieldset class="danger-question">
        <legend>${t.dangerQuestion}</legend>
        <div class="answers" @change=${this.answerDanger}>
          <label class="radio">
            <input type="radio" name="danger" value="yes" .checked=${this.inDanger === true} />
            ${t.dangerYes}
          </label>
          <label class="radio">
            <input type="radio" name="danger" value="no" .checked=${this.inDanger === false} />
            ${t.dangerNo}
          </label>
        </div>
      </fieldset>
      <div class="danger-answer" aria-live="polite">
        ${
          this.inDanger
            ? html`<a class="call-112" part="call-112" href="tel:112">${t.dangerCall}</a>
                <p>${t.dangerStillChat}</p>`
            : nothing
        }
      </div>
    `;
  }

  private answerDanger(event: Event): void {
    const value = (event.target as HTMLInputElement).value;
    this.inDanger = value === 'yes';
  }

  /**
   * A letter instead of a chat, offered only when the server says someone can read it
   * (`mailbox:readers`); and the way back to one with the code, once the service's
   * status is known.
   */
  private renderMailboxOffer() {
    const chat = this.chat!;
    const t = this.t;
    const days = chat.status?.mailbox?.answerWithinDays;
    if (!chat.status) return nothing;
    const offer = days !== undefined && chat.mailboxRoutes.length > 0;
    return html`
      <div class="mailbox-offer">
        ${
          offer
            ? html`<p>${t.mailboxOffer(days)}</p>
                <button class="secondary" type="button" @click=${() => this.openMailbox('write')}>
                  ${t.writeToUs}
                </button>`
            : nothing
        }
        <button class="link" type="button" @click=${() => this.openMailbox('code')}>
          ${t.haveCode}
        </button>
      </div>
    `;
  }

  private renderMailbox(start: 'write' | 'code') {
    const chat = this.chat!;
    return html`<jour-mailbox
      .ask=${chat.askMailbox}
      .routes=${this.letterRoute ? [this.letterRoute] : chat.mailboxRoutes}
      .answerWithinDays=${chat.status?.mailbox?.answerWithinDays ?? 3}
      .start=${start}
      language=${this.language}
      @jour-mailbox-leave=${this.leaveMailbox}
    ></jour-mailbox>`;
  }

  /** A route that takes chats: its button, the wait, and its phone line beside it. */
  private renderOpenRoute(route: Route, sayUnstaffed: boolean) {
    const t = this.t;
    const status: RouteStatus | undefined = this.chat?.status?.routes[route];
    const label = route === 'adult' ? t.routeAdult : t.routeYouth;
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
        ${sayUnstaffed && status?.available === 0 ? html`<p>${t.nobodyAvailable}</p>` : nothing}
        ${
          status?.estimateSeconds && status.available > 0
            ? html`<p class="muted">${t.estimate(Math.ceil(status.estimateSeconds / 60))}</p>`
            : nothing
        }
        <p class="muted">${this.callable(t.phone(this.phone(route)), this.phone(route))}</p>
      </div>
    `;
  }

  /** A closed route: when its chat opens, and its phone line (with its hours, if set). */
  private renderClosedRoute(route: Route, allClosed: boolean) {
    const t = this.t;
    const status = this.chat!.status!.routes[route];
    const when = this.opensWhen(status.nextOpening);
    // Closed by a date exception: "closed today", unless the lead above said it already.
    const opening =
      status.closedToday && !(allClosed && this.allClosedToday())
        ? [t.closedToday, when && t.opens(when)].filter(Boolean).join(' ')
        : allClosed
          ? when && t.opens(when)
          : when
            ? t.closedUntil(when)
            : t.closedForNow;
    return html`
      <div class="route closed">
        <p class="route-name">${t.routeName(route)}</p>
        ${opening ? html`<p>${opening}</p>` : nothing}
        <p>${this.callable(this.phoneLine(status), status.phone)}</p>
      </div>
    `;
  }

  /** Whether every route is closed all of today by a date exception. */
  private allClosedToday(): boolean {
    const routes = this.chat?.status?.routes;
    return routes !== undefined && ROUTES.every((route) => routes[route].closedToday);
  }

  /** "tomorrow at 09:00", "on Monday at 09:00"; with the date when a week or more ahead. */
  private opensWhen(next: NextOpening | undefined): string | undefined {
    if (!next) return undefined;
    const t = this.t;
    const weekday = t.weekdays[next.weekday] ?? '';
    const day = next.date ? `${weekday} ${t.dayOfMonth(next.date)}` : weekday;
    return t.opensAt(next.inDays, day, next.time);
  }

  /** "Call …", and whether the line answers now when the settings say when it does. */
  private phoneLine(status: RouteStatus): string {
    const t = this.t;
    const line = status.phoneLine;
    if (!line || line.open) return line ? t.callNow(status.phone) : t.call(status.phone);
    const when = this.opensWhen(line.nextOpening);
    return when ? t.phoneOpens(status.phone, when) : t.call(status.phone);
  }

  /**
   * The lines open around the clock of the closed routes, each once; one that only a
   * route lists says which (BRIS is for the under 20s).
   */
  private renderHelplines(closed: readonly Route[]) {
    const t = this.t;
    const routes = this.chat?.status?.routes;
    if (!routes || closed.length === 0) return nothing;
    const lines = new Map<string, { line: Helpline; routes: Route[] }>();
    for (const route of closed) {
      for (const line of routes[route].helplines) {
        const key = `${line.name}\u0000${line.phone}`;
        const entry = lines.get(key) ?? { line, routes: [] };
        entry.routes.push(route);
        lines.set(key, entry);
      }
    }
    if (lines.size === 0) return nothing;
    return html`
      <div class="helplines">
        <p id="helplines-heading">${t.aroundTheClock}</p>
        <ul aria-labelledby="helplines-heading">
          ${[...lines.values()].map(
            ({ line, routes: only }) => html`
              <li>
                <span class="helpline-name">${line.name}</span>${
                  closed.length > 1 && only.length === 1
                    ? html` <span class="muted">(${t.routeName(only[0]!)})</span>`
                    : nothing
                }
                ${this.callable(line.phone, line.phone)}
              </li>
            `,
          )}
        </ul>
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
            (code) =>
              html`<option value=${code} lang=${htmlLang(code)}>${LANGUAGE_NAMES[code]}</option>`,
          )}
        </select>
        <p class="muted" role="status">${this.detailsSaved ? t.detailsSaved : nothing}</p>
      </form>
    `;
  }

  /**
   * The conversation: a slim bar (who, safety words, End chat), the log taking the
   * room, and the message box with Send always at the bottom.
   */
  private renderChat() {
    const chat = this.chat!;
    const t = this.t;
    return html`
      <div class="chat-bar">
        <p class="with">
          <span id="talking-with">${t.talkingWith(chat.counsellorAlias)}</span>
          <button
            class="link"
            type="button"
            aria-expanded=${this.showSafetyWords ? 'true' : 'false'}
            @click=${() => (this.showSafetyWords = !this.showSafetyWords)}
          >
            ${this.showSafetyWords ? t.hideSafetyWords : t.showSafetyWords}
          </button>
        </p>
        <button
          class="secondary end"
          type="button"
          aria-expanded=${this.confirmingEnd ? 'true' : 'false'}
          @click=${() => (this.confirmingEnd = true)}
        >
          ${t.endChat}
        </button>
      </div>
      ${this.confirmingEnd ? this.renderConfirmEnd() : nothing}
      ${
        this.joinUi && (chat.joins?.current || chat.joins?.notes.length)
          ? html`<jour-join
              language=${this.language}
              counsellor=${chat.counsellorAlias}
              .join=${chat.joins.current}
              @jour-join-answer=${this.answerJoin}
              @jour-join-remove=${this.removeMember}
            ></jour-join>`
          : nothing
      }
      ${
        this.showSafetyWords
          ? html`<p class="safety">
              ${t.safetyWords}:
              <strong data-testid="safety-words" dir="auto"
                >${safetyWordsIn(this.language, chat.safetyIndices).join(' ')}</strong
              >
              <br /><span class="muted">${t.safetyWordsHint}</span>
            </p>`
          : nothing
      }
      ${this.renderLog(chat.lines)}
      <p class="typing">${chat.peerTyping ? t.typing(chat.counsellorAlias) : nothing}</p>
      <form class="composer" @submit=${this.submit}>
        <label class="visually-hidden" for="message">${t.message}</label>
        <textarea
          id="message"
          dir="auto"
          rows="1"
          maxlength="2000"
          placeholder=${t.message}
          aria-describedby="talking-with"
          .value=${this.draft}
          @input=${this.onInput}
          @keydown=${this.onKeydown}
        ></textarea>
        <button class="primary" part="primary-button" type="submit">${t.send}</button>
      </form>
    `;
  }

  /**
   * "End chat" asks first, in a dialog that leaves the rest usable (quick exit above
   * all). One Escape answers "keep chatting"; two in a row are still quick exit.
   */
  private renderConfirmEnd() {
    const t = this.t;
    return html`
      <dialog
        open
        class="confirm"
        aria-labelledby="confirm-title"
        aria-describedby="confirm-text"
        @keydown=${this.onConfirmKeydown}
      >
        <p id="confirm-title" class="confirm-title">${t.confirmEndTitle}</p>
        <p id="confirm-text">${t.confirmEndText}</p>
        <div class="confirm-actions">
          <button class="secondary keep" type="button" @click=${this.keepChatting}>
            ${t.keepChatting}
          </button>
          <button class="stop" type="button" @click=${this.end}>${t.endChat}</button>
        </div>
      </dialog>
    `;
  }

  private renderLog(lines: readonly ChatLine[]) {
    const t = this.t;
    // Who joined or left the chat (§23), said where it happened, among the lines.
    const notes = this.joinUi ? (this.chat?.joins?.notes ?? []) : [];
    const notesAfter = (after?: string) =>
      notes
        .filter((note) => note.after === after)
        .map(
          (note) => html`<li class="note">${this.joinUi!.joinNoteText(this.language, note)}</li>`,
        );
    return html`
      <div
        class="log"
        role="log"
        aria-live="off"
        aria-label=${t.messages}
        tabindex="0"
        @scroll=${this.onLogScroll}
      >
        <ol>
          ${notesAfter()}
          ${lines.map(
            (line) => html`
              <li class=${line.from} part=${line.from === 'me' ? 'message-mine' : 'message-theirs'}>
                ${this.renderAuthor(line)}<span class="text" dir="auto">${line.text}</span
                >${this.renderState(line)}
              </li>
              ${notesAfter(line.id)}
            `,
          )}
        </ol>
      </div>
    `;
  }

  /**
   * Who wrote a line: said to a screen reader; shown too when it is not the volunteer
   * of the chat (a supervisor who joined, a volunteer from before a hand-over).
   */
  private renderAuthor(line: ChatLine) {
    const t = this.t;
    if (line.from === 'me') return html`<span class="visually-hidden">${t.you}:</span>`;
    if (!line.by || line.by === this.chat?.counsellorAlias) {
      return html`<span class="visually-hidden">${t.counsellor}:</span>`;
    }
    return html`<span class="by" dir="auto"
      >${line.by}<span class="visually-hidden">:</span></span
    >`;
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
    void this.chat?.start(route, this.language, this.inDanger === true);
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

  /** The service's notice in the panel's language; lättläst without one of its own gets the Swedish. */
  private serviceNotice(notice: Partial<Record<Language, string>> | undefined): string | undefined {
    return notice?.[this.language] ?? (this.language === 'sv-x-easy' ? notice?.sv : undefined);
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
    this.atEnd = true;
    this.chat?.send(this.draft);
    this.draft = '';
    if (this.composer) this.composer.value = '';
  }

  /** The question goes with the answer: focus goes back to the message box, not to nowhere. */
  private answerJoin(event: CustomEvent<boolean>): void {
    this.composer?.focus();
    void this.chat?.joins?.answer(event.detail);
  }

  /** The button goes with the member: focus goes back to the message box. */
  private removeMember(): void {
    this.composer?.focus();
    void this.chat?.joins?.remove();
  }

  private end(): void {
    this.confirmingEnd = false;
    void this.chat?.end();
  }

  private keepChatting(): void {
    this.confirmingEnd = false;
  }

  private onConfirmKeydown(event: KeyboardEvent): void {
    if (event.key !== 'Escape') return;
    // Not stopped: the frame still counts it towards a double Escape (quick exit).
    event.preventDefault();
    this.keepChatting();
  }

  private close(): void {
    this.wipe();
    this.emit('jour-chat-closed');
  }

  private hide(): void {
    // Hidden is not closed: like a chat, the mailbox's screen waits in memory for the
    // visitor to come back (a return code shown once must not vanish with a discreet ✕).
    // Closing and quick exit wipe it.
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

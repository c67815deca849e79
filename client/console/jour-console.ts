import { LitElement, html, nothing } from 'lit';
import { state } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import type { AckResult } from '../../shared/protocol/errors.js';
import type { SessionInfo } from '../../shared/protocol/schemas.js';
import { badgeStyles, baseStyles, panelStyles } from './console.styles.js';
import { Announcer } from './announcer.js';
import { CounsellorController, type ChatEvent } from './counsellor.controller.js';
import { CATALOGUES, consoleLanguage, type ConsoleLanguage, type ConsoleMessages } from './i18n.js';
import { ADMIN_CATALOGUES, type AdminMessages } from './admin/admin-i18n.js';
import type { View } from './jour-console-nav.js';
import { consoleStyles } from './jour-console.styles.js';
import { QueueNotifier } from './notifier.js';
import './admin/jour-accounts.js';
import './admin/jour-audit.js';
import './admin/jour-board.js';
import './admin/jour-link.js';
import './admin/jour-my-account.js';
import './admin/jour-settings.js';
import './admin/jour-stats.js';
import './jour-chat-view.js';
import './jour-console-nav.js';
import type { SignedIn } from './jour-login.js';
import './jour-login.js';
import './jour-staff-mailbox.js';
import './jour-queue-panel.js';
import './jour-whisper-requests.js';

/** A one-time link's token, from `#invite=…` or `#reset=…`, taken out of the address bar. */
function takeLinkToken(): string | undefined {
  const match = /^#(?:invite|reset)=([A-Za-z0-9_-]{43})$/.exec(location.hash);
  if (!match) return undefined;
  history.replaceState(null, '', location.pathname + location.search);
  return match[1];
}

/**
 * The counsellor console: sign-in, presence, the queue per route, and the chats as
 * tabs. Nothing it shows identifies a visitor.
 */
export class JourConsole extends LitElement {
  static override styles = [baseStyles, badgeStyles, panelStyles, consoleStyles];

  @state() private account?: SessionInfo;
  @state() private checked = false;
  @state() private selected?: string;
  @state() private now = Date.now();
  @state() private view: View = 'chats';
  @state() private linkToken? = takeLinkToken();
  /** The console's language: from the address, and switched in place (a link's token stays). */
  @state() private language: ConsoleLanguage = consoleLanguage(location.search);

  private get t(): ConsoleMessages {
    return CATALOGUES[this.language];
  }

  private get a(): AdminMessages {
    return ADMIN_CATALOGUES[this.language];
  }
  private readonly live = new CounsellorController(this, () => {
    this.account = undefined;
  });
  private readonly notifier = new QueueNotifier(this, this.live, () => this.t);
  private readonly announcer = new Announcer(this);
  private ticker?: ReturnType<typeof setInterval>;

  override connectedCallback(): void {
    super.connectedCallback();
    this.live.onChatEvent = (event) => this.announce(event);
    this.live.whisper.onRequest = ({ from }) => {
      this.announcer.say(this.t.whisper.asked(from));
      this.notifier.alert(this.t.whisper.asked(from), 'jourchatt-whisper');
    };
    document.documentElement.lang = this.language;
    document.title = this.t.title;
    this.ticker = setInterval(() => (this.now = Date.now()), 1000);
    window.addEventListener('hashchange', this.onHashChange);
    document.addEventListener('visibilitychange', this.onVisibilityChange);
    // A browser lets a page make sound only after a click or a key in it.
    this.addEventListener('pointerdown', this.unlockSound);
    this.addEventListener('keydown', this.unlockSound);
    void this.restoreSession();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearInterval(this.ticker);
    window.removeEventListener('hashchange', this.onHashChange);
    document.removeEventListener('visibilitychange', this.onVisibilityChange);
    this.removeEventListener('pointerdown', this.unlockSound);
    this.removeEventListener('keydown', this.unlockSound);
  }

  /** One sentence in the live region, in the console's language, naming the chat by its tab. */
  private announce(event: ChatEvent): void {
    const t = this.t;
    const chats = [...this.live.chats.values()];
    const index = chats.findIndex((chat) => chat.accepted.chatId === event.chatId);
    const chat = chats[index];
    if (!chat) return;
    const name = t.chatTab(index + 1, chat.accepted.route);
    switch (event.kind) {
      case 'message':
        return this.announcer.say(t.announceMessage(name));
      case 'handover':
        return this.announcer.say(t.announceHandover(event.fromAlias, name));
      case 'ended':
        return this.announcer.say(t.announceEnded(name, event.reason));
    }
  }

  private readonly onVisibilityChange = (): void => this.requestUpdate();

  private readonly unlockSound = (): void => this.notifier.unlockSound();

  private onPhrasesChanged(): void {
    void this.live.loadPhrases();
  }

  /** A one-time link opened in a tab where the console is already open. */
  private readonly onHashChange = (): void => {
    const token = takeLinkToken();
    if (!token) return;
    this.linkToken = undefined;
    void this.updateComplete.then(() => (this.linkToken = token));
  };

  private async restoreSession(): Promise<void> {
    try {
      const response = await fetch('/api/session', { credentials: 'same-origin' });
      const body = (await response.json()) as AckResult<SessionInfo>;
      if (body.ok) this.signedIn(body.data);
    } finally {
      this.checked = true;
    }
  }

  /**
   * With the password of a sign-in just made, the account's mailbox key is opened
   * (or made) now; the password goes out of scope when that is done. A session
   * restored after a reload has no password: the mailbox asks for it.
   */
  private signedIn(account: SessionInfo, password?: string): void {
    this.account = account;
    this.live.alias = account.alias;
    void (password === undefined ? this.live.connect() : this.live.unlockMailbox(password));
  }

  /** The console in Swedish or English, each named in its own language. */
  private languageMenu() {
    const names: Record<ConsoleLanguage, string> = { sv: 'Svenska', en: 'English' };
    return html`<nav class="languages" aria-label=${this.t.languageMenu}>
      <ul>
        ${(Object.keys(CATALOGUES) as ConsoleLanguage[]).map(
          (lang) =>
            html`<li>
              <a
                href=${`?lang=${lang}`}
                lang=${lang}
                hreflang=${lang}
                aria-current=${lang === this.language ? 'true' : nothing}
                @click=${(event: Event) => this.switchLanguage(event, lang)}
                >${names[lang]}</a
              >
            </li>`,
        )}
      </ul>
    </nav>`;
  }

  /** In place, without a reload: a one-time link's token, already out of the address, stays. */
  private switchLanguage(event: Event, lang: ConsoleLanguage): void {
    event.preventDefault();
    this.language = lang;
    history.replaceState(null, '', `${location.pathname}?lang=${lang}`);
    document.documentElement.lang = lang;
    document.title = this.t.title;
  }

  override render() {
    if (this.linkToken) {
      return html`<header class="bare">${this.languageMenu()}</header>
        <jour-link
          .t=${this.a}
          .token=${this.linkToken}
          @jour-link-done=${() => (this.linkToken = undefined)}
        ></jour-link>`;
    }
    if (!this.checked) return nothing;
    if (!this.account) {
      return html`<header class="bare">${this.languageMenu()}</header>
        <jour-login
          .t=${this.t}
          @jour-signed-in=${(e: CustomEvent<SignedIn>) =>
            this.signedIn(e.detail.account, e.detail.password)}
        ></jour-login>`;
    }
    const t = this.t;
    return html`
      <header>
        <h1>${t.title}</h1>
        <span>${t.signedInAs(this.account.alias)}</span>
        ${this.languageMenu()}
        <button type="button" @click=${this.logOut}>${t.logOut}</button>
      </header>
      <jour-console-nav
        .t=${t}
        .a=${this.a}
        .accountRole=${this.account.role}
        .current=${this.view}
        .unread=${[...this.live.chats.values()].reduce((sum, chat) => sum + chat.unread, 0)}
        .letters=${this.live.mailbox.mailboxes.filter((m) => m.status === 'new').length}
        @jour-navigate=${(e: CustomEvent<View>) => (this.view = e.detail)}
      ></jour-console-nav>
      <main @jour-phrases-changed=${this.onPhrasesChanged}>
        <div
          class="visually-hidden"
          aria-live="polite"
          aria-atomic="false"
          aria-relevant="additions"
          data-testid="announcements"
        >
          ${repeat(
            this.announcer.announcements,
            (entry) => entry.id,
            (entry) => html`<p>${entry.text}</p>`,
          )}
        </div>
        ${this.renderAlerts()}
        ${this.live.connected ? nothing : html`<p class="alert" role="status">${t.disconnected}</p>`}
        ${
          this.account.role !== this.account.assignedRole
            ? html`<p class="alert" role="status">${this.a.totpRequired}</p>`
            : nothing
        }
        <jour-whisper-requests
          .t=${t}
          .controller=${this.live.whisper}
          .requests=${this.live.whisper.requests}
          .supported=${this.live.whisper.supported}
        ></jour-whisper-requests>
        ${
          this.view === 'chats'
            ? html`<div class="layout">
                ${this.renderQueue()}
                <section class="chats" aria-labelledby="chats-heading">
                  ${this.renderChats()}
                </section>
              </div>`
            : html`<div class="page">${this.renderView(this.account)}</div>`
        }
      </main>
    `;
  }

  /** A supervisor's alerts, on every screen until dismissed: names and routes, no content. */
  private renderAlerts() {
    const t = this.t;
    const alerts = this.live.alerts;
    if (alerts.length === 0) return nothing;
    return html`<section class="alerts" aria-labelledby="alerts-heading" data-testid="alerts">
      <h2 id="alerts-heading">${t.alertsHeading}</h2>
      ${alerts.map(
        (alert) =>
          html`<div class="alert staff-alert" role="alert">
            <span
              >${
                alert.kind === 'acute'
                  ? t.alertAcute(alert.alias, t.route(alert.route))
                  : t.alertDebrief(alert.alias)
              }</span
            >
            <button type="button" @click=${() => this.live.dismissAlert(alert.id)}>
              ${t.dismissAlert}
            </button>
          </div>`,
      )}
    </section>`;
  }

  private renderView(account: SessionInfo) {
    const a = this.a;
    switch (this.view) {
      case 'mailbox':
        return this.renderMailbox(account);
      case 'board':
        return html`<jour-board .t=${a} .alerts=${this.live.alerts.length}></jour-board>`;
      case 'stats':
        return html`<jour-stats .t=${a}></jour-stats>`;
      case 'settings':
        return html`<jour-settings .t=${a}></jour-settings>`;
      case 'accounts':
        return html`<jour-accounts .t=${a}></jour-accounts>`;
      case 'audit':
        return html`<jour-audit .t=${a}></jour-audit>`;
      default:
        return html`<jour-my-account
          .t=${a}
          .account=${account}
          .mailbox=${this.live.mailbox}
          @jour-session-changed=${(e: CustomEvent<SessionInfo>) => (this.account = e.detail)}
        ></jour-my-account>`;
    }
  }

  private renderMailbox(account: SessionInfo) {
    const mailbox = this.live.mailbox;
    return html`<jour-staff-mailbox
      .t=${this.t}
      .controller=${this.live}
      .mailbox=${mailbox}
      .mailboxes=${mailbox.mailboxes}
      .opened=${mailbox.opened}
      .keyState=${mailbox.keyring.state}
      .alias=${account.alias}
    ></jour-staff-mailbox>`;
  }

  private renderQueue() {
    const live = this.live;
    return html`<jour-queue-panel
      .t=${this.t}
      .controller=${live}
      .notifier=${this.notifier}
      .connected=${live.connected}
      .presence=${live.presence}
      .stats=${live.stats}
      .statsAt=${live.statsAt}
      .now=${this.now}
      @jour-queue-accepted=${this.onAccepted}
    ></jour-queue-panel>`;
  }

  private renderChats() {
    const t = this.t;
    const chats = [...this.live.chats.values()];
    const selectedId =
      this.selected && this.live.chats.has(this.selected)
        ? this.selected
        : chats[0]?.accepted.chatId;
    const selected = selectedId ? this.live.chats.get(selectedId) : undefined;
    return html`
      <h2 id="chats-heading">${t.chats}</h2>
      ${
        chats.length === 0
          ? html`<p class="muted">${t.noChats}</p>`
          : html`
              <div role="tablist" aria-labelledby="chats-heading">
                ${chats.map((chat, index) => {
                  const id = chat.accepted.chatId;
                  const isSelected = id === selectedId;
                  return html`<button
                    role="tab"
                    id=${`tab-${index}`}
                    aria-selected=${isSelected ? 'true' : 'false'}
                    aria-controls="chat-panel"
                    tabindex=${isSelected ? 0 : -1}
                    @click=${() => this.select(id)}
                    @keydown=${this.onTabKey}
                  >
                    ${t.chatTab(index + 1, chat.accepted.route)}
                    ${
                      chat.unread > 0 && !isSelected
                        ? html`<span class="badge">${t.unread(chat.unread)}</span>`
                        : nothing
                    }
                  </button>`;
                })}
              </div>
              <div role="tabpanel" id="chat-panel">
                ${
                  selected
                    ? html`<jour-chat-view
                        .t=${t}
                        .a=${this.a}
                        .alias=${this.account?.alias ?? ''}
                        .chat=${selected}
                        .controller=${this.live}
                      ></jour-chat-view>`
                    : nothing
                }
              </div>
            `
      }
    `;
  }

  /** The chat whose messages the counsellor sees now: on the Chats view, in a visible tab. */
  private chatOnScreen(): string | undefined {
    if (!this.account || this.view !== 'chats' || document.visibilityState === 'hidden') {
      return undefined;
    }
    const chats = [...this.live.chats.keys()];
    return this.selected && this.live.chats.has(this.selected) ? this.selected : chats[0];
  }

  protected override updated(): void {
    this.live.showing(this.chatOnScreen());
  }

  private select(chatId: string): void {
    this.selected = chatId;
  }

  private onTabKey(event: KeyboardEvent): void {
    if (event.key !== 'ArrowRight' && event.key !== 'ArrowLeft') return;
    const ids = [...this.live.chats.keys()];
    const current = ids.indexOf(this.selected ?? ids[0] ?? '');
    const step = event.key === 'ArrowRight' ? 1 : -1;
    const nextId = ids[(current + step + ids.length) % ids.length];
    if (!nextId) return;
    this.select(nextId);
    void this.updateComplete.then(() =>
      this.renderRoot.querySelector<HTMLElement>('[role="tab"][aria-selected="true"]')?.focus(),
    );
  }

  private async onAccepted(event: CustomEvent<string>): Promise<void> {
    this.selected = event.detail;
    await this.updateComplete;
    await this.renderRoot.querySelector('jour-chat-view')?.focusComposer();
  }

  private async logOut(): Promise<void> {
    await fetch('/api/session', { method: 'DELETE', credentials: 'same-origin' }).catch(
      () => undefined,
    );
    this.live.disconnect();
    this.announcer.clear();
    this.account = undefined;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'jour-console': JourConsole;
  }
}

if (!customElements.get('jour-console')) customElements.define('jour-console', JourConsole);

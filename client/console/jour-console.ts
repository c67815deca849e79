import { LitElement, css, html, nothing } from 'lit';
import { state } from 'lit/decorators.js';
import type { AckResult, ErrorCode } from '../../shared/protocol/errors.js';
import type { Role, Route, SessionInfo } from '../../shared/protocol/schemas.js';
import { baseStyles } from './console.styles.js';
import { CounsellorController } from './counsellor.controller.js';
import { CATALOGUES, consoleLanguage, formatDuration, type ConsoleMessages } from './i18n.js';
import { ADMIN_CATALOGUES, type AdminMessages } from './admin/admin-i18n.js';
import './admin/jour-accounts.js';
import './admin/jour-audit.js';
import './admin/jour-board.js';
import './admin/jour-link.js';
import './admin/jour-my-account.js';
import './admin/jour-settings.js';
import './admin/jour-stats.js';
import './jour-chat-view.js';
import './jour-login.js';

type View = 'chats' | 'board' | 'stats' | 'settings' | 'accounts' | 'audit' | 'account';

/** The screens, and the least role each needs (the server checks it again). */
const VIEWS: { view: View; least: Role }[] = [
  { view: 'chats', least: 'counsellor' },
  { view: 'board', least: 'supervisor' },
  { view: 'stats', least: 'supervisor' },
  { view: 'settings', least: 'supervisor' },
  { view: 'accounts', least: 'admin' },
  { view: 'audit', least: 'admin' },
  { view: 'account', least: 'counsellor' },
];
const RANK: Record<Role, number> = { counsellor: 0, supervisor: 1, admin: 2 };

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
  static override styles = [
    baseStyles,
    css`
      :host {
        display: block;
        min-height: 100vh;
        background: #f4f5f7;
      }
      header {
        display: flex;
        flex-wrap: wrap;
        align-items: center;
        gap: 1rem;
        padding: 0.75rem 1.5rem;
        background: #1d4f91;
        color: #ffffff;
      }
      header h1 {
        margin: 0;
        flex: 1;
        font-size: 1.25rem;
      }
      header button {
        border-color: #ffffff;
        background: transparent;
        color: #ffffff;
      }
      nav {
        background: #163c6e;
        padding: 0 1.5rem;
      }
      nav ul {
        display: flex;
        flex-wrap: wrap;
        gap: 0.25rem;
        list-style: none;
        margin: 0;
        padding: 0.375rem 0;
      }
      nav button {
        border: 0;
        background: transparent;
        color: #ffffff;
      }
      nav button[aria-current='page'] {
        background: #ffffff;
        color: #163c6e;
      }
      .page {
        padding: 1.5rem;
      }
      .layout {
        display: grid;
        grid-template-columns: minmax(16rem, 20rem) 1fr;
        gap: 1.5rem;
        padding: 1.5rem;
        align-items: start;
      }
      @media (max-width: 800px) {
        .layout {
          grid-template-columns: 1fr;
        }
      }
      section {
        background: #ffffff;
        border: 1px solid #d0d0d0;
        border-radius: 10px;
        padding: 1rem;
      }
      h2 {
        margin: 0 0 0.75rem;
        font-size: 1.125rem;
      }
      .switch {
        display: flex;
        align-items: center;
        gap: 0.5rem;
        font-weight: 600;
      }
      .switch input {
        width: 2.75rem;
        height: 1.5rem;
        accent-color: #1a7f37;
      }
      ul.routes {
        list-style: none;
        padding: 0;
        margin: 1rem 0;
        display: grid;
        gap: 0.75rem;
      }
      ul.routes li {
        padding: 0.5rem 0.75rem;
        border-inline-start: 4px solid #1d4f91;
        background: #f4f7fb;
      }
      .count {
        font-size: 1.5rem;
        font-weight: 700;
      }
      label.inline {
        display: flex;
        align-items: center;
        gap: 0.5rem;
        margin-block-start: 0.5rem;
      }
      label.inline select,
      label.inline input {
        font: inherit;
        min-height: 32px;
      }
      ol.waiting {
        margin: 0.5rem 0 0;
        padding-inline-start: 1.25rem;
        font-size: 0.875rem;
      }
      ul.routes ol.waiting li {
        padding: 0;
        border: 0;
        background: none;
      }
      .chats {
        display: flex;
        flex-direction: column;
        min-height: 32rem;
        height: calc(100vh - 9rem);
      }
      [role='tablist'] {
        display: flex;
        flex-wrap: wrap;
        gap: 0.25rem;
        border-block-end: 2px solid #d0d0d0;
        margin-block-end: 0.75rem;
      }
      [role='tab'] {
        border: 0;
        border-radius: 6px 6px 0 0;
        background: #e8ebf0;
        color: #1a1a1a;
      }
      [role='tab'][aria-selected='true'] {
        background: #1d4f91;
        color: #ffffff;
      }
      .badge {
        display: inline-block;
        min-width: 1.5rem;
        margin-inline-start: 0.375rem;
        padding: 0 0.375rem;
        border-radius: 999px;
        background: #b00020;
        color: #ffffff;
        font-size: 0.8125rem;
      }
      [role='tabpanel'] {
        flex: 1;
        min-height: 0;
        /* An ended chat's wrap-up can be taller than the panel. */
        overflow-y: auto;
      }
    `,
  ];

  @state() private account?: SessionInfo;
  @state() private checked = false;
  @state() private selected?: string;
  @state() private notice?: ErrorCode | 'network';
  @state() private now = Date.now();
  @state() private notify = false;
  @state() private notifyBlocked = false;
  @state() private view: View = 'chats';
  @state() private linkToken? = takeLinkToken();
  /** Visitors waiting at the last update, to notice a new one. */
  private lastWaiting = 0;
  private audio?: AudioContext;

  private readonly t: ConsoleMessages = CATALOGUES[consoleLanguage(location.search)];
  private readonly a: AdminMessages = ADMIN_CATALOGUES[consoleLanguage(location.search)];
  private readonly live = new CounsellorController(this, () => {
    this.account = undefined;
  });
  private ticker?: ReturnType<typeof setInterval>;

  override connectedCallback(): void {
    super.connectedCallback();
    document.documentElement.lang = consoleLanguage(location.search);
    document.title = this.t.title;
    this.ticker = setInterval(() => (this.now = Date.now()), 1000);
    window.addEventListener('hashchange', this.onHashChange);
    void this.restoreSession();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearInterval(this.ticker);
    window.removeEventListener('hashchange', this.onHashChange);
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

  private signedIn(account: SessionInfo): void {
    this.account = account;
    void this.live.connect();
  }

  override render() {
    if (this.linkToken) {
      return html`<jour-link
        .t=${this.a}
        .token=${this.linkToken}
        @jour-link-done=${() => (this.linkToken = undefined)}
      ></jour-link>`;
    }
    if (!this.checked) return nothing;
    if (!this.account) {
      return html`<jour-login
        .t=${this.t}
        @jour-signed-in=${(e: CustomEvent<SessionInfo>) => this.signedIn(e.detail)}
      ></jour-login>`;
    }
    const t = this.t;
    return html`
      <header>
        <h1>${t.title}</h1>
        <span>${t.signedInAs(this.account.alias)}</span>
        <button type="button" @click=${this.logOut}>${t.logOut}</button>
      </header>
      ${this.renderNav(this.account)}
      ${this.live.connected ? nothing : html`<p class="alert" role="status">${t.disconnected}</p>`}
      ${
        this.account.role !== this.account.assignedRole
          ? html`<p class="alert" role="status">${this.a.totpRequired}</p>`
          : nothing
      }
      ${
        this.view === 'chats'
          ? html`<div class="layout">
              <section aria-labelledby="queue-heading">${this.renderQueue()}</section>
              <section class="chats" aria-labelledby="chats-heading">${this.renderChats()}</section>
            </div>`
          : html`<main class="page">${this.renderView(this.account)}</main>`
      }
    `;
  }

  private renderNav(account: SessionInfo) {
    const a = this.a;
    const label: Record<View, string> = {
      chats: a.chatsNav,
      board: a.boardNav,
      stats: a.statsNav,
      settings: a.settingsNav,
      accounts: a.accountsNav,
      audit: a.auditNav,
      account: a.myAccountNav,
    };
    const unread = [...this.live.chats.values()].reduce((sum, chat) => sum + chat.unread, 0);
    return html`<nav aria-label=${a.nav}>
      <ul>
        ${VIEWS.filter(({ least }) => RANK[account.role] >= RANK[least]).map(
          ({ view }) =>
            html`<li>
              <button
                type="button"
                aria-current=${this.view === view ? 'page' : 'false'}
                @click=${() => (this.view = view)}
              >
                ${label[view]}
                ${
                  view === 'chats' && unread > 0 && this.view !== 'chats'
                    ? html`<span class="badge" aria-label=${this.t.unread(unread)}>${unread}</span>`
                    : nothing
                }
              </button>
            </li>`,
        )}
      </ul>
    </nav>`;
  }

  private renderView(account: SessionInfo) {
    const a = this.a;
    switch (this.view) {
      case 'board':
        return html`<jour-board .t=${a}></jour-board>`;
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
          @jour-session-changed=${(e: CustomEvent<SessionInfo>) => (this.account = e.detail)}
        ></jour-my-account>`;
    }
  }

  private renderQueue() {
    const t = this.t;
    const { presence, stats } = this.live;
    const elapsed = (this.now - this.live.statsAt) / 1000;
    const waiting = Object.values(stats).some((s) => s.waiting > 0);
    const canAccept =
      this.live.connected &&
      presence.available &&
      presence.activeChats < presence.capacity &&
      waiting;
    return html`
      <h2 id="queue-heading">${t.queue}</h2>
      <label class="switch">
        <input
          type="checkbox"
          role="switch"
          aria-checked=${presence.available ? 'true' : 'false'}
          .checked=${presence.available}
          ?disabled=${!this.live.connected}
          @change=${this.toggleAvailable}
        />
        ${t.available}
      </label>
      <p class="muted">${t.availableHint}</p>
      <label class="inline">
        ${t.capacity}
        <select @change=${this.setCapacity} ?disabled=${!this.live.connected}>
          ${[1, 2, 3, 4, 5].map(
            (n) => html`<option value=${n} ?selected=${n === presence.capacity}>${n}</option>`,
          )}
        </select>
      </label>
      <label class="inline">
        <input type="checkbox" .checked=${this.notify} @change=${this.toggleNotifications} />
        ${t.notifications}
      </label>
      ${this.notifyBlocked ? html`<p class="muted">${t.notificationsBlocked}</p>` : nothing}
      <ul class="routes">
        ${(Object.keys(stats) as Route[]).map((route) => {
          const s = stats[route];
          if (!s) return nothing;
          const longest = s.waiting > 0 ? s.longestWaitSeconds + elapsed : 0;
          return html`<li>
            <div><strong>${t.route(route)}</strong></div>
            <div class="count">${t.waiting(s.waiting)}</div>
            <div class="muted">${t.longestWait(formatDuration(longest))}</div>
            <div class="muted">${t.colleagues(s.available)}</div>
            ${
              s.queue.length > 0
                ? html`<ol class="waiting" aria-label=${t.waitingList(t.route(route))}>
                    ${s.queue.map(
                      (w) =>
                        html`<li>
                          ${formatDuration(w.waitedSeconds + elapsed)}
                          ${w.lang ? html` · ${t.language(w.lang)}` : nothing}
                          ${w.topic ? html` · ${t.topic(w.topic)}` : nothing}
                        </li>`,
                    )}
                  </ol>`
                : nothing
            }
          </li>`;
        })}
      </ul>
      <p class="muted">${t.load(presence.activeChats, presence.capacity)}</p>
      <button class="primary" type="button" ?disabled=${!canAccept} @click=${this.accept}>
        ${t.acceptNext}
      </button>
      ${this.notice ? html`<p class="alert" role="alert">${t.error(this.notice)}</p>` : nothing}
    `;
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
                    ${t.route(chat.accepted.route)} ${index + 1}
                    ${
                      chat.unread > 0 && !isSelected
                        ? html`<span class="badge" aria-label=${t.unread(chat.unread)}
                            >${chat.unread}</span
                          >`
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

  protected override updated(): void {
    this.watchQueue();
    const chats = [...this.live.chats.keys()];
    const visible = this.selected && this.live.chats.has(this.selected) ? this.selected : chats[0];
    if (visible) this.live.markRead(visible);
  }

  private select(chatId: string): void {
    this.selected = chatId;
    this.live.markRead(chatId);
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

  /**
   * Someone new waits and this counsellor is available: a short tone, the count in
   * the tab's title, and (if allowed, and the tab is hidden) a desktop notification
   * naming only the route.
   */
  private watchQueue(): void {
    const waiting = Object.values(this.live.stats).reduce((sum, s) => sum + (s?.waiting ?? 0), 0);
    const available = this.live.presence.available;
    document.title = available && waiting > 0 ? `(${waiting}) ${this.t.title}` : this.t.title;
    if (available && waiting > this.lastWaiting) {
      this.chime();
      const route = (Object.keys(this.live.stats) as Route[]).find(
        (r) => (this.live.stats[r]?.waiting ?? 0) > 0,
      );
      if (this.notify && document.hidden && route && Notification.permission === 'granted') {
        new Notification(this.t.someoneWaiting(this.t.route(route)), {
          tag: 'jourchatt-queue',
          silent: true,
        });
      }
    }
    this.lastWaiting = waiting;
  }

  private chime(): void {
    const audio = this.audio;
    if (!audio || audio.state !== 'running') return;
    const tone = audio.createOscillator();
    const gain = audio.createGain();
    tone.frequency.value = 880;
    gain.gain.setValueAtTime(0.15, audio.currentTime);
    gain.gain.exponentialRampToValueAtTime(0.001, audio.currentTime + 0.4);
    tone.connect(gain).connect(audio.destination);
    tone.start();
    tone.stop(audio.currentTime + 0.4);
  }

  private async setCapacity(event: Event): Promise<void> {
    const capacity = Number((event.target as HTMLSelectElement).value);
    this.notice = await this.live.setAvailable(this.live.presence.available, capacity);
  }

  private async toggleNotifications(event: Event): Promise<void> {
    const input = event.target as HTMLInputElement;
    if (!input.checked) {
      this.notify = false;
      return;
    }
    const permission =
      typeof Notification === 'undefined' ? 'denied' : await Notification.requestPermission();
    this.notify = permission === 'granted';
    this.notifyBlocked = !this.notify;
    input.checked = this.notify;
  }

  private async toggleAvailable(event: Event): Promise<void> {
    // A click is the moment a browser lets a page make sound later.
    this.audio ??= new AudioContext();
    void this.audio.resume();
    const input = event.target as HTMLInputElement;
    this.notice = await this.live.setAvailable(input.checked);
    input.checked = this.live.presence.available;
  }

  private async accept(): Promise<void> {
    this.notice = undefined;
    const result = await this.live.acceptNext();
    if ('error' in result) {
      this.notice = result.error;
      return;
    }
    this.selected = result.chatId;
    await this.updateComplete;
    this.renderRoot.querySelector('jour-chat-view')?.focusComposer();
  }

  private async logOut(): Promise<void> {
    await fetch('/api/session', { method: 'DELETE', credentials: 'same-origin' }).catch(
      () => undefined,
    );
    this.live.disconnect();
    this.account = undefined;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'jour-console': JourConsole;
  }
}

if (!customElements.get('jour-console')) customElements.define('jour-console', JourConsole);

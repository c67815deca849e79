import { LitElement, html, nothing } from 'lit';
import { property, state } from 'lit/decorators.js';
import type { ErrorCode } from '../../shared/protocol/errors.js';
import type { PresenceState, QueueStats, Route } from '../../shared/protocol/schemas.js';
import { baseStyles, panelStyles } from './console.styles.js';
import type { CounsellorController } from './counsellor.controller.js';
import { formatDuration, type ConsoleMessages } from './i18n.js';
import { queuePanelStyles } from './jour-queue-panel.styles.js';
import type { QueueNotifier } from './notifier.js';

/**
 * The queue: this counsellor's presence, break, capacity and notifications, who waits
 * on each route (in danger or not, how long, language, topic; nothing that identifies
 * them; those in danger first, flagged in words, not colour alone), how many
 * mailboxes wait for an answer, and the button that accepts the longest-waiting visitor.
 *
 * @fires jour-queue-accepted - a chat was accepted (detail: its chat id)
 */
export class JourQueuePanel extends LitElement {
  static override styles = [baseStyles, panelStyles, queuePanelStyles];

  @property({ attribute: false }) t!: ConsoleMessages;
  @property({ attribute: false }) controller!: Pick<
    CounsellorController,
    'presence' | 'setAvailable' | 'setCapacity' | 'acceptNext' | 'setBreak'
  >;
  @property({ attribute: false }) notifier!: QueueNotifier;
  /* The controller's state, passed in as values so that a change renders. */
  @property({ attribute: false }) connected = false;
  @property({ attribute: false }) presence: PresenceState = {
    available: false,
    capacity: 0,
    activeChats: 0,
    onBreak: false,
    blockHours: 24,
  };
  @property({ attribute: false }) stats: QueueStats = {};
  /** When the stats came, and the time now: wait times tick on in between. */
  @property({ attribute: false }) statsAt = 0;
  @property({ attribute: false }) now = 0;

  @state() private notice?: ErrorCode;

  override render() {
    const { t, presence, stats, connected } = this;
    const elapsed = (this.now - this.statsAt) / 1000;
    const waiting = Object.values(stats).some((s) => s.waiting > 0);
    const canAccept =
      connected &&
      presence.available &&
      !presence.onBreak &&
      presence.activeChats < presence.capacity &&
      waiting;
    return html`<section aria-labelledby="queue-heading">
      <h2 id="queue-heading">${t.queue}</h2>
      <label class="switch">
        <input
          type="checkbox"
          role="switch"
          aria-checked=${presence.available ? 'true' : 'false'}
          .checked=${presence.available}
          ?disabled=${!connected || presence.onBreak}
          @change=${this.toggleAvailable}
        />
        ${t.available}
      </label>
      <p class="muted">${t.availableHint}</p>
      ${presence.onBreak ? html`<p class="on-break" role="status">${t.onBreakNotice}</p>` : nothing}
      <button
        type="button"
        aria-pressed=${presence.onBreak ? 'true' : 'false'}
        ?disabled=${!connected}
        @click=${this.toggleBreak}
      >
        ${presence.onBreak ? t.backFromBreak : t.takeBreak}
      </button>
      <label class="inline">
        ${t.capacity}
        <select @change=${this.setCapacity} ?disabled=${!connected}>
          ${[1, 2, 3, 4, 5].map(
            (n) => html`<option value=${n} ?selected=${n === presence.capacity}>${n}</option>`,
          )}
        </select>
      </label>
      <label class="inline">
        <input
          type="checkbox"
          .checked=${this.notifier.enabled}
          @change=${this.toggleNotifications}
        />
        ${t.notifications}
      </label>
      ${this.notifier.blocked ? html`<p class="muted">${t.notificationsBlocked}</p>` : nothing}
      <ul class="routes">
        ${(Object.keys(stats) as Route[]).map((route) => {
          const s = stats[route];
          if (!s) return nothing;
          const longest = s.waiting > 0 ? s.longestWaitSeconds + elapsed : 0;
          return html`<li>
            <div><strong>${t.route(route)}</strong></div>
            <div class="count">${t.waiting(s.waiting)}</div>
            ${s.urgent > 0 ? html`<div class="count urgent">${t.urgentWaiting(s.urgent)}</div>` : nothing}
            <div class="muted">${t.longestWait(formatDuration(longest))}</div>
            <div class="muted">${t.colleagues(s.available)}</div>
            ${s.mailboxes > 0 ? html`<div class="count">${t.mailboxWaiting(s.mailboxes)}</div>` : nothing}
            ${
              s.queue.length > 0
                ? html`<ol class="waiting" aria-label=${t.waitingList(t.route(route))}>
                    ${s.queue.map(
                      (w) =>
                        html`<li>
                          ${w.urgent ? html`<strong class="urgent">${t.urgent}</strong> · ` : nothing}
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
    </section>`;
  }

  private async toggleAvailable(event: Event): Promise<void> {
    this.notifier.unlockSound();
    const input = event.target as HTMLInputElement;
    this.notice = await this.controller.setAvailable(input.checked);
    input.checked = this.controller.presence.available;
  }

  private async toggleBreak(): Promise<void> {
    this.notice = await this.controller.setBreak(!this.controller.presence.onBreak);
  }

  private async setCapacity(event: Event): Promise<void> {
    const capacity = Number((event.target as HTMLSelectElement).value);
    this.notice = await this.controller.setCapacity(capacity);
  }

  private async toggleNotifications(event: Event): Promise<void> {
    const input = event.target as HTMLInputElement;
    input.checked = await this.notifier.enable(input.checked);
    // The notifier is plain state, changed only here: render what it now says.
    this.requestUpdate();
  }

  private async accept(): Promise<void> {
    this.notice = undefined;
    const result = await this.controller.acceptNext();
    if ('error' in result) {
      this.notice = result.error;
      return;
    }
    this.dispatchEvent(
      new CustomEvent('jour-queue-accepted', {
        detail: result.chatId,
        bubbles: true,
        composed: true,
      }),
    );
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'jour-queue-panel': JourQueuePanel;
  }
  interface GlobalEventHandlersEventMap {
    'jour-queue-accepted': CustomEvent<string>;
  }
}

if (!customElements.get('jour-queue-panel')) {
  customElements.define('jour-queue-panel', JourQueuePanel);
}

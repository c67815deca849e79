import { LitElement, html, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import type { Board } from '../../../shared/protocol/admin.js';
import type { ErrorCode } from '../../../shared/protocol/errors.js';
import { ROUTES } from '../../../shared/protocol/schemas.js';
import { api } from '../api.js';
import { baseStyles } from '../console.styles.js';
import { formatDuration } from '../i18n.js';
import type { AdminMessages } from './admin-i18n.js';
import { adminStyles } from './admin.styles.js';

const REFRESH_MS = 5000;

/**
 * The supervisors' live picture: queues (and who in them said they are in danger) and
 * mailboxes waiting for an answer, who is online and their load, chat lengths.
 */
export class JourBoard extends LitElement {
  static override styles = [baseStyles, adminStyles];
  @property({ attribute: false }) t!: AdminMessages;
  /** The console's count of alerts: a new one (an acute chat) loads the board at once. */
  @property({ attribute: false }) alerts = 0;
  @state() private board?: Board;
  @state() private error?: ErrorCode;
  private timer?: ReturnType<typeof setInterval>;

  override connectedCallback(): void {
    super.connectedCallback();
    void this.load();
    this.timer = setInterval(() => void this.load(), REFRESH_MS);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearInterval(this.timer);
  }

  protected override updated(changed: PropertyValues<this>): void {
    super.updated(changed);
    if (changed.has('alerts') && changed.get('alerts') !== undefined) void this.load();
  }

  private async load(): Promise<void> {
    const result = await api<Board>('GET', '/board');
    if (result.ok) {
      this.board = result.data;
      this.error = undefined;
    } else {
      this.error = result.error;
    }
  }

  override render() {
    const { t, board } = this;
    return html`<section aria-labelledby="board-heading">
      <h2 id="board-heading">${t.board}</h2>
      <p class="muted">${t.boardNote}</p>
      ${this.error ? html`<p class="alert" role="alert">${t.error(this.error)}</p>` : ''}
      ${
        board
          ? html`<div class="figures">
                ${ROUTES.map(
                  (route) =>
                    html`<div class="figure">
                      ${t.route(route)}
                      <strong>${t.waiting}: ${board.routes[route].waiting}</strong>
                      ${
                        board.routes[route].urgent > 0
                          ? html`<strong class="urgent"
                              >${t.urgentWaiting}: ${board.routes[route].urgent}</strong
                            >`
                          : ''
                      }
                      ${t.longestWait}: ${formatDuration(board.routes[route].longestWaitSeconds)}
                      <br />${t.availableNow}: ${board.routes[route].available}
                      <br />${t.lettersWaiting}: ${board.routes[route].mailboxes}
                    </div>`,
                )}
              </div>
              <h3 id="online-heading">${t.counsellorsOnline}</h3>
              ${
                board.counsellors.length === 0
                  ? html`<p>${t.none}</p>`
                  : html`<div
                      class="table-wrap"
                      role="region"
                      tabindex="0"
                      aria-labelledby="online-heading"
                    >
                      <table aria-labelledby="online-heading">
                        <thead>
                          <tr>
                            <th scope="col">${t.alias}</th>
                            <th scope="col">${t.status}</th>
                            <th scope="col" class="number">${t.load}</th>
                            <th scope="col" class="number">${t.inARow}</th>
                            <th scope="col" class="number">${t.acuteThisShift}</th>
                          </tr>
                        </thead>
                        <tbody>
                          ${board.counsellors.map(
                            (c) =>
                              html`<tr>
                                <td>${c.alias}</td>
                                <td>
                                  ${
                                    c.onBreak
                                      ? t.onBreakStatus
                                      : c.available
                                        ? t.availableStatus
                                        : t.notAvailable
                                  }
                                </td>
                                <td class="number">${c.chats} / ${c.capacity}</td>
                                <td class="number">${c.inARow}</td>
                                <td class="number">${c.acuteThisShift}</td>
                              </tr>`,
                          )}
                        </tbody>
                      </table>
                    </div>`
              }
              <h3 id="in-progress-heading">${t.chatsInProgress}</h3>
              ${
                board.chats.length === 0
                  ? html`<p>${t.none}</p>`
                  : html`<div
                      class="table-wrap"
                      role="region"
                      tabindex="0"
                      aria-labelledby="in-progress-heading"
                    >
                      <table aria-labelledby="in-progress-heading">
                        <thead>
                          <tr>
                            <th scope="col">${t.routeHeading}</th>
                            <th scope="col">${t.status}</th>
                            <th scope="col" class="number">${t.length}</th>
                          </tr>
                        </thead>
                        <tbody>
                          ${board.chats.map(
                            (c) =>
                              html`<tr>
                                <td>${t.route(c.route)}</td>
                                <td>
                                  ${c.status === 'queued' ? t.queued : t.talking}${
                                    c.urgent
                                      ? html` · <strong class="urgent">${t.urgent}</strong>`
                                      : ''
                                  }
                                  ${
                                    c.acute
                                      ? html` ·
                                          <strong class="acute"
                                            >${t.acuteBy(c.acute.alias)}</strong
                                          >`
                                      : ''
                                  }
                                </td>
                                <td class="number">${formatDuration(c.seconds)}</td>
                              </tr>`,
                          )}
                        </tbody>
                      </table>
                    </div>`
              }`
          : ''
      }
    </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'jour-board': JourBoard;
  }
}
if (!customElements.get('jour-board')) customElements.define('jour-board', JourBoard);

import { LitElement, html, nothing, type PropertyValues } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import type { ErrorCode } from '../../shared/protocol/errors.js';
import { composerForm } from './composer.js';
import { baseStyles } from './console.styles.js';
import type { ConsoleMessages } from './i18n.js';
import type { ConsoleJoin, JoinLine } from './join.controller.js';
import { whisperJoinStyles } from './jour-whisper-join.styles.js';
import { whisperStyles } from './jour-whisper.styles.js';
import type { ConsoleWhisper, WhisperController } from './whisper.controller.js';

/**
 * A supervisor joining the chat of a support conversation with the visitor's consent
 * (§23), inside the whisper's panel. On the supervisor's console: "Ask to join the
 * chat", where the asking stands, and once in, the chat from that moment on with its
 * own text box, and "Leave the chat". On the counsellor's: where it stands, and "Ask …
 * to leave". The one status line is a live region, so each step is read out once.
 */
export class JourWhisperJoin extends LitElement {
  static override styles = [baseStyles, whisperStyles, whisperJoinStyles];

  @property({ attribute: false }) t!: ConsoleMessages;
  @property({ attribute: false }) whisper!: ConsoleWhisper;
  @property({ attribute: false }) controller!: WhisperController;

  @state() private error?: ErrorCode;
  @state() private busy = false;

  @query('.chat') private log?: HTMLElement;

  protected override updated(changed: PropertyValues): void {
    super.updated(changed);
    if (this.log) this.log.scrollTop = this.log.scrollHeight;
  }

  override render() {
    return this.whisper.role === 'supporter' ? this.renderMember() : this.renderAsker();
  }

  private renderMember() {
    const j = this.t.join;
    const { join, status } = this.whisper;
    const mayAsk = status === 'active' && (!join || join.state === 'ended');
    const headingId = `join-chat-${this.whisper.whisperId}`;
    // The status line is there before its first text, so that the first is read out too.
    return html`<div data-testid="join">
      <p role="status">${join ? this.memberStatus(join) : nothing}</p>
      ${join?.state === 'joined' ? html`<p class="muted">${j.fromNow(this.whisper.peer)}</p>` : nothing}
      ${
        join && (join.state === 'joined' || join.lines.length > 0)
          ? html`<h4 id=${headingId}>${j.chat}</h4>
              <ol class="chat" aria-labelledby=${headingId} aria-live="polite" tabindex="0">
                ${join.lines.map((line) => this.renderLine(line))}
              </ol>`
          : nothing
      }
      ${
        join?.state === 'joined' && join.keyed
          ? composerForm(j.write, j.send, 'primary', (text) => this.send(text))
          : nothing
      }
      <div class="row">
        ${
          mayAsk
            ? html`<button type="button" ?disabled=${this.busy} @click=${this.ask}>
                ${j.askToJoin}
              </button>`
            : nothing
        }
        ${
          join && join.state !== 'ended'
            ? html`<button class="danger" type="button" @click=${this.leave}>${j.leave}</button>`
            : nothing
        }
      </div>
      ${this.error ? html`<p class="alert" role="alert">${j.error(this.error)}</p>` : nothing}
    </div>`;
  }

  private memberStatus(join: ConsoleJoin): string {
    const j = this.t.join;
    switch (join.state) {
      case 'asked':
        return j.waiting;
      case 'accepted':
        return j.keying;
      case 'joined':
        return join.keyed ? j.joined : j.keying;
      case 'ended':
        return j.ended(join.outcome ?? 'ended');
    }
  }

  private renderLine(line: JoinLine) {
    const j = this.t.join;
    const author =
      line.from === 'visitor' ? j.visitor : line.from === 'me' ? j.you : this.whisper.peer;
    return html`<li class=${line.from}>
      <span class="author">${author}:</span>
      <span class="text" dir="auto">${line.text}</span>
      ${line.state === 'sending' ? html`<span class="state">${this.t.sending}</span>` : nothing}
      ${line.state === 'failed' ? html`<span class="state">${this.t.failed}</span>` : nothing}
    </li>`;
  }

  private renderAsker() {
    const { join, peer } = this.whisper;
    return html`<div data-testid="join">
      <p role="status">${join ? this.askerStatus(join, peer) : nothing}</p>
      ${
        join && join.state !== 'ended'
          ? html`<div class="row">
              <button class="danger" type="button" @click=${this.leave}>
                ${this.t.join.askToLeave(peer)}
              </button>
            </div>`
          : nothing
      }
    </div>`;
  }

  private askerStatus(join: ConsoleJoin, member: string): string {
    const j = this.t.join;
    switch (join.state) {
      case 'asked':
        return j.askedBy(member);
      case 'accepted':
        return j.joining(member);
      case 'joined':
        return j.memberJoined(member);
      case 'ended':
        if (join.wasJoined) return j.memberLeft(member);
        return join.outcome === 'declined' ? j.declined : j.notJoined(member);
    }
  }

  private async ask(): Promise<void> {
    this.busy = true;
    this.error = undefined;
    try {
      this.error = await this.controller.join.ask(this.whisper.whisperId);
    } finally {
      this.busy = false;
    }
  }

  private leave(): void {
    void this.controller.join.leave(this.whisper.whisperId);
  }

  private send(text: string): void {
    void this.controller.join.send(this.whisper.whisperId, text);
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'jour-whisper-join': JourWhisperJoin;
  }
}

if (!customElements.get('jour-whisper-join'))
  customElements.define('jour-whisper-join', JourWhisperJoin);

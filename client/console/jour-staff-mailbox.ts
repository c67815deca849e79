import { LitElement, html, nothing } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import { MAX_LETTER_CHARS, type MailboxSummary } from '../../shared/protocol/schemas.js';
import type { ErrorCode } from '../../shared/protocol/errors.js';
import { baseStyles } from './console.styles.js';
import type { ConsoleMailbox, OpenMailbox, ShownLetter } from './console-mailbox.js';
import type { CounsellorController } from './counsellor.controller.js';
import type { UnlockError } from './staff-keyring.js';
import type { ConsoleMessages } from './i18n.js';
import type { JourPhrasePicker } from './jour-phrase-picker.js';
import { mailboxStyles } from './jour-staff-mailbox.styles.js';
import './jour-phrase-picker.js';

/**
 * The mailbox of the routes this account serves: a list that says only when, which
 * line, which language, whether it waits and who is answering (never a word of a
 * letter); and one mailbox opened, its letters, the answer box with ready phrases,
 * "Mark done", and sharing with colleagues whose key is newer than the letters.
 * Opening claims it, so two do not answer at once.
 */
export class JourStaffMailbox extends LitElement {
  static override styles = [baseStyles, mailboxStyles];

  @property({ attribute: false }) t!: ConsoleMessages;
  @property({ attribute: false }) controller!: Pick<
    CounsellorController,
    'phrases' | 'loadPhrases'
  >;
  @property({ attribute: false }) mailbox!: ConsoleMailbox;
  /* The mailbox's state, passed in as values so that a change renders. */
  @property({ attribute: false }) mailboxes: MailboxSummary[] = [];
  @property({ attribute: false }) opened?: OpenMailbox;
  @property({ attribute: false }) keyState: 'locked' | 'opening' | 'open' = 'locked';
  @property({ attribute: false }) alias = '';

  @state() private message?: { ok: boolean; text: string };
  @state() private busy = false;

  @query('jour-phrase-picker') private composer?: JourPhrasePicker;

  override render() {
    const t = this.t;
    return html`<section aria-labelledby="mailbox-heading">
      <h2 id="mailbox-heading" tabindex="-1">${t.mailbox}</h2>
      ${this.renderKey()}
      ${
        this.message
          ? html`<p class=${this.message.ok ? 'ok' : 'alert'} role="status">
              ${this.message.text}
            </p>`
          : nothing
      }
      ${this.opened ? this.renderOpened(this.opened) : this.renderList()}
    </section>`;
  }

  private renderKey() {
    const t = this.t;
    if (this.keyState === 'opening') return html`<p role="status">${t.keyOpening}</p>`;
    if (this.keyState === 'open') {
      return this.mailbox.keyring.made ? html`<p class="notice">${t.keyMade}</p>` : nothing;
    }
    return html`<form class="unlock" @submit=${this.unlock}>
      <p>${t.keyLocked}</p>
      <label
        >${t.password}
        <input name="password" type="password" autocomplete="current-password" required
      /></label>
      <div><button class="primary" type="submit">${t.unlockMailbox}</button></div>
    </form>`;
  }

  private renderList() {
    const t = this.t;
    return html`<p class="muted">${t.mailboxIntro}</p>
      ${
        this.mailboxes.length === 0
          ? html`<p>${t.mailboxEmpty}</p>`
          : html`<ul class="boxes" aria-labelledby="mailbox-heading">
              ${this.mailboxes.map(
                (m) =>
                  html`<li class=${m.status}>
                    <button type="button" @click=${() => this.open(m.id)}>
                      ${m.day} · ${t.route(m.route)}
                    </button>
                    <span>
                      ${m.lang ? html`${t.language(m.lang)} · ` : nothing}<span
                        class=${`status-${m.status}`}
                        >${t.mailboxStatus(m.status)}</span
                      >
                      · ${t.letterCount(m.letters)}
                      ${m.lastDay !== m.day ? html` · ${t.mailboxLastLetter} ${m.lastDay}` : nothing}
                    </span>
                    ${
                      m.claimedBy !== undefined
                        ? html`<span class="claim"
                            >${m.claimedByMe ? t.answeringMe : t.answeringBy(m.claimedBy)}</span
                          >`
                        : nothing
                    }
                  </li>`,
              )}
            </ul>`
      }`;
  }

  private renderOpened(box: OpenMailbox) {
    const t = this.t;
    const byOther = box.claimedBy !== undefined && !box.claimedByMe;
    return html`
      <div class="row">
        <button type="button" @click=${this.back}>${t.backToMailbox}</button>
      </div>
      <h3 id="opened-heading" tabindex="-1">${t.mailboxHeading(box.day, t.route(box.route))}</h3>
      <p class="muted">
        ${box.lang ? html`${t.language(box.lang)} · ` : nothing}${t.mailboxStatus(box.status)}
        ${box.claimedByMe ? html` · ${t.answeringMe}` : nothing}
      </p>
      ${
        byOther
          ? html`<p class="notice" role="status">${t.claimedNotice(box.claimedBy ?? '')}</p>`
          : box.claimError && box.claimError !== 'claimed'
            ? html`<p class="alert" role="status">${t.error(box.claimError)}</p>`
            : nothing
      }
      ${
        box.shareable > 0 && this.keyState === 'open'
          ? html`<div class="notice">
              <p>${t.shareHint(box.shareable)}</p>
              <button type="button" ?disabled=${this.busy} @click=${this.share}>
                ${t.shareWithColleagues}
              </button>
            </div>`
          : nothing
      }
      <ol class="letters" aria-label=${t.letters}>
        ${box.letters.map((letter) => this.renderLetter(letter))}
      </ol>
      ${
        this.keyState === 'open' && !byOther
          ? html`<form class="answer" @submit=${this.answer}>
              <jour-phrase-picker
                .t=${t}
                .controller=${this.controller}
                .alias=${this.alias}
                .label=${t.answerLabel}
                .maxLength=${MAX_LETTER_CHARS}
              >
                <button class="primary" type="submit" ?disabled=${this.busy}>
                  ${t.sendAnswer}
                </button>
              </jour-phrase-picker>
            </form>`
          : nothing
      }
      ${
        box.status !== 'done' && !byOther
          ? html`<div class="row">
              <button type="button" ?disabled=${this.busy} @click=${this.done}>
                ${t.markDone}
              </button>
            </div>`
          : nothing
      }
    `;
  }

  private renderLetter(letter: ShownLetter) {
    const t = this.t;
    const who =
      letter.author === 'visitor'
        ? t.letterFromVisitor
        : t.letterFromCounsellor(letter.alias ?? '');
    return html`<li class=${letter.author}>
      <span class="meta">${who} · ${letter.day}</span>
      ${
        letter.text === undefined
          ? html`<span class="alert">${t.letterUnreadable}</span>`
          : html`<span class="text" dir="auto">${letter.text}</span>`
      }
    </li>`;
  }

  private say(error: UnlockError | undefined, okText: string): void {
    const t = this.t;
    this.message =
      error === undefined
        ? { ok: true, text: okText }
        : {
            ok: false,
            text:
              error === 'bad_password'
                ? t.wrongPassword
                : error === 'no_key'
                  ? t.keyMissing
                  : t.error(error),
          };
  }

  private async unlock(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const input = form.querySelector<HTMLInputElement>('[name=password]');
    const password = input?.value ?? '';
    // The field is emptied at once: the password lives no longer than the unwrapping.
    if (input) input.value = '';
    this.message = undefined;
    const error = await this.mailbox.unlock(password);
    if (error) this.say(error, '');
  }

  private async open(id: string): Promise<void> {
    this.message = undefined;
    const error = await this.mailbox.open(id);
    if (error) return this.say(error, '');
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>('#opened-heading')?.focus();
  }

  /** To the list, with the focus on its heading (the button pressed is gone). */
  private async back(): Promise<void> {
    this.message = undefined;
    this.mailbox.close();
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>('#mailbox-heading')?.focus();
  }

  private async run(action: () => Promise<ErrorCode | undefined>, okText: string): Promise<void> {
    this.busy = true;
    this.message = undefined;
    try {
      this.say(await action(), okText);
    } finally {
      this.busy = false;
    }
  }

  private async answer(event: Event): Promise<void> {
    event.preventDefault();
    const text = this.composer?.value ?? '';
    if (!text.trim()) return;
    await this.run(async () => {
      const error = await this.mailbox.answer(text);
      if (!error && this.composer) this.composer.value = '';
      return error;
    }, this.t.answerSent);
  }

  private async done(): Promise<void> {
    await this.run(() => this.mailbox.done(), this.t.markedDone);
  }

  private async share(): Promise<void> {
    await this.run(() => this.mailbox.share(), this.t.shared);
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'jour-staff-mailbox': JourStaffMailbox;
  }
}

if (!customElements.get('jour-staff-mailbox'))
  customElements.define('jour-staff-mailbox', JourStaffMailbox);

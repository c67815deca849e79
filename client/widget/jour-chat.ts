import { LitElement, html, nothing } from 'lit';
import { property, state } from 'lit/decorators.js';
import { LAUNCHER, pickLanguage, type WidgetLanguage } from './i18n/launcher.js';
import { launcherStyles } from './jour-chat.styles.js';
import type { JourChatPanel } from './jour-chat-panel.js';
import { RESUME_KEY, hasChatToResume } from './resume-key.js';

/** Where quick exit goes when the element does not say: a neutral weather search. */
export const DEFAULT_EXIT_URL = 'https://www.google.com/search?q=v%C3%A4der';
/** Two presses of Escape within this many ms leave the page. */
const DOUBLE_ESCAPE_MS = 1000;

/**
 * The one element the city embeds. Until the visitor opens the chat it is only a
 * button: no connection, no encryption code, no storage. Opening it loads the chat
 * panel from the same origin as this script.
 *
 * @attr lang - sv (default), en, ar, so; else the page's language
 * @attr exit-url - the neutral page quick exit goes to until the service's own
 *   setting has loaded
 * @cssprop --jour-chat-accent - brand colour (default #1d4f91)
 * @cssprop --jour-chat-focus - focus ring colour (default #ffbf47)
 * @cssprop --jour-chat-font - font family
 * @csspart launcher - the "Open chat" button
 * @csspart header - the panel's title bar
 * @csspart primary-button - main actions (choose a route, Send)
 * @csspart message-mine - the visitor's own messages
 * @csspart message-theirs - the counsellor's messages
 */
export class JourChat extends LitElement {
  static override styles = launcherStyles;

  @property({ attribute: 'exit-url' }) exitUrl = DEFAULT_EXIT_URL;

  @state() private open = false;
  @state() private panelLoaded = false;
  /** The panel stays while a chat goes on, hidden or not. */
  @state() private panelAlive = false;
  /** Chosen inside the widget; wins over the attributes. */
  @state() private chosenLanguage?: WidgetLanguage;

  private lastEscape = 0;
  private readonly origin = new URL(import.meta.url).origin;

  private get language(): WidgetLanguage {
    return (
      this.chosenLanguage ?? pickLanguage(this.getAttribute('lang'), document.documentElement.lang)
    );
  }

  override connectedCallback(): void {
    super.connectedCallback();
    // A chat was going on in this tab before a reload: take it back at once.
    if (hasChatToResume()) void this.openChat();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    document.removeEventListener('keydown', this.onKeydown, true);
  }

  override render() {
    const t = LAUNCHER[this.language];
    return html`
      ${
        this.open
          ? nothing
          : html`<button
              class="launcher"
              part="launcher"
              type="button"
              lang=${this.language}
              dir=${LAUNCHER[this.language].dir}
              @click=${this.openChat}
            >
              ${t.openChat}
            </button>`
      }
      ${
        this.open && !this.panelLoaded
          ? html`<div class="loading" role="status" lang=${this.language}>
              <span>${t.connecting}</span>
              <button class="exit" type="button" @click=${this.quickExit}>${t.quickExit}</button>
            </div>`
          : nothing
      }
      ${
        this.panelAlive && this.panelLoaded
          ? html`<jour-chat-panel
              exportparts="header, primary-button, message-mine, message-theirs"
              ?hidden=${!this.open}
              .language=${this.language}
              .origin=${this.origin}
              @jour-chat-hide=${this.hidePanel}
              @jour-chat-closed=${this.closePanel}
              @jour-chat-quick-exit=${this.quickExit}
              @jour-chat-language=${this.chooseLanguage}
            ></jour-chat-panel>`
          : nothing
      }
    `;
  }

  private chooseLanguage(event: CustomEvent<string>): void {
    this.chosenLanguage = pickLanguage(event.detail);
  }

  private async openChat(): Promise<void> {
    if (this.open) return;
    this.open = true;
    this.panelAlive = true;
    document.addEventListener('keydown', this.onKeydown, true);
    await import('./jour-chat-panel.js');
    this.panelLoaded = true;
    await this.updateComplete;
    await this.panel?.focusStart();
  }

  private get panel(): JourChatPanel | null | undefined {
    return this.renderRoot.querySelector('jour-chat-panel');
  }

  private async hidePanel(): Promise<void> {
    this.open = false;
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLButtonElement>('.launcher')?.focus();
  }

  private async closePanel(): Promise<void> {
    this.panelAlive = false;
    document.removeEventListener('keydown', this.onKeydown, true);
    await this.hidePanel();
  }

  /** Escape twice, anywhere on the page, while the chat is open. */
  private readonly onKeydown = (event: KeyboardEvent): void => {
    if (event.key !== 'Escape') return;
    const now = performance.now();
    if (now - this.lastEscape < DOUBLE_ESCAPE_MS) this.quickExit();
    this.lastEscape = now;
  };

  /**
   * Wipes the chat (memory, socket, the resume token) and replaces this page, so
   * Back does not lead to it.
   */
  private readonly quickExit = (): void => {
    const exitUrl = this.panel?.exitUrl ?? this.exitUrl;
    this.panel?.wipe();
    try {
      sessionStorage.removeItem(RESUME_KEY);
    } catch {
      // Nothing stored.
    }
    this.panelAlive = false;
    document.removeEventListener('keydown', this.onKeydown, true);
    window.location.replace(exitUrl);
  };
}

declare global {
  interface HTMLElementTagNameMap {
    'jour-chat': JourChat;
  }
}

if (!customElements.get('jour-chat')) customElements.define('jour-chat', JourChat);

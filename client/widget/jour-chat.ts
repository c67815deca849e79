import { LitElement, html, nothing } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import { envelope, readAccent, readFrameMessage, readRadius, type HostMessage } from './bridge.js';
import { DEFAULT_EXIT_URL } from './exit.js';
import { LAUNCHER, htmlLang, pickLanguage, type WidgetLanguage } from './i18n/launcher.js';
import { launcherStyles } from './jour-chat.styles.js';

/** Two presses of Escape within this many ms leave the page. */
const DOUBLE_ESCAPE_MS = 1000;
/** Shift pressed this many times within SHIFT_WINDOW_MS leaves too (as GOV.UK's exit). */
const SHIFT_PRESSES = 3;
const SHIFT_WINDOW_MS = 5000;
/** How long quick exit waits for the frame to say it has wiped before leaving anyway. */
const WIPE_WAIT_MS = 300;
/**
 * In this page's sessionStorage: "a chat is open in this tab", so a reload opens the
 * frame again. Nothing else: the chat's own record lives in the frame's origin.
 */
const ACTIVE_KEY = 'jour-chat:active';

function readActive(): boolean {
  try {
    return sessionStorage.getItem(ACTIVE_KEY) === '1';
  } catch {
    return false;
  }
}

function writeActive(active: boolean): void {
  try {
    if (active) sessionStorage.setItem(ACTIVE_KEY, '1');
    else sessionStorage.removeItem(ACTIVE_KEY);
  } catch {
    // Unavailable: a reload simply shows the launcher.
  }
}

/**
 * The one element the city embeds. Until the visitor opens the chat it is only a
 * button: no connection, no encryption code, no storage. Opening it puts the chat in
 * an <iframe> served by the chat server's own origin, so nothing on this page (its
 * scripts, extensions of its own, an XSS) can read the chat, its keys or its storage;
 * the two talk only through bridge.ts.
 *
 * @attr lang - sv (default), en, ar, so, fi, sv-x-easy (lättläst); else the page's language
 * @attr exit-url - the neutral page quick exit goes to until the service's own
 *   setting has loaded
 * @attr accent - the panel's brand colour, `#rrggbb`
 * @attr radius - the panel's corner radius in px, 0–24
 * @cssprop --jour-chat-accent - the launcher's brand colour (default #1d4f91)
 * @cssprop --jour-chat-focus - focus ring colour (default #ffbf47)
 * @cssprop --jour-chat-font - the launcher's font family
 * @csspart launcher - the "Open chat" button
 * @csspart frame - the chat's frame
 */
export class JourChat extends LitElement {
  static override styles = launcherStyles;

  @property({ attribute: 'exit-url' }) exitUrl = DEFAULT_EXIT_URL;
  @property() accent?: string;
  @property() radius?: string;

  /** The panel is on screen. */
  @state() private open = false;
  /** The frame exists: from the first opening until the chat is over. */
  @state() private frameAlive = false;
  @state() private frameReady = false;
  @state() private unread = 0;
  @state() private leaving = false;
  /** Chosen inside the chat; wins over the attributes. */
  @state() private chosenLanguage?: WidgetLanguage;

  @query('iframe') private frame?: HTMLIFrameElement;

  private readonly chatOrigin = new URL(import.meta.url).origin;
  private lastEscape = -Infinity;
  private shiftPresses: number[] = [];
  /** The service's exit page, once the frame has told it. */
  private serviceExitUrl?: string;
  private wiped?: () => void;

  private get language(): WidgetLanguage {
    return (
      this.chosenLanguage ?? pickLanguage(this.getAttribute('lang'), document.documentElement.lang)
    );
  }

  override connectedCallback(): void {
    super.connectedCallback();
    window.addEventListener('message', this.onMessage);
    window.addEventListener('pageshow', this.onPageShow);
    // A chat was going on in this tab before a reload: take it back at once.
    if (readActive()) this.openChat();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    window.removeEventListener('message', this.onMessage);
    window.removeEventListener('pageshow', this.onPageShow);
    document.removeEventListener('keydown', this.onKeydown, true);
    this.followViewport(false);
  }

  /**
   * While open, the frame follows the visual viewport: a phone's keyboard shrinks that
   * one only, and a frame the height of the layout would hide the message box behind
   * it. Not while pinch-zoomed, where the visible part is not the screen.
   */
  private followViewport(on: boolean): void {
    const viewport = window.visualViewport;
    if (!viewport) return;
    if (on) {
      viewport.addEventListener('resize', this.fitViewport);
      viewport.addEventListener('scroll', this.fitViewport);
      this.fitViewport();
    } else {
      viewport.removeEventListener('resize', this.fitViewport);
      viewport.removeEventListener('scroll', this.fitViewport);
      this.style.removeProperty('--jour-chat-vh');
      this.style.removeProperty('--jour-chat-top');
    }
  }

  private readonly fitViewport = (): void => {
    const viewport = window.visualViewport;
    if (!viewport || Math.abs(viewport.scale - 1) > 0.01) {
      this.style.removeProperty('--jour-chat-vh');
      this.style.removeProperty('--jour-chat-top');
      return;
    }
    this.style.setProperty('--jour-chat-vh', `${viewport.height}px`);
    this.style.setProperty('--jour-chat-top', `${viewport.offsetTop}px`);
  };

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
              lang=${htmlLang(this.language)}
              dir=${t.dir}
              aria-label=${
                // A label, not hidden text: Chromium would put a space before the comma.
                this.unread > 0 ? `${t.openChat}, ${t.newMessages(this.unread)}` : nothing
              }
              @click=${this.openChat}
            >
              ${t.openChat}${
                this.unread > 0
                  ? html`<span class="badge" aria-hidden="true">${this.unread}</span>`
                  : nothing
              }
            </button>`
      }
      ${
        this.frameAlive
          ? html`<iframe
              part="frame"
              src=${this.frameSource()}
              title=${t.chatFrame}
              referrerpolicy="no-referrer"
              allow="clipboard-write"
              ?hidden=${!this.open}
            ></iframe>`
          : nothing
      }
      ${
        this.open && !this.frameReady
          ? html`<div class="loading" role="status" lang=${htmlLang(this.language)} dir=${t.dir}>
              <span>${t.connecting}</span>
              <button class="exit" type="button" @click=${() => void this.quickExit()}>
                ${t.quickExit}
              </button>
            </div>`
          : nothing
      }
      ${this.leaving ? html`<div class="cover"></div>` : nothing}
    `;
  }

  /** The frame's address; what it needs to know goes in the fragment, never to a server. */
  private frameSource(): string {
    const params = new URLSearchParams({ lang: this.language, parent: location.origin });
    const accent = readAccent(this.accent);
    if (accent) params.set('accent', accent);
    const radius = readRadius(this.radius);
    if (radius !== undefined) params.set('radius', String(radius));
    return `${this.chatOrigin}/widget/frame#${params.toString()}`;
  }

  protected override willUpdate(): void {
    // Through the CSSOM, not a style attribute: a host page's CSP may forbid those.
    const radius = readRadius(this.radius);
    if (radius === undefined) this.style.removeProperty('--jour-chat-frame-radius');
    else this.style.setProperty('--jour-chat-frame-radius', `${radius}px`);
  }

  private readonly openChat = (): void => {
    if (this.open) return;
    this.open = true;
    this.unread = 0;
    document.addEventListener('keydown', this.onKeydown, true);
    this.followViewport(true);
    if (this.frameAlive) {
      void this.updateComplete.then(() => this.showFrame());
    } else {
      this.frameAlive = true;
      writeActive(true);
    }
  };

  /** Focus into the frame, and the panel focuses its first control. */
  private showFrame(): void {
    this.frame?.focus();
    this.post({ type: 'show' });
  }

  private post(message: HostMessage): void {
    this.frame?.contentWindow?.postMessage(envelope(message), this.chatOrigin);
  }

  private readonly onMessage = (event: MessageEvent): void => {
    if (event.origin !== this.chatOrigin || !this.frame) return;
    if (event.source !== this.frame.contentWindow) return;
    const message = readFrameMessage(event.data);
    if (!message) return;
    switch (message.type) {
      case 'ready':
        this.frameReady = true;
        if (this.open) void this.updateComplete.then(() => this.showFrame());
        break;
      case 'hide':
        void this.hide();
        break;
      case 'closed':
        this.frameAlive = false;
        this.frameReady = false;
        writeActive(false);
        document.removeEventListener('keydown', this.onKeydown, true);
        void this.hide();
        break;
      case 'active':
        writeActive(message.active);
        break;
      case 'unread':
        this.unread = this.open ? 0 : message.count;
        break;
      case 'language':
        this.chosenLanguage = message.language;
        break;
      case 'escape':
        this.countEscape();
        break;
      case 'exit':
        this.post({ type: 'leaving' });
        void this.quickExit(message.url);
        break;
      case 'wiped':
        if (message.url) this.serviceExitUrl = message.url;
        this.wiped?.();
        break;
    }
  };

  private async hide(): Promise<void> {
    this.open = false;
    this.followViewport(false);
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLButtonElement>('.launcher')?.focus();
  }

  /** Escape twice, or Shift three times, anywhere on the page while the chat is open. */
  private readonly onKeydown = (event: KeyboardEvent): void => {
    if (event.key === 'Escape') this.countEscape();
    if (event.key === 'Shift' && !event.repeat) {
      const now = performance.now();
      this.shiftPresses = [...this.shiftPresses, now].filter((at) => now - at < SHIFT_WINDOW_MS);
      if (this.shiftPresses.length >= SHIFT_PRESSES) void this.quickExit();
    }
  };

  private countEscape(): void {
    const now = performance.now();
    if (now - this.lastEscape < DOUBLE_ESCAPE_MS) void this.quickExit();
    this.lastEscape = now;
  }

  /**
   * Covers the page at once, has the frame wipe the chat (memory, socket, its
   * storage), and replaces this page, so Back does not lead to it.
   */
  private async quickExit(url?: string): Promise<void> {
    if (this.leaving) return;
    this.leaving = true;
    writeActive(false);
    document.removeEventListener('keydown', this.onKeydown, true);
    if (this.frameAlive && !url) {
      await new Promise<void>((resolve) => {
        this.wiped = resolve;
        setTimeout(resolve, WIPE_WAIT_MS);
        this.post({ type: 'wipe' });
      });
      this.wiped = undefined;
    }
    this.frameAlive = false;
    this.frameReady = false;
    window.location.replace(url ?? this.serviceExitUrl ?? this.exitUrl);
  }

  /** Back to this page from the browser's cache after leaving: show it as new. */
  private readonly onPageShow = (event: PageTransitionEvent): void => {
    if (!event.persisted) return;
    this.leaving = false;
    this.open = false;
    this.frameAlive = false;
    this.frameReady = false;
    this.unread = 0;
  };
}

declare global {
  interface HTMLElementTagNameMap {
    'jour-chat': JourChat;
  }
}

if (!customElements.get('jour-chat')) customElements.define('jour-chat', JourChat);

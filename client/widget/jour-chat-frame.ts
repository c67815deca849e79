import {
  envelope,
  readAccent,
  readHostMessage,
  readRadius,
  safeExitUrl,
  type FrameMessage,
} from './bridge.js';
import { CATALOGUES, htmlLang, pickLanguage } from './i18n/index.js';
import { JourChatPanel } from './jour-chat-panel.js';
import { DEFAULT_EXIT_URL } from './exit.js';

/*
 * The chat frame: the page the launcher puts in an <iframe>, served by the chat
 * server's own origin. Everything that must stay between the visitor and the
 * volunteer lives here and only here: the panel, the socket, libsodium and the keys,
 * the resume record (this origin's sessionStorage) and every word of the chat. The
 * host page sees the frame's box and the state messages of bridge.ts, nothing else.
 *
 * Opened on its own (not in a frame), the same page is a full-window chat.
 */

const params = new URLSearchParams(location.hash.slice(1));
const framed = window.parent !== window;

/** The embedding page's origin: the browser's word where it gives one, else the launcher's. */
function parentOrigin(): string | undefined {
  const told = location.ancestorOrigins?.[0] ?? params.get('parent') ?? undefined;
  if (!told) return undefined;
  try {
    return new URL(told).origin === told ? told : undefined;
  } catch {
    return undefined;
  }
}

const hostOrigin = framed ? parentOrigin() : undefined;

function post(message: FrameMessage): void {
  // A frame whose parent is not known talks to nobody (the CSP's frame-ancestors
  // already keeps it off pages that may not embed it).
  if (hostOrigin) window.parent.postMessage(envelope(message), hostOrigin);
}

const panel = new JourChatPanel();
panel.origin = location.origin;
panel.language = pickLanguage(params.get('lang'));
const accent = readAccent(params.get('accent'));
if (accent) panel.style.setProperty('--jour-chat-accent', accent);
const radius = readRadius(params.get('radius'));
if (radius !== undefined) panel.style.setProperty('--jour-chat-radius', `${radius}px`);

function applyLanguage(): void {
  document.documentElement.lang = htmlLang(panel.language);
  document.documentElement.dir = CATALOGUES[panel.language].dir;
  document.title = CATALOGUES[panel.language].title;
}
applyLanguage();

let exiting = false;
/** How long the frame waits for the page to say it is leaving before it leaves itself. */
const EXIT_FALLBACK_MS = 500;
let exitFallback: ReturnType<typeof setTimeout> | undefined;

/** Forgets the chat here, in memory and in this origin's storage, at once. */
function wipe(): void {
  panel.wipe();
}

/**
 * Quick exit from inside the frame: wipe, tell the launcher (which covers the page
 * and leaves), and leave from here too in case the page does not: a click or key
 * press lets a frame replace the top page.
 */
function quickExit(): void {
  if (exiting) return;
  exiting = true;
  const url = safeExitUrl(panel.exitUrl) ?? DEFAULT_EXIT_URL;
  wipe();
  if (!framed) {
    window.location.replace(url);
    return;
  }
  post({ type: 'exit', url });
  // The page leaves and says so (`leaving`); one that does not, the frame leaves itself
  // (a key press or click lets a frame replace the top page). One navigation, not two.
  exitFallback = setTimeout(() => {
    try {
      window.top?.location.replace(url);
    } catch {
      // Not allowed without a user gesture: nothing more a frame can do.
    }
  }, EXIT_FALLBACK_MS);
}

panel.addEventListener('jour-chat-hide', () => {
  panel.shown = false;
  post({ type: 'hide' });
});
panel.addEventListener('jour-chat-closed', () => {
  post({ type: 'active', active: false });
  post({ type: 'closed' });
});
panel.addEventListener('jour-chat-quick-exit', quickExit);
panel.addEventListener('jour-chat-language', (event) => {
  panel.language = pickLanguage(event.detail);
  applyLanguage();
  post({ type: 'language', language: panel.language });
});
panel.addEventListener('jour-chat-state', (event) => {
  post({ type: 'active', active: event.detail.active });
  post({ type: 'unread', count: event.detail.unread });
});

/** Escape twice within this many ms leaves, as on the host page. */
const DOUBLE_ESCAPE_MS = 1000;
let lastEscape = -Infinity;
document.addEventListener(
  'keydown',
  (event) => {
    if (event.key !== 'Escape') return;
    const now = performance.now();
    if (now - lastEscape < DOUBLE_ESCAPE_MS) quickExit();
    else post({ type: 'escape' });
    lastEscape = now;
  },
  true,
);

window.addEventListener('message', (event) => {
  if (!hostOrigin || event.source !== window.parent || event.origin !== hostOrigin) return;
  const message = readHostMessage(event.data);
  if (!message) return;
  switch (message.type) {
    case 'show':
      panel.shown = true;
      void panel.focusStart();
      break;
    case 'leaving':
      clearTimeout(exitFallback);
      break;
    case 'wipe': {
      const url = safeExitUrl(panel.exitUrl);
      wipe();
      post(url ? { type: 'wiped', url } : { type: 'wiped' });
      break;
    }
  }
});

document.body.append(panel);
post({ type: 'ready' });
if (!framed) void panel.focusStart();

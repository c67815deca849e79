import { WIDGET_LANGUAGES, type WidgetLanguage } from './i18n/launcher.js';

/*
 * What the launcher on the city's page and the chat frame (served by the chat server's
 * own origin) may say to each other with postMessage: state, never content. No message
 * carries a word of the chat, a key, a token or an id; the host page's scripts can
 * read every one of them and learn no more than they see on the screen.
 *
 * Both sides check where a message comes from (the other window and its origin) and
 * parse it here before acting on it; anything else is dropped. The parsers are written
 * out by hand rather than with zod: the launcher loads with every page view of the
 * city's site and has a 10 kB budget, which zod alone would take.
 */

/** Marks our messages among everything else a page posts. */
const CHANNEL = 'jour-chat/1';

/** The launcher → frame. */
export type HostMessage =
  /** The panel is on screen (opened, or shown again after "hide"): focus into it. */
  | { type: 'show' }
  /** Quick exit from the host page (Escape twice there): wipe now, then answer `wiped`. */
  | { type: 'wipe' }
  /** The page is leaving after the frame's `exit`: the frame need not replace it itself. */
  | { type: 'leaving' };

/** The frame → launcher. */
export type FrameMessage =
  /** The frame has loaded and listens. */
  | { type: 'ready' }
  /** The visitor hid the panel; a chat in progress goes on. */
  | { type: 'hide' }
  /** The chat is over and forgotten: the frame can go. */
  | { type: 'closed' }
  /** Whether a chat is going on, so a reload of the page opens the frame again. */
  | { type: 'active'; active: boolean }
  /** Messages from the volunteer the visitor has not seen (the panel is hidden). */
  | { type: 'unread'; count: number }
  /** The visitor chose another language inside the chat. */
  | { type: 'language'; language: WidgetLanguage }
  /** Escape pressed inside the frame: counts toward "Escape twice" on the page. */
  | { type: 'escape' }
  /** Leave now for this page; the frame has already wiped everything. */
  | { type: 'exit'; url: string }
  /** The frame finished wiping after `wipe`; the service's exit page once it is known. */
  | { type: 'wiped'; url?: string };

/** The envelope both directions use. */
export function envelope(message: HostMessage | FrameMessage): { channel: string } & object {
  return { channel: CHANNEL, ...message };
}

const MAX_UNREAD = 999;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Only http(s) pages may be an exit: never `javascript:` or `data:`. */
export function safeExitUrl(value: unknown): string | undefined {
  if (typeof value !== 'string' || value.length > 2000) return undefined;
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.href : undefined;
  } catch {
    return undefined;
  }
}

/** A message from the launcher, or undefined for anything else. */
export function readHostMessage(data: unknown): HostMessage | undefined {
  if (!isRecord(data) || data.channel !== CHANNEL) return undefined;
  switch (data.type) {
    case 'show':
    case 'wipe':
    case 'leaving':
      return { type: data.type };
    default:
      return undefined;
  }
}

/** A message from the frame, or undefined for anything else. */
export function readFrameMessage(data: unknown): FrameMessage | undefined {
  if (!isRecord(data) || data.channel !== CHANNEL) return undefined;
  switch (data.type) {
    case 'ready':
    case 'hide':
    case 'closed':
    case 'escape':
      return { type: data.type };
    case 'wiped': {
      const url = safeExitUrl(data.url);
      return url ? { type: 'wiped', url } : { type: 'wiped' };
    }
    case 'active':
      return typeof data.active === 'boolean' ? { type: 'active', active: data.active } : undefined;
    case 'unread': {
      const count = data.count;
      return typeof count === 'number' && Number.isInteger(count) && count >= 0
        ? { type: 'unread', count: Math.min(count, MAX_UNREAD) }
        : undefined;
    }
    case 'language':
      return (WIDGET_LANGUAGES as unknown[]).includes(data.language)
        ? { type: 'language', language: data.language as WidgetLanguage }
        : undefined;
    case 'exit': {
      const url = safeExitUrl(data.url);
      return url ? { type: 'exit', url } : undefined;
    }
    default:
      return undefined;
  }
}

/** The panel's theme, passed to the frame in its address and checked there. */
export interface FrameTheme {
  /** `#rrggbb` */
  accent?: string;
  /** Corner radius in px, 0–24. */
  radius?: number;
}

/** A colour the panel may take: six hex digits, nothing that could be CSS of its own. */
export function readAccent(value: string | null | undefined): string | undefined {
  return value && /^#[0-9a-fA-F]{6}$/.test(value) ? value.toLowerCase() : undefined;
}

/** A corner radius the panel may take, in px. */
export function readRadius(value: string | null | undefined): number | undefined {
  if (!value || !/^\d{1,2}$/.test(value)) return undefined;
  const radius = Number(value);
  return radius <= 24 ? radius : undefined;
}

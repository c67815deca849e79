import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { Route } from '../../shared/protocol/schemas.js';
import type { CounsellorController } from './counsellor.controller.js';
import type { ConsoleMessages } from './i18n.js';

/**
 * Someone new waits and this counsellor is available, a visitor wrote in a chat that
 * is not on screen, or a new letter came to the mailbox: a short tone, the count in the tab's title, and (if allowed, and the
 * tab is hidden) a desktop notification naming only the route. A supervisor is also
 * told of an acute chat or a debrief asked for, naming only the counsellor's display
 * name (and the route). It looks after every
 * update of its host, so it works on every screen of the console, not only where the
 * queue or the chat is shown.
 */
export class QueueNotifier implements ReactiveController {
  /** Desktop notifications: asked for, and allowed by the browser. */
  enabled = false;
  /** Asked for, and not allowed by the browser. */
  blocked = false;
  /** Visitors waiting at the last update, to notice a new one. */
  private lastWaiting = 0;
  /** Unread messages at the last update, to notice a new one. */
  private lastUnread = 0;
  /** Mailboxes waiting for an answer at the last update, to notice a new letter. */
  private lastLetters = 0;
  private lettersBefore: Partial<Record<Route, number>> = {};
  /** The newest supervisor alert at the last update. */
  private lastAlert = 0;
  private audio?: AudioContext;

  constructor(
    host: ReactiveControllerHost,
    private readonly live: Pick<CounsellorController, 'presence' | 'stats' | 'chats' | 'alerts'>,
    /** The console's texts, read at each update: the language can change. */
    private readonly texts: () => ConsoleMessages,
  ) {
    host.addController(this);
  }

  hostUpdated(): void {
    const t = this.texts();
    const { presence, stats, chats } = this.live;
    const waiting = Object.values(stats).reduce((sum, s) => sum + (s?.waiting ?? 0), 0);
    const available = presence.available;
    let unread = 0;
    for (const chat of chats.values()) unread += chat.unread;
    const letters = Object.values(stats).reduce((sum, s) => sum + (s?.mailboxes ?? 0), 0);
    // What needs the counsellor: visitors waiting for them, and messages not yet seen.
    const pending = (available ? waiting : 0) + unread;
    document.title = pending > 0 ? `(${pending}) ${t.title}` : t.title;
    const alert = this.live.alerts.at(-1);
    if (alert && alert.id > this.lastAlert) {
      // Before anything else: a colleague in an acute chat, or asking for support.
      this.lastAlert = alert.id;
      this.chime();
      this.notify(
        alert.kind === 'acute'
          ? t.alertAcute(alert.alias, t.route(alert.route))
          : t.alertDebrief(alert.alias),
        `jourchatt-alert-${alert.id}`,
      );
    } else if (available && waiting > this.lastWaiting) {
      this.chime();
      const route = (Object.keys(stats) as Route[]).find((r) => (stats[r]?.waiting ?? 0) > 0);
      if (route) this.notify(t.someoneWaiting(t.route(route)), 'jourchatt-queue');
    } else if (unread > this.lastUnread) {
      this.chime();
      this.notify(t.newMessage, 'jourchatt-message');
    } else if (letters > this.lastLetters) {
      // A letter waits days, not minutes: it does not count in the title, but it is
      // announced as a visitor in the queue is, whether one takes chats now or not.
      this.chime();
      const route = (Object.keys(stats) as Route[]).find(
        (r) => (stats[r]?.mailboxes ?? 0) > (this.lettersBefore[r] ?? 0),
      );
      if (route) this.notify(t.newLetter(t.route(route)), 'jourchatt-letter');
    }
    this.lastWaiting = waiting;
    this.lastUnread = unread;
    this.lastLetters = letters;
    this.lettersBefore = Object.fromEntries(
      (Object.keys(stats) as Route[]).map((r) => [r, stats[r]?.mailboxes ?? 0]),
    );
  }

  /** A desktop notification, only while the console's tab is hidden; never any content. */
  private notify(text: string, tag: string): void {
    if (!this.enabled || !document.hidden || Notification.permission !== 'granted') return;
    new Notification(text, { tag, silent: true });
  }

  /** Turns desktop notifications on (asking the browser) or off; returns whether on. */
  async enable(wanted: boolean): Promise<boolean> {
    if (!wanted) {
      this.enabled = false;
      return false;
    }
    const permission =
      typeof Notification === 'undefined' ? 'denied' : await Notification.requestPermission();
    this.enabled = permission === 'granted';
    this.blocked = !this.enabled;
    return this.enabled;
  }

  /** To be called on a click: the moment a browser lets a page make sound later. */
  unlockSound(): void {
    this.audio ??= new AudioContext();
    void this.audio.resume();
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
}

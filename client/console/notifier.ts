import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { Route } from '../../shared/protocol/schemas.js';
import type { CounsellorController } from './counsellor.controller.js';
import type { ConsoleMessages } from './i18n.js';

/**
 * Someone new waits and this counsellor is available, a visitor wrote in a chat that
 * is not on screen, or a new letter came to the mailbox: a short tone, the count in the
 * tab's title, and (if allowed, and the tab is hidden) a desktop notification naming
 * only the route. Someone in danger waiting has words and a tone of their own (three
 * quick high beeps), and is announced whether or not this counsellor is marked
 * available: it may take someone changing that. A supervisor is also told of an acute
 * chat or a debrief asked for, naming only the counsellor's display name (and the
 * route). It looks after every update of its host, so it works on every screen of the
 * console, not only where the queue or the chat is shown.
 */
export class QueueNotifier implements ReactiveController {
  /** Desktop notifications: asked for, and allowed by the browser. */
  enabled = false;
  /** Asked for, and not allowed by the browser. */
  blocked = false;
  /** Visitors waiting at the last update, to notice a new one. */
  private lastWaiting = 0;
  /** Of them, those who said they are in danger. */
  private lastUrgent = 0;
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
    const urgent = Object.values(stats).reduce((sum, s) => sum + (s?.urgent ?? 0), 0);
    const available = presence.available;
    let unread = 0;
    for (const chat of chats.values()) unread += chat.unread;
    const letters = Object.values(stats).reduce((sum, s) => sum + (s?.mailboxes ?? 0), 0);
    // What needs the counsellor: visitors waiting for them, and messages not yet seen.
    const pending = (available ? waiting : 0) + unread;
    document.title = pending > 0 ? `(${pending}) ${t.title}` : t.title;
    const alert = this.live.alerts.at(-1);
    const newAlert = alert && alert.id > this.lastAlert ? alert : undefined;
    if (newAlert) {
      // A colleague in an acute chat, or asking for a debrief: told even beside someone
      // in danger arriving at the same update.
      this.lastAlert = newAlert.id;
      this.notify(
        newAlert.kind === 'acute'
          ? t.alertAcute(newAlert.alias, t.route(newAlert.route))
          : t.alertDebrief(newAlert.alias),
        `jourchatt-alert-${newAlert.id}`,
      );
    }
    if (urgent > this.lastUrgent) {
      this.chime(true);
      const route = (Object.keys(stats) as Route[]).find((r) => (stats[r]?.urgent ?? 0) > 0);
      if (route) this.notify(t.someoneInDanger(t.route(route)), 'jourchatt-urgent');
    } else if (newAlert) {
      this.chime();
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
    this.lastUrgent = urgent;
    this.lastUnread = unread;
    this.lastLetters = letters;
    this.lettersBefore = Object.fromEntries(
      (Object.keys(stats) as Route[]).map((r) => [r, stats[r]?.mailboxes ?? 0]),
    );
  }

  /** Something for this console alone (a colleague asks for support): a tone and a notification. */
  alert(text: string, tag: string): void {
    this.chime();
    this.notify(text, tag);
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

  /** A short tone; `urgent`: three quick higher beeps, not to be taken for the usual one. */
  private chime(urgent = false): void {
    const audio = this.audio;
    if (!audio || audio.state !== 'running') return;
    const beeps = urgent ? [0, 0.18, 0.36] : [0];
    const length = urgent ? 0.14 : 0.4;
    for (const at of beeps) {
      const start = audio.currentTime + at;
      const tone = audio.createOscillator();
      const gain = audio.createGain();
      tone.frequency.value = urgent ? 1320 : 880;
      gain.gain.setValueAtTime(0.15, start);
      gain.gain.exponentialRampToValueAtTime(0.001, start + length);
      tone.connect(gain).connect(audio.destination);
      tone.start(start);
      tone.stop(start + length);
    }
  }
}

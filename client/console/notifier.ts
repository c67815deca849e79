import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { Route } from '../../shared/protocol/schemas.js';
import type { CounsellorController } from './counsellor.controller.js';
import type { ConsoleMessages } from './i18n.js';

/**
 * Someone new waits and this counsellor is available: a short tone, the count in the
 * tab's title, and (if allowed, and the tab is hidden) a desktop notification naming
 * only the route. It looks after every update of its host, so it works on every screen
 * of the console, not only where the queue is shown.
 */
export class QueueNotifier implements ReactiveController {
  /** Desktop notifications: asked for, and allowed by the browser. */
  enabled = false;
  /** Asked for, and not allowed by the browser. */
  blocked = false;
  /** Visitors waiting at the last update, to notice a new one. */
  private lastWaiting = 0;
  private audio?: AudioContext;

  constructor(
    host: ReactiveControllerHost,
    private readonly live: Pick<CounsellorController, 'presence' | 'stats'>,
    private readonly t: ConsoleMessages,
  ) {
    host.addController(this);
  }

  hostUpdated(): void {
    const { presence, stats } = this.live;
    const waiting = Object.values(stats).reduce((sum, s) => sum + (s?.waiting ?? 0), 0);
    const available = presence.available;
    document.title = available && waiting > 0 ? `(${waiting}) ${this.t.title}` : this.t.title;
    if (available && waiting > this.lastWaiting) {
      this.chime();
      const route = (Object.keys(stats) as Route[]).find((r) => (stats[r]?.waiting ?? 0) > 0);
      if (this.enabled && document.hidden && route && Notification.permission === 'granted') {
        new Notification(this.t.someoneWaiting(this.t.route(route)), {
          tag: 'jourchatt-queue',
          silent: true,
        });
      }
    }
    this.lastWaiting = waiting;
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

import type { ReactiveController, ReactiveControllerHost } from 'lit';

/** One sentence for the live region, with a key so that Lit never rewrites an old one. */
export interface Announcement {
  readonly id: number;
  readonly text: string;
}

/** Enough to hear a burst of events; older sentences leave the region (not re-read). */
const KEEP = 5;

/**
 * The console's polite live region: each event becomes one new sentence appended to the
 * region, in the console's language at the moment it happened, and is never changed
 * afterwards. A screen reader announces additions once; a sentence rewritten in place
 * (a new language, a count going up) would be read again, so none is.
 */
export class Announcer implements ReactiveController {
  private entries: Announcement[] = [];
  private next = 0;

  constructor(private readonly host: ReactiveControllerHost) {
    host.addController(this);
  }

  hostConnected(): void {}

  /** What the region holds now, oldest first. */
  get announcements(): readonly Announcement[] {
    return this.entries;
  }

  say(text: string): void {
    this.entries = [...this.entries, { id: this.next++, text }].slice(-KEEP);
    this.host.requestUpdate();
  }

  /** Signing out: nothing of the last session stays on screen for the next reader. */
  clear(): void {
    this.entries = [];
    this.host.requestUpdate();
  }
}

/**
 * How many chats one address may start in a window: enough for a shared computer in
 * a library or a mobile operator's shared address, too few to flood the queue. The
 * address arrives already keyed (AddressKeyer), so none is kept.
 */
export class StartLimiter {
  private readonly starts = new Map<string, number[]>();

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
    private readonly now: () => number = Date.now,
    private readonly maxKeys = 100_000,
  ) {}

  /** Records a start for `key` and says whether it is within the limit. */
  take(key: string): boolean {
    const now = this.now();
    const recent = (this.starts.get(key) ?? []).filter((at) => now - at < this.windowMs);
    if (recent.length >= this.limit) {
      this.starts.set(key, recent);
      return false;
    }
    recent.push(now);
    this.starts.delete(key);
    this.starts.set(key, recent);
    // Oldest keys go first when the map is full (a Map keeps insertion order).
    while (this.starts.size > this.maxKeys) {
      const oldest = this.starts.keys().next().value;
      if (oldest === undefined) break;
      this.starts.delete(oldest);
    }
    return true;
  }
}

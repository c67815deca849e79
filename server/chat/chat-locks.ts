/*
 * Changes to one chat made one at a time within this process. Each change reads the
 * chat from the live state, awaits on the way (Redis, the store, a broadcast) and
 * writes it back: two at once on one chat (a visitor's `chat:resume` and the console's
 * `chats:resume` after the same process died, say) would each write back what it read
 * and undo the other's change. Across processes the live state's own atomic steps
 * decide; within one, a change waits for the one before it on the same chat.
 */
export class ChatLocks {
  /** The last change queued on each chat; gone once it settles with none after it. */
  private readonly tails = new Map<string, Promise<void>>();

  /** Runs `change` after every change already queued on `chatId` has settled. */
  run<T>(chatId: string | undefined, change: () => Promise<T>): Promise<T> {
    if (chatId === undefined) return change();
    const before = this.tails.get(chatId) ?? Promise.resolve();
    const result = before.then(change);
    const tail = result.then(
      () => undefined,
      () => undefined,
    );
    this.tails.set(chatId, tail);
    void tail.then(() => {
      if (this.tails.get(chatId) === tail) this.tails.delete(chatId);
    });
    return result;
  }
}

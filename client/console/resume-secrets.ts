import { z } from 'zod';
import type { ResumeSecret } from '../../shared/crypto/chat.js';
import { parseJson } from '../../shared/protocol/parse.js';
import { ChatId, Epoch } from '../../shared/protocol/schemas.js';

/** The console tab's one sessionStorage key: the resume keys of its live chats. */
const STORAGE_KEY = 'jour-console:resume';

const Stored = z
  .array(z.object({ chatId: ChatId, epoch: Epoch, key: z.string().max(64) }).strict())
  .max(20);

/**
 * The resume key of each live chat's last epoch (protocol v2), so that after a reload
 * of this tab the console can prove to the visitor that it is the same console, and
 * check the visitor's proof. Kept in this tab's sessionStorage only while the chat
 * lasts: gone when the chat ends, on logout, and with the tab.
 */
export class ResumeSecrets {
  private readonly secrets = new Map<string, ResumeSecret>();

  constructor() {
    try {
      const stored = parseJson(Stored, sessionStorage.getItem(STORAGE_KEY));
      if (stored.ok) for (const secret of stored.data) this.secrets.set(secret.chatId, secret);
    } catch {
      // No storage: a reload re-keys without a proof, and the visitor is warned.
    }
  }

  get(chatId: string): ResumeSecret | undefined {
    return this.secrets.get(chatId);
  }

  set(secret: ResumeSecret): void {
    this.secrets.set(secret.chatId, secret);
    this.save();
  }

  delete(chatId: string): void {
    if (this.secrets.delete(chatId)) this.save();
  }

  clear(): void {
    this.secrets.clear();
    this.save();
  }

  private save(): void {
    try {
      if (this.secrets.size === 0) sessionStorage.removeItem(STORAGE_KEY);
      else sessionStorage.setItem(STORAGE_KEY, JSON.stringify([...this.secrets.values()]));
    } catch {
      // Unavailable: as above.
    }
  }
}

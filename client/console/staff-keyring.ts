import { forgetKeyPair } from '../../shared/crypto/chat.js';
import type { KeyPair } from '../../shared/crypto/session.js';
import type { StretchCost } from '../../shared/crypto/staff-keys.js';
import type { StaffKeyRecord } from '../../shared/protocol/schemas.js';
import type { AckResult, ErrorCode } from '../../shared/protocol/errors.js';

/*
 * The account's long-term mailbox key in this tab (docs/PROTOCOL.md §21.4). The
 * private key is unwrapped (or made) with the password at sign-in, kept in memory
 * only, and wiped on sign-out; the password itself is not kept. Argon2id needs
 * libsodium's sumo build: staff-keys.ts is imported only when a key is opened, so the
 * console's first screen (and the widget, always) goes without it.
 */

/** `staffkey:get` and `staffkey:set`, as the controller sends them. */
export interface StaffKeyServer {
  get(): Promise<AckResult<StaffKeyRecord | null>>;
  set(record: StaffKeyRecord): Promise<AckResult<null>>;
}

/**
 * Why a key could not be opened: a wrong password, no key to open where none may be
 * made (`no_key`), or the server's error.
 */
export type UnlockError = 'bad_password' | 'no_key' | ErrorCode;

const staffKeys = () => import('../../shared/crypto/staff-keys.js');

async function loaded() {
  const module = await staffKeys();
  await module.loadStaffCrypto();
  return module;
}

export class StaffKeyring {
  /** `locked`: no key in memory (a reload signs in without the password). */
  state: 'locked' | 'opening' | 'open' = 'locked';
  /** The key was made in this tab: letters sealed to an earlier one are not readable. */
  made = false;
  private keyPair?: KeyPair;
  private record?: StaffKeyRecord;

  constructor(
    /** How hard a new wrapping stretches the password: libsodium's "moderate" unless a test says. */
    private readonly cost?: StretchCost,
  ) {}

  /** The key pair, while it is open: only for sealing and opening letters. */
  get pair(): KeyPair | undefined {
    return this.keyPair;
  }

  get publicKey(): string | undefined {
    return this.record?.publicKey;
  }

  /**
   * Unwraps the account's key with its password, or makes one if it has none (a new
   * account, or after a reset) and `make` says the server has just checked the
   * password (a sign-in): a key wrapped under a mistyped password would be lost. Two
   * tabs making one at once: the second is refused (`wrong_state`) and unwraps the
   * first's.
   */
  async unlock(
    server: StaffKeyServer,
    password: string,
    make: boolean,
  ): Promise<UnlockError | undefined> {
    if (this.state === 'open') return undefined;
    this.state = 'opening';
    try {
      const { newStaffKey, unwrapStaffKey } = await loaded();
      for (let attempt = 0; attempt < 2; attempt += 1) {
        const stored = await server.get();
        if (!stored.ok) return stored.error;
        if (stored.data) {
          try {
            this.keep(unwrapStaffKey(stored.data, password), stored.data);
            return undefined;
          } catch {
            return 'bad_password';
          }
        }
        if (!make) return 'no_key';
        const { keyPair, stored: record } = newStaffKey(password, this.cost);
        const saved = await server.set(record);
        if (saved.ok) {
          this.made = true;
          this.keep(keyPair, record);
          return undefined;
        }
        forgetKeyPair(keyPair);
        if (saved.error !== 'wrong_state') return saved.error;
      }
      return 'wrong_state';
    } finally {
      if (this.state === 'opening') this.state = this.keyPair ? 'open' : 'locked';
    }
  }

  /**
   * The account's key wrapped under `next`, to go with the password change; undefined
   * if the account has no key yet. A key not open in this tab is unwrapped with
   * `current` for this and wiped again.
   */
  async rewrap(
    server: StaffKeyServer,
    current: string,
    next: string,
  ): Promise<{ record?: StaffKeyRecord } | { error: 'bad_password' | ErrorCode }> {
    const { unwrapStaffKey, wrapStaffKey } = await loaded();
    if (this.keyPair) return { record: wrapStaffKey(this.keyPair, next, this.cost) };
    const stored = await server.get();
    if (!stored.ok) return { error: stored.error };
    if (!stored.data) return {};
    let keyPair: KeyPair;
    try {
      keyPair = unwrapStaffKey(stored.data, current);
    } catch {
      return { error: 'bad_password' };
    }
    try {
      return { record: wrapStaffKey(keyPair, next, this.cost) };
    } finally {
      forgetKeyPair(keyPair);
    }
  }

  /** Wipes the private key (sign-out, or the session ended). */
  lock(): void {
    forgetKeyPair(this.keyPair);
    this.keyPair = undefined;
    this.record = undefined;
    this.made = false;
    this.state = 'locked';
  }

  private keep(keyPair: KeyPair, record: StaffKeyRecord): void {
    forgetKeyPair(this.keyPair);
    this.keyPair = keyPair;
    this.record = record;
    this.state = 'open';
  }
}

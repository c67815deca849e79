import type { IncomingMessage } from 'node:http';

/*
 * How many connections one client address may hold open in this process: enough for
 * a library's or an office's shared address, too few for one host to exhaust the
 * server with thousands of idle sockets. Counted per keyed address (AddressKeyer),
 * so no address is kept. Each process counts its own: behind a balancer with N
 * processes one address may hold up to N times the cap, which still bounds it.
 */

export class ConnectionCap {
  private readonly open = new Map<string, number>();

  constructor(private readonly max: number) {}

  /**
   * Takes a place for `key`: the function that gives it back (safe to call more than
   * once), or undefined when the key holds `max` already.
   */
  take(key: string): (() => void) | undefined {
    const count = this.open.get(key) ?? 0;
    if (count >= this.max) return undefined;
    this.open.set(key, count + 1);
    let given = false;
    return () => {
      if (given) return;
      given = true;
      const left = (this.open.get(key) ?? 1) - 1;
      if (left > 0) this.open.set(key, left);
      else this.open.delete(key);
    };
  }

  /** Connections open for `key` now (for tests and the board). */
  count(key: string): number {
    return this.open.get(key) ?? 0;
  }
}

/** The part of an Engine.IO server the cap listens to. */
interface Engine {
  on(event: 'connection', listener: (socket: EngineSocket) => void): unknown;
  on(event: 'connection_error', listener: (error: { req: IncomingMessage }) => void): unknown;
}
interface EngineSocket {
  request: IncomingMessage;
  once(event: 'close', listener: () => void): unknown;
}

/**
 * The cap on an Engine.IO server's connections: `admit` is asked at the handshake
 * (its allowRequest) and takes a place; the place is given back when the connection
 * closes, when the handshake fails after all, or, for a WebSocket upgrade that never
 * completes, when its TCP connection closes.
 */
export class EngineConnectionCap {
  private readonly pending = new WeakMap<IncomingMessage, () => void>();

  constructor(
    private readonly cap: ConnectionCap,
    private readonly keyOf: (request: IncomingMessage) => Promise<string>,
  ) {}

  async admit(request: IncomingMessage): Promise<boolean> {
    const give = this.cap.take(await this.keyOf(request));
    if (!give) return false;
    this.pending.set(request, give);
    if (request.headers.upgrade) request.socket.once('close', give);
    return true;
  }

  watch(engine: Engine): void {
    engine.on('connection', (socket) => {
      const give = this.pending.get(socket.request);
      if (!give) return;
      this.pending.delete(socket.request);
      socket.once('close', give);
    });
    engine.on('connection_error', ({ req }) => {
      this.pending.get(req)?.();
      this.pending.delete(req);
    });
  }
}

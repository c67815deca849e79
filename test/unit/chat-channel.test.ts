import { beforeAll, describe, expect, it } from 'vitest';
import {
  ChatChannel,
  TYPING_IDLE_MS,
  type ChannelLine,
  type Clock,
  type Incoming,
} from '../../client/shared/chat-channel.js';
import {
  completeCounsellorHandshake,
  completeVisitorHandshake,
  readyCrypto,
  sealText,
  startCounsellorHandshake,
  startVisitorHandshake,
  type Session,
} from '../../shared/crypto/chat.js';
import type { AckResult, ErrorCode } from '../../shared/protocol/errors.js';
import type { Sender, WireFrame } from '../../shared/protocol/schemas.js';

const CHAT = 'AAAAAAAAAAAAAAAAAAAAAA';

beforeAll(async () => {
  await readyCrypto();
});

/** Timers that fire only when the test moves time on. */
class ManualClock implements Clock {
  private now = 0;
  private readonly timers: { at: number; callback: () => void; live: boolean }[] = [];

  after(ms: number, callback: () => void): () => void {
    const timer = { at: this.now + ms, callback, live: true };
    this.timers.push(timer);
    return () => (timer.live = false);
  }

  advance(ms: number): void {
    const until = this.now + ms;
    for (;;) {
      const [due] = this.timers.filter((t) => t.live && t.at <= until).sort((a, b) => a.at - b.at);
      if (!due) break;
      due.live = false;
      this.now = due.at;
      due.callback();
    }
    this.now = until;
  }
}

/**
 * What the relay does with a frame: relays it and answers with the peer's receipt,
 * relays it but the answer is lost (the client's ack times out: `internal`), or
 * refuses it with a code.
 */
type Fate = 'relayed' | 'ack_lost' | ErrorCode;

/** One side of a chat: its channel, the lines on its screen, and what it put on the wire. */
class Side<Peer extends string> {
  lines: ChannelLine<Peer>[] = [];
  /** Event names in the order they went out. */
  readonly wire: string[] = [];
  readonly frames: WireFrame[] = [];
  readonly typing: boolean[] = [];
  readonly received: (Incoming | undefined)[] = [];
  /** Whether the chat is live, so that typing may be told. */
  live = true;
  /** The relay refuses frames with `peer_away`. */
  peerAway = false;
  /** The fate of the next frames, in order; after them, frames are relayed. */
  readonly fates: Fate[] = [];
  peer?: Side<string>;
  readonly channel: ChatChannel<Peer>;

  constructor(
    role: Sender,
    peer: Peer,
    clock: Clock,
    /** A counsellor's alias, and the label of a colleague's lines on its console. */
    names: { alias?: string; colleague?: Peer } = {},
  ) {
    this.channel = new ChatChannel({
      role,
      peer,
      ...(names.alias !== undefined && { alias: () => names.alias }),
      ...(names.colleague && { colleague: names.colleague }),
      send: (frame) => this.relay(frame),
      typing: (typing) => {
        if (!this.live) return false;
        this.wire.push('chat:typing');
        this.typing.push(typing);
        return true;
      },
      lines: () => this.lines,
      setLines: (lines) => (this.lines = lines),
      clock,
    });
  }

  texts(): string[] {
    return this.lines.map((line) => line.text);
  }

  receive(frame: WireFrame): boolean {
    let opened = false;
    this.received.push(this.channel.receive(frame, (receipt) => (opened = receipt.ok)));
    return opened;
  }

  private async relay(frame: WireFrame): Promise<AckResult<null>> {
    this.wire.push('chat:send');
    this.frames.push(frame);
    await Promise.resolve();
    if (this.peerAway) return { ok: false, error: 'peer_away' };
    const fate = this.fates.shift() ?? 'relayed';
    if (fate !== 'relayed' && fate !== 'ack_lost') return { ok: false, error: fate };
    const opened = this.peer?.receive(frame) ?? false;
    if (fate === 'ack_lost') return { ok: false, error: 'internal' };
    return opened ? { ok: true, data: null } : { ok: false, error: 'not_delivered' };
  }
}

/** Both sessions of one epoch, from the same handshake the widget and the console run. */
function handshake(epoch: number, chatId = CHAT): { visitor: Session; counsellor: Session } {
  const pending = startVisitorHandshake();
  const offer = startCounsellorHandshake();
  const { session: visitor, reveal } = completeVisitorHandshake(pending, {
    chatId,
    epoch,
    counsellorKey: offer.publicKey,
    counsellorAlias: 'Anna',
  });
  const counsellor = completeCounsellorHandshake(
    offer.keyPair,
    { chatId, epoch, commitment: pending.commitment },
    reveal,
  );
  return { visitor, counsellor };
}

function connect<P extends string>(
  visitor: Side<'them'>,
  counsellor: Side<P>,
  epoch: number,
): void {
  visitor.peer = counsellor;
  counsellor.peer = visitor;
  const sessions = handshake(epoch);
  visitor.channel.keyed(sessions.visitor);
  counsellor.channel.keyed(sessions.counsellor);
}

function chat() {
  const clock = new ManualClock();
  const visitor = new Side('visitor', 'them', clock);
  const counsellor = new Side('counsellor', 'visitor', clock);
  connect(visitor, counsellor, 0);
  return { clock, visitor, counsellor };
}

/** Lets every answer already on its way arrive (no timers: promise callbacks only). */
const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('sending', () => {
  it('shows a message as sending, then sent once the peer opened it', async () => {
    const { visitor, counsellor } = chat();
    visitor.channel.send('  Hej, någon slog mig igår  ');
    expect(visitor.lines).toMatchObject([
      { from: 'me', text: 'Hej, någon slog mig igår', state: 'sending' },
    ]);
    await settle();
    expect(visitor.lines[0]?.state).toBe('sent');
    expect(counsellor.lines).toEqual([
      { id: visitor.lines[0]?.id, from: 'visitor', text: 'Hej, någon slog mig igår' },
    ]);
  });

  it('sends nothing for a blank message', () => {
    const { visitor } = chat();
    expect(visitor.channel.send('  \n ')).toBeUndefined();
    expect(visitor.lines).toEqual([]);
    expect(visitor.frames).toEqual([]);
  });

  it('keeps what is written while the peer is away and sends it once, in order, when they are back', async () => {
    const { visitor, counsellor } = chat();
    visitor.peerAway = true;
    visitor.channel.send('one');
    visitor.channel.send('two');
    await settle();
    expect(visitor.lines.map((line) => line.state)).toEqual(['sending', 'sending']);
    expect(counsellor.lines).toEqual([]);

    visitor.peerAway = false;
    await visitor.channel.flush();
    expect(counsellor.texts()).toEqual(['one', 'two']);
    expect(visitor.lines.map((line) => line.state)).toEqual(['sent', 'sent']);

    const sent = visitor.frames.length;
    await visitor.channel.flush();
    expect(visitor.frames).toHaveLength(sent);
    expect(counsellor.texts()).toEqual(['one', 'two']);
  });

  it('marks a refused message failed, and sends the same ciphertext again on retry', async () => {
    const { visitor, counsellor } = chat();
    visitor.fates.push('internal');
    visitor.channel.send('hello');
    await settle();
    const [line] = visitor.lines;
    expect(line?.state).toBe('failed');
    expect(counsellor.lines).toEqual([]);

    visitor.channel.retry(line!.id);
    expect(visitor.lines[0]?.state).toBe('sending');
    await settle();
    expect(visitor.lines[0]?.state).toBe('sent');
    expect(visitor.frames).toHaveLength(2);
    expect(visitor.frames[1]).toEqual(visitor.frames[0]);
    expect(counsellor.texts()).toEqual(['hello']);
  });

  it('marks a message the peer could not open failed', async () => {
    const { visitor, counsellor } = chat();
    counsellor.channel.dropSession();
    visitor.channel.send('hello');
    await settle();
    expect(visitor.lines[0]?.state).toBe('failed');
    expect(counsellor.lines).toEqual([]);
  });

  it('holds a message while re-keying and seals it in the new epoch', async () => {
    const { visitor, counsellor } = chat();
    visitor.channel.dropSession();
    visitor.channel.send('waiting for keys');
    await settle();
    expect(visitor.frames).toEqual([]);
    expect(visitor.lines[0]?.state).toBe('sending');

    connect(visitor, counsellor, 1);
    await visitor.channel.flush();
    expect(visitor.frames.map((frame) => frame.epoch)).toEqual([1]);
    expect(counsellor.texts()).toEqual(['waiting for keys']);
    expect(visitor.lines[0]?.state).toBe('sent');
  });

  it('holds a message while it cannot send and sends it on the next flush', async () => {
    let online = false;
    const lines: ChannelLine<'them'>[] = [];
    const frames: WireFrame[] = [];
    const channel = new ChatChannel({
      role: 'visitor',
      peer: 'them',
      send: (frame) => {
        frames.push(frame);
        return Promise.resolve({ ok: true, data: null });
      },
      canSend: () => online,
      typing: () => true,
      lines: () => lines,
      setLines: (next) => lines.splice(0, lines.length, ...next),
      clock: new ManualClock(),
    });
    channel.keyed(handshake(0).visitor);
    channel.send('offline');
    await settle();
    expect(frames).toEqual([]);
    expect(lines[0]?.state).toBe('sending');

    online = true;
    await channel.flush();
    expect(frames).toHaveLength(1);
    expect(lines[0]?.state).toBe('sent');
  });
});

describe('receiving', () => {
  it('shows a message resent after its answer was lost once, and confirms the resend', async () => {
    const { visitor, counsellor } = chat();
    visitor.fates.push('ack_lost');
    visitor.channel.send('are you there?');
    await settle();
    expect(visitor.lines[0]?.state).toBe('failed');
    expect(counsellor.texts()).toEqual(['are you there?']);

    visitor.channel.retry(visitor.lines[0]!.id);
    await settle();
    expect(counsellor.received).toEqual(['message', undefined]);
    expect(counsellor.texts()).toEqual(['are you there?']);
    expect(visitor.lines[0]?.state).toBe('sent');
  });

  it('shows a message sealed again after a re-key once', async () => {
    const { visitor, counsellor } = chat();
    visitor.fates.push('ack_lost');
    visitor.channel.send('are you there?');
    await settle();
    expect(counsellor.texts()).toEqual(['are you there?']);

    connect(visitor, counsellor, 1);
    await visitor.channel.flush();
    expect(visitor.frames.map((frame) => frame.epoch)).toEqual([0, 1]);
    expect(counsellor.received).toEqual(['message', 'repeat']);
    expect(counsellor.texts()).toEqual(['are you there?']);
    expect(visitor.lines[0]?.state).toBe('sent');
  });

  it('refuses a frame of another chat, or one without a session, in its receipt', () => {
    const { visitor, counsellor } = chat();
    const elsewhere = handshake(0, 'BBBBBBBBBBBBBBBBBBBBBB');
    expect(counsellor.receive(sealText(elsewhere.visitor, 'not yours'))).toBe(false);

    const frame = sealText(visitor.channel.session!, 'too late');
    counsellor.channel.dropSession();
    expect(counsellor.receive(frame)).toBe(false);
    expect(counsellor.received).toEqual([undefined, undefined]);
    expect(counsellor.lines).toEqual([]);
  });

  it('shows frames that arrive out of order each once, as they arrive', () => {
    const { visitor, counsellor } = chat();
    const session = visitor.channel.session!;
    const [first, second] = [sealText(session, 'first'), sealText(session, 'second')];
    expect(counsellor.receive(second)).toBe(true);
    expect(counsellor.receive(first)).toBe(true);
    expect(counsellor.receive(second)).toBe(true);
    expect(counsellor.texts()).toEqual(['second', 'first']);
  });
});

describe('typing', () => {
  it('tells the peer once that typing started, and once that it stopped after a pause', () => {
    const { clock, visitor } = chat();
    for (let key = 0; key < 5; key += 1) {
      visitor.channel.typed();
      clock.advance(1000);
    }
    expect(visitor.typing).toEqual([true]);
    clock.advance(TYPING_IDLE_MS - 1000 - 1);
    expect(visitor.typing).toEqual([true]);
    clock.advance(1);
    expect(visitor.typing).toEqual([true, false]);
    clock.advance(TYPING_IDLE_MS * 2);
    expect(visitor.typing).toEqual([true, false]);
  });

  it('says typing stopped just before the message goes', () => {
    const { clock, visitor } = chat();
    visitor.channel.typed();
    visitor.channel.send('done typing');
    expect(visitor.wire).toEqual(['chat:typing', 'chat:typing', 'chat:send']);
    expect(visitor.typing).toEqual([true, false]);
    clock.advance(TYPING_IDLE_MS);
    expect(visitor.typing).toEqual([true, false]);
  });

  it('tells nothing while the chat is not live, and tries again at the next keystroke', () => {
    const { visitor } = chat();
    visitor.live = false;
    visitor.channel.typed();
    expect(visitor.typing).toEqual([]);
    visitor.live = true;
    visitor.channel.typed();
    expect(visitor.typing).toEqual([true]);
  });
});

describe('history', () => {
  async function talk() {
    const parties = chat();
    const { visitor, counsellor } = parties;
    visitor.channel.send('a');
    await settle();
    counsellor.channel.send('b');
    await settle();
    visitor.channel.send('c');
    await settle();
    return parties;
  }

  it('replays the conversation in one frame to the new key, then what was still waiting', async () => {
    const { clock, visitor, counsellor } = await talk();
    counsellor.peerAway = true;
    counsellor.channel.send('d');
    await settle();
    const oldKeys = counsellor.channel.session!;

    // The visitor reloads: a new screen, new keys in the next epoch.
    const reloaded = new Side('visitor', 'them', clock);
    connect(reloaded, counsellor, 1);
    expect(oldKeys.closed).toBe(true);
    counsellor.peerAway = false;

    const before = counsellor.frames.length;
    expect(await counsellor.channel.sendHistory()).toBe(true);
    expect(counsellor.frames.slice(before).map((frame) => frame.epoch)).toEqual([1]);
    expect(reloaded.received).toEqual(['history']);
    const ids = counsellor.lines.map((line) => line.id);
    expect(reloaded.lines).toEqual([
      { id: ids[0], from: 'me', text: 'a', state: 'sent' },
      { id: ids[1], from: 'them', text: 'b' },
      { id: ids[2], from: 'me', text: 'c', state: 'sent' },
    ]);

    await counsellor.channel.flush();
    expect(reloaded.texts()).toEqual(['a', 'b', 'c', 'd']);
    expect(counsellor.lines[3]?.state).toBe('sent');
    expect(visitor.texts()).toEqual(['a', 'b', 'c']);
  });

  it('goes before what was said since the re-key, without the lines already shown', async () => {
    const { clock, visitor, counsellor } = await talk();
    // The console reloads: an empty screen, new keys, and the console speaks first.
    const reloaded = new Side('counsellor', 'visitor', clock);
    connect(visitor, reloaded, 1);
    reloaded.channel.send('I am back');
    await settle();
    expect(await visitor.channel.sendHistory()).toBe(true);
    expect(reloaded.texts()).toEqual(['a', 'b', 'c', 'I am back']);
    expect(reloaded.lines.map((line) => line.from)).toEqual(['visitor', 'me', 'visitor', 'me']);
    expect(counsellor.texts()).toEqual(['a', 'b', 'c']);
  });

  it('keeps whose each line is across a hand-over: a colleague’s stay theirs, never "me"', async () => {
    const clock = new ManualClock();
    type Console = Side<'visitor' | 'colleague'>;
    const counsellor = (alias: string): Console =>
      new Side('counsellor', 'visitor', clock, { alias, colleague: 'colleague' });
    const visitor = new Side('visitor', 'them', clock);
    const maja = counsellor('maja');
    connect(visitor, maja, 0);
    visitor.channel.send('I saw a robbery');
    await settle();
    maja.channel.send('I am listening');
    await settle();
    expect(visitor.lines[1]).toMatchObject({ from: 'them', by: 'maja' });

    // Handed over to Sam: new keys, and the visitor shares the conversation.
    const sam = counsellor('sam');
    connect(visitor, sam, 1);
    expect(await visitor.channel.sendHistory()).toBe(true);
    const whose = (side: Console) => side.lines.map(({ from, by, state }) => [from, by, state]);
    expect(whose(sam)).toEqual([
      ['visitor', undefined, undefined],
      ['colleague', 'maja', undefined],
    ]);
    sam.channel.send('Sam here');
    await settle();

    // Sam's console reloads: the visitor's screen sends it all again, each line still theirs.
    const reloaded = counsellor('sam');
    connect(visitor, reloaded, 2);
    expect(await visitor.channel.sendHistory()).toBe(true);
    expect(whose(reloaded)).toEqual([
      ['visitor', undefined, undefined],
      ['colleague', 'maja', undefined],
      ['me', undefined, 'sent'],
    ]);

    // And Sam's console, replaying to a reloaded visitor, names Maja's line as hers.
    const back = new Side('visitor', 'them', clock);
    connect(back, reloaded, 3);
    expect(await reloaded.channel.sendHistory()).toBe(true);
    expect(back.lines.map(({ from, by }) => [from, by])).toEqual([
      ['me', undefined],
      ['them', 'maja'],
      ['them', 'sam'],
    ]);
  });

  function longConversation(): ChannelLine<'visitor'>[] {
    return Array.from({ length: 150 }, (_, i) => ({
      id: `line${String(i).padStart(4, '0')}`,
      from: i % 2 ? 'me' : 'visitor',
      text: `line ${i}`,
    }));
  }

  it('splits a long conversation into frames, and shows every line once', async () => {
    const { visitor, counsellor } = chat();
    counsellor.lines = longConversation();
    expect(await counsellor.channel.sendHistory()).toBe(true);
    expect(counsellor.frames).toHaveLength(2);
    expect(visitor.received).toEqual(['history', 'history']);
    expect(visitor.texts().sort()).toEqual(counsellor.texts().sort());
  });

  // Known, left as it was: each history frame goes before the lines on screen, so the
  // later frames of a long history show above the earlier ones.
  it.fails('shows a history that came in several frames in the order written', async () => {
    const { visitor, counsellor } = chat();
    counsellor.lines = longConversation();
    await counsellor.channel.sendHistory();
    expect(visitor.texts()).toEqual(counsellor.texts());
  });

  it('sends nothing without a session, and stops at a refused frame', async () => {
    const { visitor, counsellor } = await talk();
    counsellor.channel.dropSession();
    expect(await counsellor.channel.sendHistory()).toBe(false);
    expect(counsellor.frames).toHaveLength(1);

    visitor.fates.push('rate_limited');
    expect(await visitor.channel.sendHistory()).toBe(false);
  });
});

describe('ending', () => {
  it('fails what was still sending when the chat ends, and sends nothing after', async () => {
    const { visitor, counsellor } = chat();
    const session = visitor.channel.session!;
    visitor.peerAway = true;
    visitor.channel.send('too late');
    await settle();
    visitor.channel.ended();
    expect(visitor.lines[0]?.state).toBe('failed');
    expect(session.closed).toBe(true);
    expect(visitor.channel.session).toBeUndefined();

    // Even with keys again, nothing of the ended chat goes out.
    visitor.peerAway = false;
    connect(visitor, counsellor, 1);
    const sent = visitor.frames.length;
    await visitor.channel.flush();
    expect(visitor.frames).toHaveLength(sent);
    expect(counsellor.lines).toEqual([]);
  });

  it('forgets the keys, the outbox and the typing timer on close', async () => {
    const { clock, visitor, counsellor } = chat();
    const session = visitor.channel.session!;
    visitor.peerAway = true;
    visitor.channel.send('never');
    visitor.channel.typed();
    await settle();
    visitor.channel.close();
    expect(session.closed).toBe(true);
    clock.advance(TYPING_IDLE_MS);
    expect(visitor.typing).toEqual([true]);

    visitor.peerAway = false;
    connect(visitor, counsellor, 1);
    const sent = visitor.frames.length;
    await visitor.channel.flush();
    expect(visitor.frames).toHaveLength(sent);
    expect(counsellor.lines).toEqual([]);
  });
});

describe('answers that come back out of order', () => {
  /** A relay whose answers the test gives, one pending send at a time. */
  function slowRelay() {
    const pending: ((result: AckResult<null>) => void)[] = [];
    let lines: ChannelLine<'them'>[] = [];
    const channel = new ChatChannel<'them'>({
      role: 'visitor',
      peer: 'them',
      send: () => new Promise((resolve) => pending.push(resolve)),
      typing: () => true,
      lines: () => lines,
      setLines: (next) => (lines = next),
    });
    channel.keyed(handshake(0).visitor);
    const settle = async () => {
      for (let i = 0; i < 5; i += 1) await Promise.resolve();
    };
    return { channel, pending, state: () => lines.map((line) => line.state), settle };
  }

  it('keeps a message sent when an older send of it answers late with a failure', async () => {
    const { channel, pending, state, settle } = slowRelay();
    channel.send('hello');
    // Sent again (a reconnect's flush) while the first send still waits for its answer.
    void channel.flush();
    expect(pending).toHaveLength(2);
    pending[1]?.({ ok: true, data: null });
    await settle();
    expect(state()).toEqual(['sent']);
    pending[0]?.({ ok: false, error: 'internal' });
    await settle();
    expect(state()).toEqual(['sent']);
  });

  it('lets only the newest send of a message decide a failure', async () => {
    const { channel, pending, state, settle } = slowRelay();
    channel.send('hello');
    channel.retry(lineId(channel));
    expect(pending).toHaveLength(2);
    // The first send's answer comes last: the second, still waiting, decides.
    pending[0]?.({ ok: false, error: 'not_delivered' });
    await settle();
    expect(state()).toEqual(['sending']);
    pending[1]?.({ ok: false, error: 'peer_away' });
    await settle();
    expect(state()).toEqual(['sending']);
  });

  it('counts a message delivered when an older send of it is confirmed after a newer one failed', async () => {
    const { channel, pending, state, settle } = slowRelay();
    channel.send('hello');
    void channel.flush();
    pending[1]?.({ ok: false, error: 'not_delivered' });
    await settle();
    expect(state()).toEqual(['failed']);
    pending[0]?.({ ok: true, data: null });
    await settle();
    expect(state()).toEqual(['sent']);
    // Nothing left to send.
    await channel.flush();
    expect(pending).toHaveLength(2);
  });

  function lineId(channel: ChatChannel<'them'>): string {
    // The outbox holds the one message; its id is the line's.
    return [...(channel as unknown as { outbox: Map<string, unknown> }).outbox.keys()][0] ?? '';
  }
});

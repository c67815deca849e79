import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  envelope,
  readAccent,
  readFrameMessage,
  readHostMessage,
  readRadius,
  safeExitUrl,
} from '../../client/widget/bridge.js';
import { LAUNCHER } from '../../client/widget/i18n/launcher.js';

describe('the launcher ↔ frame bridge', () => {
  it('reads back every message it sends', () => {
    const frame = [
      { type: 'ready' },
      { type: 'hide' },
      { type: 'closed' },
      { type: 'escape' },
      { type: 'wiped' },
      { type: 'wiped', url: 'https://example.org/weather' },
      { type: 'active', active: true },
      { type: 'unread', count: 3 },
      { type: 'language', language: 'ar' },
      { type: 'exit', url: 'https://example.org/' },
    ] as const;
    for (const message of frame) expect(readFrameMessage(envelope(message))).toEqual(message);
    for (const message of [{ type: 'show' }, { type: 'wipe' }, { type: 'leaving' }] as const) {
      expect(readHostMessage(envelope(message))).toEqual(message);
    }
  });

  it('drops anything without its channel, of the other direction, or malformed', () => {
    expect(readFrameMessage({ type: 'ready' })).toBeUndefined();
    expect(readFrameMessage(envelope({ type: 'show' }))).toBeUndefined();
    expect(readHostMessage(envelope({ type: 'ready' }))).toBeUndefined();
    const bad = [
      { type: 'unread', count: -1 },
      { type: 'unread', count: 1.5 },
      { type: 'unread', count: '2' },
      { type: 'active', active: 'yes' },
      { type: 'language', language: 'xx' },
      { type: 'exit', url: 'javascript:alert(1)' },
      { type: 'exit', url: 'data:text/html,hi' },
      { type: 'exit' },
      { type: 'message', text: 'hello' },
    ];
    for (const message of bad) {
      expect(readFrameMessage({ ...envelope({ type: 'ready' }), ...message })).toBeUndefined();
    }
  });

  it('never carries more than its own fields: content smuggled in is not read', () => {
    const read = readFrameMessage({
      ...envelope({ type: 'unread', count: 1 }),
      text: 'CANARY',
      token: 'secret',
    });
    expect(read).toEqual({ type: 'unread', count: 1 });
  });

  it('answers any value without throwing', () => {
    fc.assert(
      fc.property(fc.anything(), (value) => {
        readFrameMessage(value);
        readHostMessage(value);
        safeExitUrl(value);
      }),
    );
  });

  it('caps the unread count it shows', () => {
    expect(readFrameMessage(envelope({ type: 'unread', count: 1e9 }))).toEqual({
      type: 'unread',
      count: 999,
    });
  });

  it('takes only plain colours and small radii for the panel', () => {
    expect(readAccent('#1D4F91')).toBe('#1d4f91');
    for (const bad of ['red', '#fff', '#1d4f91;background:url(x)', 'url(x)', '', null]) {
      expect(readAccent(bad)).toBeUndefined();
    }
    expect(readRadius('12')).toBe(12);
    for (const bad of ['25', '-1', '1e1', '12px', '', null])
      expect(readRadius(bad)).toBeUndefined();
  });
});

describe("the launcher's words", () => {
  it("name unread messages in every language, with the language's plural forms", () => {
    expect(LAUNCHER.en.newMessages(1)).toBe('1 new message');
    expect(LAUNCHER.en.newMessages(2)).toBe('2 new messages');
    expect(LAUNCHER.sv.newMessages(1)).toBe('1 nytt meddelande');
    expect(LAUNCHER.sv.newMessages(5)).toBe('5 nya meddelanden');
    expect(LAUNCHER.ar.newMessages(2)).toBe('رسالتان جديدتان');
    expect(LAUNCHER.ar.newMessages(3)).toBe('3 رسائل جديدة');
    expect(LAUNCHER.ar.newMessages(11)).toBe('11 رسالة جديدة');
    expect(LAUNCHER.so.newMessages(4)).toBe('4 fariimo cusub');
  });
});

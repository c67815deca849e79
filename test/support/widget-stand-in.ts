import {
  VisitorChatController,
  type VisitorSocket,
} from '../../client/widget/visitor-chat.controller.js';

/**
 * A stand-in for the widget's Socket.IO socket, to drive the widget's controller in a
 * unit test: `answer` plays the server's acks (of `emitWithAck` and of `emit`), and
 * `deliver` its events (`connect` and `disconnect` also set `connected`).
 */
export function standInVisitorSocket(
  answer: (event: string, payload: unknown) => Promise<unknown>,
): { socket: VisitorSocket; deliver: (event: string, ...args: unknown[]) => void } {
  const listeners = new Map<string, (...args: unknown[]) => void>();
  const socket = {
    connected: true,
    recovered: false,
    on(event: string, listener: (...args: unknown[]) => void) {
      listeners.set(event, listener);
      return socket;
    },
    off: () => socket,
    timeout: () => ({ emitWithAck: answer }),
    emit: (event: string, payload: unknown) => void answer(event, payload),
    removeAllListeners: () => socket,
    disconnect: () => socket,
  };
  return {
    socket: socket as unknown as VisitorSocket,
    deliver: (event, ...args) => {
      if (event === 'connect') socket.connected = true;
      if (event === 'disconnect') socket.connected = false;
      listeners.get(event)?.(...args);
    },
  };
}

/** The widget's controller on `socket`, in a host that renders nothing. */
export function widgetOn(socket: VisitorSocket): VisitorChatController {
  const host = {
    addController: () => undefined,
    removeController: () => undefined,
    requestUpdate: () => undefined,
    updateComplete: Promise.resolve(true),
  };
  return new VisitorChatController(host, 'http://chat.invalid', { openSocket: () => socket });
}

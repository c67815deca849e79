import {
  CounsellorController,
  type CounsellorSocket,
} from '../../client/console/counsellor.controller.js';
import {
  VisitorChatController,
  type VisitorSocket,
} from '../../client/widget/visitor-chat.controller.js';
import type { ChatAccepted } from '../../shared/protocol/schemas.js';

/*
 * Stand-ins for a controller's Socket.IO socket and its Lit host, to drive the widget's
 * and the console's controllers in unit tests: the test plays the server.
 */

type Answer = (event: string, payload: unknown) => Promise<unknown>;

/**
 * A socket whose acks (of `emitWithAck` and of `emit`) `answer` gives, and whose events
 * `deliver` plays (`connect` and `disconnect` also set `connected`).
 */
function standInSocket(answer: Answer, connected: boolean) {
  const listeners = new Map<string, (...args: unknown[]) => void>();
  const socket = {
    connected,
    on(event: string, listener: (...args: unknown[]) => void) {
      listeners.set(event, listener);
      return socket;
    },
    off: () => socket,
    timeout: () => ({ emitWithAck: answer }),
    emit: (event: string, payload: unknown) => void answer(event, payload),
    removeAllListeners: () => socket,
    disconnect: () => socket,
    connect: () => socket,
  };
  const deliver = (event: string, ...args: unknown[]) => {
    if (event === 'connect') socket.connected = true;
    if (event === 'disconnect') socket.connected = false;
    listeners.get(event)?.(...args);
  };
  return { socket, deliver };
}

/** A host that renders nothing. */
const host = {
  addController: () => undefined,
  removeController: () => undefined,
  requestUpdate: () => undefined,
  updateComplete: Promise.resolve(true),
};

/** The widget's socket, connected. */
export function standInVisitorSocket(answer: Answer): {
  socket: VisitorSocket;
  deliver: (event: string, ...args: unknown[]) => void;
} {
  const { socket, deliver } = standInSocket(answer, true);
  return { socket: socket as unknown as VisitorSocket, deliver };
}

/** The console's socket, not connected until `deliver('connect')`, or connected. */
export function standInCounsellorSocket(
  answer: Answer,
  connected = false,
): { socket: CounsellorSocket; deliver: (event: string, ...args: unknown[]) => void } {
  const { socket, deliver } = standInSocket(answer, connected);
  return { socket: socket as unknown as CounsellorSocket, deliver };
}

/** The widget's controller on `socket`. */
export function widgetOn(socket: VisitorSocket): VisitorChatController {
  return new VisitorChatController(host, 'http://chat.invalid', { openSocket: () => socket });
}

/** The console's controller on `socket`. */
export function consoleOn(socket: CounsellorSocket): CounsellorController {
  return new CounsellorController(
    host,
    () => undefined,
    () => socket,
  );
}

/** What the server answers `queue:accept` with: an adult chat at epoch 0, waited a second. */
export function acceptedChat(chatId: string, commitment: string): ChatAccepted {
  return {
    chatId,
    epoch: 0,
    route: 'adult',
    commitment,
    waitedSeconds: 1,
    resumeHash: 'H'.repeat(43),
  };
}

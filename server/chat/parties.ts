import type { Namespace, Socket } from 'socket.io';
import { AppError } from '../../shared/protocol/errors.js';
import type {
  CounsellorClientEvents,
  CounsellorServerEvents,
  CounsellorSocketData,
  InterServerEvents,
  VisitorClientEvents,
  VisitorServerEvents,
  VisitorSocketData,
} from '../../shared/protocol/events.js';
import type { LiveChat, LiveChatDraft, LiveState } from './live-state.js';

/*
 * The two sides of a chat as the chat service sees them: the namespaces their sockets
 * live in, the socket that speaks for each side, and the one check every request about
 * a chat goes through first: that the asking socket is the one bound to that side of
 * that chat. A chat id alone never opens anything.
 */

export type VisitorNamespace = Namespace<
  VisitorClientEvents,
  VisitorServerEvents,
  InterServerEvents,
  VisitorSocketData
>;
export type CounsellorNamespace = Namespace<
  CounsellorClientEvents,
  CounsellorServerEvents,
  InterServerEvents,
  CounsellorSocketData
>;

/** A visitor socket's handshake (its headers and address), wherever it is connected. */
export type VisitorHandshake = Socket['handshake'];

export interface VisitorRef {
  socketId: string;
  data: VisitorSocketData;
}

export interface CounsellorRef {
  socketId: string;
  data: CounsellorSocketData;
}

/** What presence and capacity need of a counsellor's socket, wherever it is connected. */
export interface CounsellorIds {
  socketId: string;
  data: { accountId: number };
}

/** One side of a chat, as the socket that speaks for it. */
export type Party =
  { sender: 'visitor'; ref: VisitorRef } | { sender: 'counsellor'; ref: CounsellorRef };

/** The visitor's own chat: the one its socket joined and is still bound to. */
export async function visitorChat(
  live: LiveState,
  visitor: VisitorRef,
  chatId: string,
): Promise<LiveChat> {
  if (visitor.data.chatId !== chatId) throw new AppError('forbidden');
  const chat = await live.getChat(chatId);
  if (!chat) throw new AppError('not_found');
  if (chat.visitorSocketId !== visitor.socketId) throw new AppError('forbidden');
  return chat;
}

/** A chat this console socket holds for this account. */
export async function counsellorChat(
  live: LiveState,
  counsellor: CounsellorIds,
  chatId: string,
): Promise<LiveChat> {
  const chat = await live.getChat(chatId);
  if (!chat) throw new AppError('not_found');
  if (
    chat.counsellorSocketId !== counsellor.socketId ||
    chat.counsellorAccountId !== counsellor.data.accountId
  ) {
    throw new AppError('forbidden');
  }
  return chat;
}

/** The chat of either side, by the rule for that side. */
export function ownChat(live: LiveState, party: Party, chatId: string): Promise<LiveChat> {
  return party.sender === 'visitor'
    ? visitorChat(live, party.ref, chatId)
    : counsellorChat(live, party.ref, chatId);
}

/**
 * Changes the visitor's own chat atomically (LiveState.updateChat), checking ownership
 * on the chat as it is when changed; throws as visitorChat does. Undefined when
 * `change` left it alone.
 */
export async function updateVisitorChat(
  live: LiveState,
  visitor: VisitorRef,
  chatId: string,
  change: (chat: LiveChatDraft) => LiveChat | undefined,
): Promise<LiveChat | undefined> {
  if (visitor.data.chatId !== chatId) throw new AppError('forbidden');
  return updateOwned(live, chatId, (chat) => {
    if (chat.visitorSocketId !== visitor.socketId) throw new AppError('forbidden');
    return change(chat);
  });
}

/** Changes a chat this console socket holds for this account, atomically; as counsellorChat. */
export function updateCounsellorChat(
  live: LiveState,
  counsellor: CounsellorRef,
  chatId: string,
  change: (chat: LiveChatDraft) => LiveChat | undefined,
): Promise<LiveChat | undefined> {
  return updateOwned(live, chatId, (chat) => {
    if (
      chat.counsellorSocketId !== counsellor.socketId ||
      chat.counsellorAccountId !== counsellor.data.accountId
    ) {
      throw new AppError('forbidden');
    }
    return change(chat);
  });
}

/** updateChat, with a chat that is gone refused as `not_found`. */
async function updateOwned(
  live: LiveState,
  chatId: string,
  change: (chat: LiveChatDraft) => LiveChat | undefined,
): Promise<LiveChat | undefined> {
  let found = false;
  const updated = await live.updateChat(chatId, (chat) => {
    found = true;
    return change(chat);
  });
  if (!found) throw new AppError('not_found');
  return updated;
}

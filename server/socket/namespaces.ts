import type { Server } from 'socket.io';
import type { CounsellorNamespace, VisitorNamespace } from '../chat/parties.js';

/*
 * Socket.IO types a server with one event map for all of its namespaces; ours have
 * one each. This is the one place that says which map a namespace carries: the maps
 * come from the shared registry, and every event a namespace accepts is parsed by
 * `EventTable` before a handler sees it.
 */

/** `/visitor`: the widget's events (`visitorEvents`). */
export function visitorNamespace(io: Server): VisitorNamespace {
  return carrying<VisitorNamespace>(io.of('/visitor'));
}

/** `/counsellor`: the console's events (`counsellorEvents`); signed-in sockets only. */
export function counsellorNamespace(io: Server): CounsellorNamespace {
  return carrying<CounsellorNamespace>(io.of('/counsellor'));
}

/**
 * The namespace as the map it carries. Socket.IO's own type of it is loose (any socket
 * data), so loose that a plain assertion reads as needless and no assertion as unsafe.
 */
function carrying<N>(namespace: unknown): N {
  return namespace as N;
}

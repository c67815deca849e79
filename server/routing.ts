import { ROUTES, type Route } from '../shared/protocol/schemas.js';

/*
 * The routing rule, in one place: every counsellor answers the adult line; only those
 * trained for it also answer the youth line, so an under-20 visitor never reaches a
 * counsellor without that training. A counsellor's route set is therefore one of
 * ROUTE_SETS, and each set has its own socket.io room for the queue counts. It sits at
 * the root of server/ rather than in chat/ because storage (`routesOf` for an account)
 * and accounts (the console's own routes) need it as much as the chat does, and storage
 * should not depend on the chat's internals.
 */

const ADULT_ONLY: readonly Route[] = ['adult'];
const WITH_YOUTH: readonly Route[] = ['adult', 'youth'];

/** Every route set a counsellor can have; see routesOf(). */
export const ROUTE_SETS: readonly (readonly Route[])[] = [ADULT_ONLY, WITH_YOUTH];

/** The routes an account answers: every counsellor the adult line, the trained ones also youth. */
export function routesOf(account: { youth: boolean }): Route[] {
  return [...(account.youth ? WITH_YOUTH : ADULT_ONLY)];
}

/** The room of every console socket of one account, in whichever process. */
export const accountRoom = (accountId: number) => `account:${accountId}`;

/** The socket.io room of counsellor sockets that serve exactly this set of routes. */
export function routesRoom(routes: readonly Route[]): string {
  return `routes:${[...routes].sort().join(',')}`;
}

/** One value per route, made fresh for each (a queue each, a count each). */
export function perRoute<T>(make: (route: Route) => T): Record<Route, T> {
  return Object.fromEntries(ROUTES.map((route) => [route, make(route)])) as Record<Route, T>;
}

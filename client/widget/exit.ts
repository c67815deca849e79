/** Where quick exit goes until the service's own setting is known: a neutral weather search. */
export const DEFAULT_EXIT_URL = 'https://www.google.com/search?q=v%C3%A4der';

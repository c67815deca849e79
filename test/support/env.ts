/**
 * The environment for a server process or CLI a test starts on the embedded defaults
 * (SQLite, in memory), even where CI sets DATABASE_URL and REDIS_URL for the tests
 * that are about those.
 */
export function embeddedEnv(): NodeJS.ProcessEnv {
  const { DATABASE_URL: _db, REDIS_URL: _redis, ...rest } = process.env;
  return rest;
}

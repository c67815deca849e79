import { resolve } from 'node:path';
import { z } from 'zod';
import type { PrefixLengths } from './limits/address-prefix.js';

/**
 * TRUST_PROXY: how many proxies stand in front (a hop count), or which addresses they
 * have (Express's list: addresses, subnets, `loopback`, `uniquelocal`). Never `true`:
 * that would take the client's own `X-Forwarded-For` as its address, and every
 * per-address limit would follow whatever the client writes there.
 */
const TrustProxy = z
  .string()
  .trim()
  .refine((value) => value !== 'true', {
    message:
      "'true' would trust an address the client can forge: give the number of proxies in front (e.g. 1) or their addresses",
  })
  .transform((value): false | number | string => {
    if (value === '' || value === 'false' || value === '0') return false;
    if (/^\d+$/.test(value)) return Number(value);
    return value;
  });

const Origins = z
  .string()
  .transform((value) =>
    value
      .split(',')
      .map((origin) => origin.trim())
      .filter(Boolean),
  )
  .pipe(z.array(z.url().transform((origin) => new URL(origin).origin)).max(100));

const EnvSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65_535).default(8080),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATA_DIR: z.string().min(1).default('./data'),
  ALLOWED_ORIGINS: Origins.default([]),
  TRUST_PROXY: TrustProxy.default(false),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'silent']).default('info'),
  DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/ }).optional(),
  REDIS_URL: z.url({ protocol: /^rediss?$/ }).optional(),
  REDIS_PREFIX: z
    .string()
    .regex(/^[\w:.-]{1,40}$/)
    .default('jc:'),
  MAX_QUEUE_PER_ROUTE: z.coerce.number().int().min(1).max(100_000).optional(),
  CHAT_STARTS_PER_ADDRESS: z.coerce.number().int().min(1).max(1_000_000).optional(),
  CHAT_START_PREFIX_V4: z.coerce.number().int().min(8).max(32).optional(),
  CHAT_START_PREFIX_V6: z.coerce.number().int().min(16).max(128).optional(),
  MAX_SOCKETS_PER_ADDRESS: z.coerce.number().int().min(1).max(1_000_000).optional(),
  MAILBOX_STARTS_PER_ADDRESS: z.coerce.number().int().min(1).max(1_000_000).optional(),
  MAILBOX_LOOKUPS_PER_ADDRESS: z.coerce.number().int().min(1).max(1_000_000).optional(),
  SOCKET_EVENTS_PER_SECOND: z.coerce.number().min(1).max(10_000).optional(),
  VISITOR_GRACE_MS: z.coerce.number().int().min(100).max(3_600_000).optional(),
  COUNSELLOR_GRACE_MS: z.coerce.number().int().min(100).max(3_600_000).optional(),
  HEARTBEAT_MS: z.coerce.number().int().min(50).max(60_000).optional(),
  PUBLIC_URL: z
    .url({ protocol: /^https?$/ })
    .transform((url) => url.replace(/\/$/, ''))
    .optional(),
  DATABASE_SCHEMA: z
    .string()
    .regex(/^[a-z_][a-z0-9_]{0,62}$/)
    .optional(),
});

export interface Config {
  /** TCP port; 0 picks a free one. @default 8080 */
  port: number;
  /** Interface to listen on; set 0.0.0.0 in a container. @default '127.0.0.1' */
  host: string;
  /**
   * Where people reach this server (scheme://host[:port][/path]), for the links it
   * prints; no trailing slash. @default `http://${host}:${port}` (localhost for 0.0.0.0)
   */
  publicUrl?: string;
  /** Where the SQLite database lives. @default './data' */
  dataDir: string;
  /** PostgreSQL instead of SQLite for accounts, settings, statistics and the audit log. */
  databaseUrl?: string;
  /** PostgreSQL schema to use (tests give each run its own). @default the search path */
  databaseSchema?: string;
  /** Redis for live state and the Socket.IO adapter, so several processes share one queue. */
  redisUrl?: string;
  /** Prefix of every Redis key and channel. @default 'jc:' */
  redisPrefix: string;
  /**
   * Events one socket may send per second, sustained (bursts of four times that).
   * @default 5 for a visitor, 10 for a console
   */
  socketEventsPerSecond: { visitor: number; counsellor: number };
  /**
   * Origins (scheme://host[:port]) of the pages allowed to embed the widget; the
   * server's own origin is always allowed. @default []
   */
  allowedOrigins: string[];
  /**
   * Express `trust proxy`: false, a hop count, or the proxies' addresses; never `true`
   * (the client could choose its own address). @default false
   */
  trustProxy: false | number | string;
  /** @default 'info' */
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'silent';
  /** The built browser code (Vite output). @default './dist/client' */
  staticDir: string;
  /** The demo city page's template and stylesheet. @default './client/demo' */
  demoDir: string;
  /** Visitors who may wait per route before the widget says "call us instead". @default 50 */
  maxQueuePerRoute: number;
  /**
   * Chats one network (see `chatStartPrefix`) may start in 10 minutes (counted on a
   * keyed hash, never the address). Generous: a library computer or a mobile
   * operator's shared address serves many people. @default 20
   */
  chatStartsPerAddress: number;
  /**
   * The network a start is counted on: the first `v4` bits of an IPv4 address, the
   * first `v6` of an IPv6 one (a single host may own a whole /64).
   * @default { v4: 24, v6: 64 }
   */
  chatStartPrefix: PrefixLengths;
  /**
   * Sockets one client address may hold open in one process (counted on a keyed
   * hash). An office or a library shares an address; a flood of idle sockets does not
   * get through. @default 50
   */
  maxSocketsPerAddress: number;
  /**
   * Mailboxes one network (the `chatStartPrefix` one) may start in an hour, counted on
   * a keyed hash. @default 10
   */
  mailboxStartsPerAddress: number;
  /**
   * Return-code lookups (opening, writing to, deleting a mailbox) one network may make
   * in 10 minutes, found or not. @default 60
   */
  mailboxLookupsPerAddress: number;
  /** How often mailboxes past the settings' `keepDays` are deleted. @default 15 minutes */
  mailboxSweepMs: number;
  /** Chats a counsellor takes at once. @default 2 */
  counsellorCapacity: number;
  /**
   * How long a chat (or a place in the queue) waits for a visitor whose connection
   * dropped, e.g. a reload or a train tunnel. @default 2 minutes
   */
  visitorGraceMs: number;
  /**
   * How long a chat waits for a counsellor whose console dropped (a reload, a lost
   * Wi-Fi) before the visitor goes back to the queue, keeping their place. @default 1 minute
   */
  counsellorGraceMs: number;
  /**
   * How often each process beats in Redis (it is taken for dead after three missed
   * beats) and sweeps the live state for chats whose sides are gone past their grace,
   * wherever the drop was seen and whether or not that process still runs. @default 5 seconds
   */
  heartbeatMs: number;
  /**
   * How long a waiting visitor is kept for a counsellor who speaks their language:
   * until then a counsellor takes the longest-waiting visitor whose language they
   * speak; after it, whoever has waited longest. @default 2 minutes
   */
  languagePreferenceMs: number;
  /** Console session: idle timeout in ms. @default 30 minutes */
  sessionIdleMs: number;
  /** Console session: absolute lifetime in ms. @default 12 hours */
  sessionMaxMs: number;
}

export const DEFAULTS = {
  staticDir: './dist/client',
  demoDir: './client/demo',
  maxQueuePerRoute: 50,
  counsellorCapacity: 2,
  chatStartsPerAddress: 20,
  chatStartPrefix: { v4: 24, v6: 64 },
  maxSocketsPerAddress: 50,
  mailboxStartsPerAddress: 10,
  mailboxLookupsPerAddress: 60,
  mailboxSweepMs: 15 * 60_000,
  visitorGraceMs: 2 * 60_000,
  counsellorGraceMs: 60_000,
  heartbeatMs: 5000,
  languagePreferenceMs: 2 * 60_000,
  sessionIdleMs: 30 * 60_000,
  sessionMaxMs: 12 * 60 * 60_000,
  socketEventsPerSecond: { visitor: 5, counsellor: 10 },
} as const;

/** The only place that reads the environment. Throws a readable error on bad values. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map(
      (issue) => `${issue.path.join('.')}: ${issue.message}`,
    );
    throw new Error(`Invalid configuration: ${problems.join('; ')}`);
  }
  const e = parsed.data;
  return {
    port: e.PORT,
    host: e.HOST,
    ...(e.PUBLIC_URL && { publicUrl: e.PUBLIC_URL }),
    dataDir: resolve(e.DATA_DIR),
    ...(e.DATABASE_URL && { databaseUrl: e.DATABASE_URL }),
    ...(e.REDIS_URL && { redisUrl: e.REDIS_URL }),
    ...(e.DATABASE_SCHEMA && { databaseSchema: e.DATABASE_SCHEMA }),
    redisPrefix: e.REDIS_PREFIX,
    allowedOrigins: e.ALLOWED_ORIGINS,
    trustProxy: e.TRUST_PROXY,
    logLevel: e.LOG_LEVEL,
    staticDir: resolve(DEFAULTS.staticDir),
    demoDir: resolve(DEFAULTS.demoDir),
    maxQueuePerRoute: e.MAX_QUEUE_PER_ROUTE ?? DEFAULTS.maxQueuePerRoute,
    counsellorCapacity: DEFAULTS.counsellorCapacity,
    chatStartsPerAddress: e.CHAT_STARTS_PER_ADDRESS ?? DEFAULTS.chatStartsPerAddress,
    chatStartPrefix: {
      v4: e.CHAT_START_PREFIX_V4 ?? DEFAULTS.chatStartPrefix.v4,
      v6: e.CHAT_START_PREFIX_V6 ?? DEFAULTS.chatStartPrefix.v6,
    },
    maxSocketsPerAddress: e.MAX_SOCKETS_PER_ADDRESS ?? DEFAULTS.maxSocketsPerAddress,
    mailboxStartsPerAddress: e.MAILBOX_STARTS_PER_ADDRESS ?? DEFAULTS.mailboxStartsPerAddress,
    mailboxLookupsPerAddress: e.MAILBOX_LOOKUPS_PER_ADDRESS ?? DEFAULTS.mailboxLookupsPerAddress,
    mailboxSweepMs: DEFAULTS.mailboxSweepMs,
    socketEventsPerSecond: e.SOCKET_EVENTS_PER_SECOND
      ? { visitor: e.SOCKET_EVENTS_PER_SECOND, counsellor: e.SOCKET_EVENTS_PER_SECOND }
      : { ...DEFAULTS.socketEventsPerSecond },
    visitorGraceMs: e.VISITOR_GRACE_MS ?? DEFAULTS.visitorGraceMs,
    counsellorGraceMs: e.COUNSELLOR_GRACE_MS ?? DEFAULTS.counsellorGraceMs,
    heartbeatMs: e.HEARTBEAT_MS ?? DEFAULTS.heartbeatMs,
    languagePreferenceMs: DEFAULTS.languagePreferenceMs,
    sessionIdleMs: DEFAULTS.sessionIdleMs,
    sessionMaxMs: DEFAULTS.sessionMaxMs,
  };
}

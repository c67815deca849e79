import { pino, type DestinationStream, type Logger } from 'pino';

export type { Logger } from 'pino';

/**
 * The server's logger. Nothing about a visitor is ever passed to it (no address, no
 * user agent, no message, no chat id); the redaction below is a second line of
 * defence for objects that might carry request headers by accident.
 */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  return pino(
    {
      level,
      base: undefined,
      redact: {
        paths: ['req', 'headers', '*.headers', 'remoteAddress', 'ip', 'userAgent', 'cookie'],
        remove: true,
      },
      serializers: { err: pino.stdSerializers.err },
    },
    destination,
  );
}

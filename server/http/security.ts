import type { NextFunction, Request, Response } from 'express';
import helmet from 'helmet';

/**
 * HTTP hardening for every response: a strict Content-Security-Policy (no inline
 * script, nothing from other origins; libsodium needs 'wasm-unsafe-eval' to compile
 * its WebAssembly), no referrer, and no caching of HTML or API answers.
 */
export function securityHeaders() {
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'", "'wasm-unsafe-eval'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        fontSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'none'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
    },
    referrerPolicy: { policy: 'no-referrer' },
    crossOriginEmbedderPolicy: false,
  });
}

export function noStore(_req: Request, res: Response, next: NextFunction): void {
  res.setHeader('Cache-Control', 'no-store');
  next();
}

/** True if `origin` (an Origin header) names the same host the request was sent to. */
export function isSameOrigin(origin: string | undefined, host: string | undefined): boolean {
  if (!origin || !host) return false;
  try {
    return new URL(origin).host === host;
  } catch {
    return false;
  }
}

/**
 * CSRF defence for state-changing console requests, on top of the SameSite=Strict
 * cookie: a browser always sends Origin on such requests, and it must be ours; and
 * the body must be JSON, which a cross-site form cannot send.
 */
export function requireSameOrigin(req: Request, res: Response, next: NextFunction): void {
  if (req.method === 'GET' || req.method === 'HEAD') return next();
  const origin = req.headers.origin;
  if (origin !== undefined && !isSameOrigin(origin, req.headers.host)) {
    res.status(403).json({ ok: false, error: 'forbidden' });
    return;
  }
  if (['POST', 'PUT', 'PATCH'].includes(req.method) && !req.is('application/json')) {
    res.status(400).json({ ok: false, error: 'invalid_payload' });
    return;
  }
  next();
}

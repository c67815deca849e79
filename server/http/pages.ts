import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import express, { Router, type Response } from 'express';
import { parseUnknown } from '../../shared/protocol/parse.js';
import { Language } from '../../shared/protocol/schemas.js';

export interface PageOptions {
  staticDir: string;
  demoDir: string;
  /** The sites that may embed the chat (ALLOWED_ORIGINS and the settings'), kept current. */
  embedders: ReadonlySet<string>;
}

/** An origin fit to stand in a CSP source list: scheme, host and port, nothing else. */
const CSP_ORIGIN = /^https?:\/\/[a-z0-9.-]+(:\d{1,5})?$/i;

/**
 * The chat frame's own policy: everything from our origin only (its socket too), and
 * `frame-ancestors` naming the sites that may embed it, so a page that may not embed
 * the chat cannot show it at all.
 */
export function frameSecurityPolicy(embedders: Iterable<string>): string {
  const ancestors = ["'self'", ...[...embedders].filter((origin) => CSP_ORIGIN.test(origin))];
  return [
    "default-src 'self'",
    "script-src 'self' 'wasm-unsafe-eval'",
    "style-src 'self'",
    "img-src 'self' data:",
    "connect-src 'self'",
    "font-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    `frame-ancestors ${ancestors.join(' ')}`,
  ].join('; ');
}

const HASHED_ASSET = /-[A-Za-z0-9_-]{8,}\.(js|css|wasm|map)$/;

function widgetIntegrity(staticDir: string): string {
  try {
    const script = readFileSync(join(staticDir, 'widget', 'jour-chat.js'));
    const digest = createHash('sha384').update(script).digest('base64');
    return ` integrity="sha384-${digest}" crossorigin="anonymous"`;
  } catch {
    // Not built yet: the page still renders, and says nothing false about the script.
    return '';
  }
}

/**
 * The demo city page at `/` (the seed page with the widget embedded exactly as the
 * city would do it), the widget bundle, and the console. The widget's files are
 * served to any origin: a module script from another origin is fetched with CORS.
 */
export function pageRoutes(options: PageOptions): Router {
  const router = Router();
  const template = readFileSync(join(options.demoDir, 'index.html'), 'utf8').replace(
    '{{INTEGRITY}}',
    widgetIntegrity(options.staticDir),
  );

  router.get('/', (req, res) => {
    const lang = parseUnknown(Language, req.query.lang);
    const page = template.replace('{{LANG}}', lang.ok ? ` lang="${lang.data}"` : '');
    res.setHeader('Cache-Control', 'no-store');
    res.type('html').send(page);
  });

  router.get('/demo.css', (_req, res) => {
    res.setHeader('Cache-Control', 'no-cache');
    res.sendFile(join(options.demoDir, 'demo.css'));
  });

  // Read once: the frame page is built with the rest of the client.
  let framePage: string | undefined;
  router.get('/widget/frame', (_req, res) => {
    try {
      framePage ??= readFileSync(join(options.staticDir, 'widget', 'frame.html'), 'utf8');
    } catch {
      res.status(503).type('text').send('not built');
      return;
    }
    res.setHeader('Content-Security-Policy', frameSecurityPolicy(options.embedders));
    // frame-ancestors decides who may frame this page; the default SAMEORIGIN would not.
    res.removeHeader('X-Frame-Options');
    res.setHeader('Cache-Control', 'no-store');
    res.type('html').send(framePage);
  });

  const shareable = (res: Response, path: string) => {
    res.setHeader('Access-Control-Allow-Origin', '*');
    res.setHeader('Cross-Origin-Resource-Policy', 'cross-origin');
    res.setHeader(
      'Cache-Control',
      HASHED_ASSET.test(path) ? 'public, max-age=31536000, immutable' : 'no-cache',
    );
  };
  router.use(
    '/widget',
    express.static(join(options.staticDir, 'widget'), { setHeaders: shareable }),
  );
  router.use(
    '/assets',
    express.static(join(options.staticDir, 'assets'), { setHeaders: shareable }),
  );
  router.use(
    '/console',
    express.static(join(options.staticDir, 'console'), {
      setHeaders: (res) => res.setHeader('Cache-Control', 'no-store'),
    }),
  );
  return router;
}

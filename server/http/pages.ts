import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import express, { Router, type Response } from 'express';
import { Language } from '../../shared/protocol/schemas.js';

export interface PageOptions {
  staticDir: string;
  demoDir: string;
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
    const lang = Language.safeParse(req.query.lang);
    const page = template.replace('{{LANG}}', lang.success ? ` lang="${lang.data}"` : '');
    res.setHeader('Cache-Control', 'no-store');
    res.type('html').send(page);
  });

  router.get('/demo.css', (_req, res) => {
    res.setHeader('Cache-Control', 'no-cache');
    res.sendFile(join(options.demoDir, 'demo.css'));
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

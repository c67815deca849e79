import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:https';
import { connect, createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { promisify } from 'node:util';

/**
 * A real nginx in front of a test server, as in a deployment: it terminates TLS with a
 * self-signed certificate made for the run, proxies HTTP and WebSocket upgrades to the
 * app, and adds the client's address to `X-Forwarded-For` and the scheme as
 * `X-Forwarded-Proto`. It runs unprivileged with everything (pid, logs, temp files,
 * certificate) in its own temporary directory. Also the HTTPS client that talks to it
 * from a chosen loopback address.
 */

const run = promisify(execFile);

/** nginx's binary: NGINX_BIN, Debian's /usr/sbin/nginx, or the first on PATH. */
export function findNginx(): string | undefined {
  const candidates = [
    process.env.NGINX_BIN,
    '/usr/sbin/nginx',
    ...(process.env.PATH ?? '').split(delimiter).map((dir) => join(dir, 'nginx')),
  ];
  return candidates.find((path) => {
    if (!path) return false;
    try {
      accessSync(path, constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

/**
 * Why a test that needs nginx is skipped: '' to run it. Never skipped in CI, where a
 * missing nginx must fail the test (.ci/run installs it).
 */
export function nginxSkipReason(): string {
  if (findNginx() || process.env.CI === 'true') return '';
  return " (skipped: nginx is not installed; 'apt-get install -y nginx')";
}

/** A port free right now: nginx cannot listen on port 0 and say which one it got. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

export interface Nginx {
  /** https://127.0.0.1:port, nginx's public address. */
  url: string;
  port: number;
  /** The self-signed certificate (PEM), to trust it in a client. */
  ca: string;
  /** What nginx wrote to its error log and stderr, for a failing test's message. */
  errors(): Promise<string>;
  /** Stops nginx (fast shutdown) and deletes its directory. */
  stop(): Promise<void>;
}

/** The essentials of a deployment's config (see the README). */
function nginxConf(dir: string, port: number, upstream: string): string {
  return `worker_processes 1;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log info;
events { worker_connections 256; }
http {
  access_log ${dir}/access.log;
  client_body_temp_path ${dir}/body;
  proxy_temp_path ${dir}/proxy;
  fastcgi_temp_path ${dir}/fastcgi;
  uwsgi_temp_path ${dir}/uwsgi;
  scgi_temp_path ${dir}/scgi;

  map $http_upgrade $connection_upgrade {
    default upgrade;
    '' close;
  }

  server {
    listen 127.0.0.1:${port} ssl;
    ssl_certificate ${dir}/cert.pem;
    ssl_certificate_key ${dir}/key.pem;

    location / {
      proxy_pass ${upstream};
      proxy_http_version 1.1;
      proxy_set_header Host $http_host;
      proxy_set_header Upgrade $http_upgrade;
      proxy_set_header Connection $connection_upgrade;
      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
      proxy_set_header X-Forwarded-Proto $scheme;
    }
  }
}
`;
}

/**
 * Starts nginx on `port` (see freePort) in front of `upstream` (http://127.0.0.1:port).
 * Resolves once it accepts connections.
 */
export async function startNginx(port: number, upstream: string): Promise<Nginx> {
  const binary = findNginx();
  if (!binary) {
    throw new Error(
      "nginx is not installed (in CI .ci/run installs it: 'apt-get install -y nginx')",
    );
  }
  const dir = await mkdtemp(join(tmpdir(), 'jourchatt-nginx-'));
  // Run as root, nginx's workers drop to `nobody` and must still reach their temp paths.
  await chmod(dir, 0o755);
  await run('openssl', [
    'req',
    '-x509',
    '-newkey',
    'ec',
    '-pkeyopt',
    'ec_paramgen_curve:prime256v1',
    '-nodes',
    '-days',
    '1',
    '-subj',
    '/CN=localhost',
    '-addext',
    'subjectAltName=DNS:localhost,IP:127.0.0.1',
    '-keyout',
    join(dir, 'key.pem'),
    '-out',
    join(dir, 'cert.pem'),
  ]);
  const conf = join(dir, 'nginx.conf');
  await writeFile(conf, nginxConf(dir, port, upstream));

  let stderr = '';
  const child = spawn(
    binary,
    ['-p', dir, '-e', join(dir, 'error.log'), '-c', conf, '-g', 'daemon off;'],
    {
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk: string) => (stderr += chunk));
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  child.once('error', (error) => (stderr += String(error)));

  const errors = async () =>
    stderr + (await readFile(join(dir, 'error.log'), 'utf8').catch(() => ''));
  const stop = async () => {
    await stopChild(child, exited);
    await rm(dir, { recursive: true, force: true });
  };
  try {
    await listening(port, exited);
  } catch (error) {
    const log = await errors();
    await stop();
    throw new Error(`${(error as Error).message}\n${log}`);
  }
  return {
    url: `https://127.0.0.1:${port}`,
    port,
    ca: await readFile(join(dir, 'cert.pem'), 'utf8'),
    errors,
    stop,
  };
}

/** Waits until something accepts connections on the port, or nginx exits first. */
async function listening(port: number, exited: Promise<number | null>): Promise<void> {
  let gone = false;
  void exited.then(() => (gone = true));
  const deadline = Date.now() + 10_000;
  while (!gone) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    if (Date.now() > deadline) throw new Error(`nginx did not listen on ${port} in 10 s`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`nginx exited with ${String(await exited)}`);
}

async function stopChild(child: ChildProcess, exited: Promise<number | null>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  const killer = setTimeout(() => child.kill('SIGKILL'), 5000);
  await exited;
  clearTimeout(killer);
}

export interface HttpsAnswer {
  status: number;
  /** Every Set-Cookie line. */
  cookies: string[];
  body: unknown;
}

/**
 * A JSON request to nginx over HTTPS, trusting its certificate and connecting from
 * `from` (any 127.x.y.z address reaches nginx on Linux), with no connection reuse so
 * that each request's source address is its own.
 */
export function httpsJson(
  nginx: Nginx,
  method: string,
  path: string,
  options: { from?: string; body?: unknown; headers?: Record<string, string> } = {},
): Promise<HttpsAnswer> {
  const body = options.body === undefined ? undefined : JSON.stringify(options.body);
  return new Promise((resolve, reject) => {
    const req = request(
      `${nginx.url}${path}`,
      {
        method,
        ca: nginx.ca,
        agent: false,
        ...(options.from && { localAddress: options.from }),
        headers: {
          ...(body !== undefined && { 'content-type': 'application/json' }),
          ...options.headers,
        },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => {
          let parsed: unknown = text;
          try {
            parsed = JSON.parse(text);
          } catch {
            // Not JSON (nginx's own error page, say): the text is the answer.
          }
          resolve({
            status: res.statusCode ?? 0,
            cookies: res.headers['set-cookie'] ?? [],
            body: parsed,
          });
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

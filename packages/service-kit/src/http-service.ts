import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';

export type RouteHandler = (req: IncomingMessage, res: ServerResponse, url: URL) => Promise<void> | void;

export interface Route {
  /** Any method when omitted. */
  method?: string;
  path: string;
  handler: RouteHandler;
}

export interface HttpServiceOptions {
  name: string;
  logger: Logger;
  routes: Route[];
  /** How long open connections get to finish on shutdown. @default 5000 */
  shutdownGraceMs?: number;
  /** Called on close, after the listener stops accepting connections. */
  onClose?: () => Promise<void>;
}

export interface HttpService {
  readonly server: Server;
  /** Listens and resolves with the URL actually bound (port 0 picks a free one). */
  listen(port: number, host?: string): Promise<string>;
  close(): Promise<void>;
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

/**
 * A plain node:http server with exact-path routing. The gateway and subgraphs need three or four
 * routes each, so a framework would add weight on the hottest path for nothing.
 */
export function createHttpService(options: HttpServiceOptions): HttpService {
  const { logger, routes } = options;
  const byPath = new Map<string, Route[]>();
  for (const route of routes) byPath.set(route.path, [...(byPath.get(route.path) ?? []), route]);

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const candidates = byPath.get(url.pathname);
    const route = candidates?.find((r) => !r.method || r.method === req.method);
    if (!route) {
      if (candidates) sendJson(res, 405, { errors: [{ message: `${req.method} not allowed on ${url.pathname}`, extensions: { code: 'METHOD_NOT_ALLOWED' } }] }, { allow: candidates.map((r) => r.method).join(', ') });
      else sendJson(res, 404, { errors: [{ message: `no route ${url.pathname}`, extensions: { code: 'NOT_FOUND' } }] });
      return;
    }
    Promise.resolve(route.handler(req, res, url)).catch((error: unknown) => {
      logger.error({ err: error, path: url.pathname }, 'request handler failed');
      if (!res.headersSent) sendJson(res, 500, { errors: [{ message: 'internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } }] });
      else res.destroy();
    });
  });
  server.keepAliveTimeout = 65_000;

  return {
    server,
    listen(port, host = '127.0.0.1') {
      return new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => {
          server.off('error', reject);
          const address = server.address() as AddressInfo;
          const url = `http://${host.includes(':') ? `[${host}]` : host}:${address.port}`;
          logger.info({ url }, `${options.name} listening`);
          resolve(url);
        });
      });
    },
    async close() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      const timer = setTimeout(() => server.closeAllConnections(), options.shutdownGraceMs ?? 5000);
      timer.unref();
      await closed;
      clearTimeout(timer);
      await options.onClose?.();
    },
  };
}

export class BodyTooLargeError extends Error {
  readonly code = 'REQUEST_BODY_TOO_LARGE';
  constructor(readonly limit: number) {
    super(`request body exceeds ${limit} bytes`);
  }
}

/** Reads a request body, refusing (without buffering) anything beyond `limit` bytes. */
export async function readBody(req: IncomingMessage, limit: number): Promise<string> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > limit) throw new BodyTooLargeError(limit);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) throw new BodyTooLargeError(limit);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

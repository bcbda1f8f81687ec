import type { IncomingMessage, ServerResponse } from 'node:http';
import { HeaderMap, type ApolloServer, type BaseContext, type HTTPGraphQLResponse } from '@apollo/server';
import { BodyTooLargeError, readBody, sendJson, type RouteHandler } from './http-service.ts';

export interface ApolloHandlerOptions<TContext extends BaseContext> {
  context: (req: IncomingMessage) => Promise<TContext>;
  /** @default 1_048_576 */
  maxBodyBytes?: number;
}

function graphqlError(res: ServerResponse, status: number, code: string, message: string): void {
  sendJson(res, status, { errors: [{ message, extensions: { code } }] });
}

/** A POST body as Apollo Server takes it: JSON when the content type says so (else the text), or why not. */
export function parseGraphqlBody(text: string, contentType: string | undefined): { body: unknown } | { status: 400; code: 'BAD_REQUEST'; message: string } {
  if (!String(contentType ?? '').includes('json')) return { body: text };
  try {
    return { body: text.length ? JSON.parse(text) : undefined };
  } catch {
    return { status: 400, code: 'BAD_REQUEST', message: 'request body is not valid JSON' };
  }
}

/** Reads a POST body's text; an oversized one is answered here (`413`) and gives `undefined`. */
export async function readGraphqlText(req: IncomingMessage, res: ServerResponse, maxBodyBytes: number): Promise<string | undefined> {
  try {
    return await readBody(req, maxBodyBytes);
  } catch (error) {
    if (!(error instanceof BodyTooLargeError)) throw error;
    res.setHeader('connection', 'close');
    graphqlError(res, 413, error.code, error.message);
    return undefined;
  }
}

/**
 * Reads and parses a GraphQL POST body. Oversized bodies and malformed JSON are answered here with
 * stable codes; `undefined` then says the response is sent.
 */
export async function readGraphqlBody(req: IncomingMessage, res: ServerResponse, maxBodyBytes: number): Promise<{ body: unknown } | undefined> {
  const text = await readGraphqlText(req, res, maxBodyBytes);
  if (text === undefined) return undefined;
  const parsed = parseGraphqlBody(text, req.headers['content-type']);
  if ('body' in parsed) return parsed;
  graphqlError(res, parsed.status, parsed.code, parsed.message);
  return undefined;
}

/** Apollo Server's headers for a node:http request. */
export function headerMapOf(req: IncomingMessage): HeaderMap {
  const headers = new HeaderMap();
  for (const [key, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
  }
  return headers;
}

/** Writes Apollo Server's response (complete or incremental) to node:http. */
export async function writeApolloResponse(res: ServerResponse, response: HTTPGraphQLResponse): Promise<void> {
  for (const [key, value] of response.headers) res.setHeader(key, value);
  res.statusCode = response.status ?? 200;
  if (response.body.kind === 'complete') {
    res.end(response.body.string);
    return;
  }
  for await (const chunk of response.body.asyncIterator) res.write(chunk);
  res.end();
}

/**
 * Hands node:http requests to Apollo Server 5 (which ships no HTTP framework integration of its
 * own). Malformed JSON and oversized bodies are answered here with stable codes, before Apollo.
 */
export function apolloHandler<TContext extends BaseContext>(
  server: ApolloServer<TContext>,
  options: ApolloHandlerOptions<TContext>,
): RouteHandler {
  const maxBodyBytes = options.maxBodyBytes ?? 1_048_576;
  return async (req, res, url) => {
    let body: unknown;
    if (req.method === 'POST') {
      const read = await readGraphqlBody(req, res, maxBodyBytes);
      if (!read) return;
      body = read.body;
    }
    const response = await server.executeHTTPGraphQLRequest({
      httpGraphQLRequest: { method: req.method ?? 'GET', headers: headerMapOf(req), search: url.search, body },
      context: () => options.context(req),
    });
    await writeApolloResponse(res, response);
  };
}

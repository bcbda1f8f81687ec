import { randomUUID } from 'node:crypto';
import { ConnectorError } from '@ucg/connector-core';

/**
 * OData v2 `$batch` on the wire (multipart/mixed): GETs as top-level parts, writes grouped in
 * changesets (all or nothing on the server). Paths are relative to the service root.
 */

export interface BatchRead {
  /** Resource path relative to the service root, e.g. `A_Product`. */
  path: string;
  query?: Record<string, string | number | undefined>;
}

export interface BatchChange {
  method: 'POST' | 'PATCH' | 'MERGE' | 'PUT' | 'DELETE';
  path: string;
  body?: unknown;
}

/** One answered operation inside a batch response. */
export interface BatchPartResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

const CRLF = '\r\n';

function relativeUrl(path: string, query: BatchRead['query']): string {
  const params = Object.entries(query ?? {})
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k}=${encodeURIComponent(String(v)).replace(/%24/g, '$').replace(/%2C/g, ',')}`);
  return params.length ? `${path}?${params.join('&')}` : path;
}

function operation(method: string, url: string, body?: unknown): string {
  const lines = ['content-type: application/http', 'content-transfer-encoding: binary', '', `${method} ${url} HTTP/1.1`, 'accept: application/json'];
  if (body === undefined) return [...lines, '', ''].join(CRLF);
  const json = JSON.stringify(body);
  return [...lines, 'content-type: application/json', `content-length: ${Buffer.byteLength(json)}`, '', json].join(CRLF);
}

/** Builds the request body and its content type. */
export function buildBatch(reads: readonly BatchRead[], changesets: readonly (readonly BatchChange[])[]): { contentType: string; body: string } {
  const boundary = `batch_${randomUUID()}`;
  const parts = reads.map((r) => operation('GET', relativeUrl(r.path, r.query)));
  for (const changes of changesets) {
    const cs = `changeset_${randomUUID()}`;
    const inner = changes.map((c) => `--${cs}${CRLF}${operation(c.method, c.path, c.body)}`).join(CRLF);
    parts.push(`content-type: multipart/mixed; boundary=${cs}${CRLF}${CRLF}${inner}${CRLF}--${cs}--${CRLF}`);
  }
  return { contentType: `multipart/mixed; boundary=${boundary}`, body: `${parts.map((p) => `--${boundary}${CRLF}${p}`).join(CRLF)}${CRLF}--${boundary}--${CRLF}` };
}

function bad(why: string): ConnectorError {
  return new ConnectorError('UPSTREAM_BAD_RESPONSE', 'erp', `unreadable $batch response: ${why}`);
}

function boundaryOf(contentType: string): string | undefined {
  const m = /boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
  return m ? (m[1] ?? m[2]) : undefined;
}

function split(block: string): { headers: Record<string, string>; content: string } {
  const m = /\r?\n\r?\n/.exec(block);
  const head = m ? block.slice(0, m.index) : block;
  const headers: Record<string, string> = {};
  for (const line of head.split(/\r?\n/)) {
    const i = line.indexOf(':');
    if (i > 0) headers[line.slice(0, i).trim().toLowerCase()] = line.slice(i + 1).trim();
  }
  return { headers, content: m ? block.slice(m.index + m[0].length) : '' };
}

function parts(body: string, boundary: string): string[] {
  const escaped = boundary.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const re = new RegExp(`(?:^|\\r?\\n)--${escaped}(--)?[ \\t]*(?:\\r?\\n|$)`, 'g');
  const out: string[] = [];
  let last: number | undefined;
  for (let m = re.exec(body); m; m = re.exec(body)) {
    if (last !== undefined) out.push(body.slice(last, m.index));
    last = m.index + m[0].length;
    if (m[1]) return out;
  }
  throw bad(`missing closing boundary ${boundary}`);
}

function httpResponse(block: string): BatchPartResponse {
  const lineEnd = /\r?\n/.exec(block);
  const status = /^HTTP\/1\.[01] (\d{3})/.exec(lineEnd ? block.slice(0, lineEnd.index) : block);
  if (!status) throw bad('part without a status line');
  const { headers, content } = split(lineEnd ? block.slice(lineEnd.index + lineEnd[0].length) : '');
  return { status: Number(status[1]), headers, body: content.replace(/\r?\n$/, '') };
}

/**
 * Reads a batch response into one entry per request part: a read gives one response; a
 * changeset gives one response per operation, or a single error response when it failed.
 */
export function parseBatch(body: string, contentType: string): BatchPartResponse[][] {
  const boundary = boundaryOf(contentType);
  if (!/^multipart\/mixed/i.test(contentType) || !boundary) throw bad(`content type ${contentType}`);
  return parts(body, boundary).map((raw) => {
    const { headers, content } = split(raw);
    const type = headers['content-type'] ?? '';
    if (/^multipart\/mixed/i.test(type)) {
      const inner = boundaryOf(type);
      if (!inner) throw bad('changeset without boundary');
      return parts(content, inner).map((op) => httpResponse(split(op).content));
    }
    return [httpResponse(content)];
  });
}

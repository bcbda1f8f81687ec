import { randomUUID } from 'node:crypto';
import { ODataError } from './errors.ts';
import { errorResponse, handle, type HandlerOptions, type ODataRequest, type ODataResponse } from './handler.ts';
import type { ServiceDef } from './model.ts';

/** One operation of a `$batch` request. */
interface BatchOperation {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: string;
  contentId?: string;
}

type BatchPart = { kind: 'operation'; op: BatchOperation } | { kind: 'changeset'; ops: BatchOperation[] };

/** Lets a changeset undo its writes when one of them fails (all or nothing, as in SAP Gateway). */
export interface Transaction {
  begin(): unknown;
  rollback(snapshot: unknown): void;
}

const statusText: Record<number, string> = {
  200: 'OK', 201: 'Created', 202: 'Accepted', 204: 'No Content', 400: 'Bad Request', 403: 'Forbidden', 404: 'Not Found',
  405: 'Method Not Allowed', 500: 'Internal Server Error', 503: 'Service Unavailable',
};

function malformed(why: string): ODataError {
  return new ODataError(400, '/IWBEP/CM_MGW_RT/036', `Malformed $batch request: ${why}`);
}

export function boundaryOf(contentType: string | undefined): string | undefined {
  const m = /boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType ?? '');
  return m ? (m[1] ?? m[2]) : undefined;
}

/** Splits a MIME block into its header map and content (accepts CRLF and LF line ends). */
function splitHeaders(block: string): { headers: Record<string, string>; content: string } {
  const m = /\r?\n\r?\n/.exec(block);
  const head = m ? block.slice(0, m.index) : block;
  const content = m ? block.slice(m.index + m[0].length) : '';
  const headers: Record<string, string> = {};
  for (const line of head.split(/\r?\n/)) {
    const i = line.indexOf(':');
    if (i > 0) headers[line.slice(0, i).trim().toLowerCase()] = line.slice(i + 1).trim();
  }
  return { headers, content };
}

function parts(body: string, boundary: string): string[] {
  const escaped = boundary.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const delimiter = new RegExp(`(?:^|\\r?\\n)--${escaped}(--)?[ \\t]*(?:\\r?\\n|$)`, 'g');
  const out: string[] = [];
  let last: number | undefined;
  let closed = false;
  for (let m = delimiter.exec(body); m; m = delimiter.exec(body)) {
    if (last !== undefined) out.push(body.slice(last, m.index));
    last = m.index + m[0].length;
    if (m[1]) {
      closed = true;
      break;
    }
  }
  if (last === undefined || !closed) throw malformed(`no closing delimiter for boundary ${boundary}`);
  return out;
}

function readOperation(content: string, mimeHeaders: Record<string, string>): BatchOperation {
  const lineEnd = /\r?\n/.exec(content);
  const requestLine = lineEnd ? content.slice(0, lineEnd.index) : content;
  const m = /^([A-Z]+)\s+(\S+)\s+HTTP\/1\.[01]$/.exec(requestLine.trim());
  if (!m) throw malformed(`bad request line '${requestLine.trim()}'`);
  const { headers, content: body } = splitHeaders(lineEnd ? content.slice(lineEnd.index + lineEnd[0].length) : '');
  const op: BatchOperation = { method: m[1]!, url: m[2]!, headers, body: body.replace(/\r?\n$/, '') };
  const contentId = mimeHeaders['content-id'] ?? headers['content-id'];
  if (contentId) op.contentId = contentId;
  return op;
}

export function parseBatch(body: string, boundary: string): BatchPart[] {
  return parts(body, boundary).map((raw) => {
    const { headers, content } = splitHeaders(raw);
    const type = headers['content-type'] ?? '';
    if (/^multipart\/mixed/i.test(type)) {
      const inner = boundaryOf(type);
      if (!inner) throw malformed('changeset without boundary');
      const ops = parts(content, inner).map((opRaw) => {
        const { headers: h, content: c } = splitHeaders(opRaw);
        const op = readOperation(c, h);
        if (op.method === 'GET') throw malformed('GET is not allowed inside a changeset');
        return op;
      });
      return { kind: 'changeset' as const, ops };
    }
    if (!/^application\/http/i.test(type)) throw malformed(`unexpected part type '${type}'`);
    const op = readOperation(content, headers);
    if (op.method !== 'GET') throw malformed(`${op.method} must be inside a changeset`);
    return { kind: 'operation' as const, op };
  });
}

function httpPart(res: ODataResponse, contentId?: string): string {
  const inner = [
    `HTTP/1.1 ${res.status} ${statusText[res.status] ?? ''}`.trimEnd(),
    ...Object.entries(res.headers).map(([k, v]) => `${k}: ${v}`),
    `content-length: ${Buffer.byteLength(res.body)}`,
    '',
    res.body,
  ].join('\r\n');
  return [
    'content-type: application/http',
    `content-length: ${Buffer.byteLength(inner)}`,
    'content-transfer-encoding: binary',
    ...(contentId ? [`content-id: ${contentId}`] : []),
    '',
    inner,
  ].join('\r\n');
}

function toRequest(op: BatchOperation, servicePath: string, serviceUrl: string): ODataRequest {
  const url = new URL(op.url, `${serviceUrl}/`);
  const path = url.pathname.startsWith(`${servicePath}/`) ? url.pathname.slice(servicePath.length + 1) : url.pathname.replace(/^\//, '');
  return { method: op.method, path, query: url.searchParams, body: op.body, serviceUrl };
}

/**
 * Executes a `$batch` request: reads one by one, each changeset as one unit (rolled back and
 * answered with the single failing response when any of its operations fails). Answers 202 with
 * a multipart/mixed body, as SAP Gateway does.
 */
export function handleBatch(
  service: ServiceDef,
  request: { body: string; contentType: string | undefined; servicePath: string; serviceUrl: string },
  options: HandlerOptions & { transaction?: Transaction },
): ODataResponse {
  try {
    const boundary = boundaryOf(request.contentType);
    if (!/^multipart\/mixed/i.test(request.contentType ?? '') || !boundary) throw malformed('content type must be multipart/mixed with a boundary');
    const responseBoundary = `batch_${randomUUID()}`;
    const chunks: string[] = [];
    for (const part of parseBatch(request.body, boundary)) {
      if (part.kind === 'operation') {
        chunks.push(httpPart(handle(service, toRequest(part.op, request.servicePath, request.serviceUrl), options), part.op.contentId));
        continue;
      }
      const snapshot = options.transaction?.begin();
      const results: { res: ODataResponse; op: BatchOperation }[] = [];
      let failed: ODataResponse | undefined;
      for (const op of part.ops) {
        const res = handle(service, toRequest(op, request.servicePath, request.serviceUrl), options);
        if (res.status >= 400) {
          failed = res;
          break;
        }
        results.push({ res, op });
      }
      if (failed) {
        options.transaction?.rollback(snapshot);
        chunks.push(httpPart(failed));
        continue;
      }
      const changesetBoundary = `changeset_${randomUUID()}`;
      const inner = `${results.map(({ res, op }) => `--${changesetBoundary}\r\n${httpPart(res, op.contentId)}`).join('\r\n')}\r\n--${changesetBoundary}--`;
      chunks.push(`content-type: multipart/mixed; boundary=${changesetBoundary}\r\ncontent-length: ${Buffer.byteLength(inner)}\r\n\r\n${inner}`);
    }
    const body = `${chunks.map((c) => `--${responseBoundary}\r\n${c}`).join('\r\n')}\r\n--${responseBoundary}--\r\n`;
    return { status: 202, headers: { 'content-type': `multipart/mixed; boundary=${responseBoundary}`, dataserviceversion: '2.0' }, body };
  } catch (error) {
    return errorResponse(service, error);
  }
}

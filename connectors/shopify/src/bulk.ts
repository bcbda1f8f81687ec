import { ConnectorError, createHttpClient } from '@ucg/connector-core';
import type { ShopifyClient } from './client.ts';

/** One object of a bulk operation's JSONL result; nested connection nodes carry `__parentId`. */
export type BulkLine = Record<string, unknown> & { id?: string; __parentId?: string };

interface BulkOperation {
  id: string;
  status: 'CANCELED' | 'CANCELING' | 'COMPLETED' | 'CREATED' | 'EXPIRED' | 'FAILED' | 'RUNNING';
  errorCode: string | null;
  url: string | null;
}

const FIELDS = 'id status errorCode url';
const running = (op: BulkOperation | null) => op !== null && (op.status === 'CREATED' || op.status === 'RUNNING' || op.status === 'CANCELING');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls with a growing interval (Shopify finishes small exports in a second, large ones in minutes). */
async function waitFor(client: ShopifyClient, read: () => Promise<BulkOperation | null>, deadline: number): Promise<BulkOperation | null> {
  let interval = 50;
  for (;;) {
    const op = await read();
    if (!running(op)) return op;
    if (Date.now() + interval > deadline) {
      throw new ConnectorError('UPSTREAM_TIMEOUT', 'webstore', `bulk operation ${op!.id} still ${op!.status} after ${client.config.bulkTimeoutMs} ms`);
    }
    await sleep(interval);
    interval = Math.min(interval * 2, client.config.bulkPollIntervalMs);
  }
}

async function start(client: ShopifyClient, query: string): Promise<{ op: BulkOperation | null; inProgress: boolean }> {
  const data = await client.request<{ bulkOperationRunQuery: { bulkOperation: BulkOperation | null; userErrors: { code: string | null; message: string }[] } }>(
    `mutation Export($query: String!) { bulkOperationRunQuery(query: $query) { bulkOperation { ${FIELDS} } userErrors { code field message } } }`,
    { query },
    // Starting an export twice only makes the second one wait or refuse; nothing is written.
    { idempotent: true },
  );
  const { bulkOperation, userErrors } = data.bulkOperationRunQuery;
  if (bulkOperation) return { op: bulkOperation, inProgress: false };
  if (userErrors.some((e) => e.code === 'OPERATION_IN_PROGRESS')) return { op: null, inProgress: true };
  throw new ConnectorError('UPSTREAM_REJECTED', 'webstore', `bulkOperationRunQuery refused: ${userErrors.map((e) => e.message).join('; ')}`, { vendorCode: userErrors[0]?.code ?? undefined });
}

/** Downloads the result file. It lives on storage behind a signed URL: no shop token goes there. */
async function download(client: ShopifyClient, url: string): Promise<BulkLine[]> {
  const files = createHttpClient({ system: 'webstore', baseUrl: new URL(url).origin, timeoutMs: client.config.bulkTimeoutMs, maxRetries: client.config.maxRetries, baseDelayMs: client.config.baseDelayMs });
  try {
    const text = (await files.request({ path: url, headers: { accept: 'application/jsonl, application/octet-stream' } })).text();
    return text.split('\n').filter((line) => line.trim()).map((line, i) => {
      try {
        return JSON.parse(line) as BulkLine;
      } catch (cause) {
        throw new ConnectorError('UPSTREAM_BAD_RESPONSE', 'webstore', `bulk result line ${i + 1} is not JSON`, { cause });
      }
    });
  } finally {
    await files.close();
  }
}

/**
 * Runs a bulk query (`bulkOperationRunQuery`) and resolves with its JSONL result: the way to read
 * a whole shop without spending the query-cost bucket page by page. Waits for an export another
 * process is running to finish first (one bulk query per app and shop at a time).
 */
export async function runBulkQuery(client: ShopifyClient, query: string): Promise<BulkLine[]> {
  const deadline = Date.now() + client.config.bulkTimeoutMs;
  const current = () => client.request<{ currentBulkOperation: BulkOperation | null }>(`query Current { currentBulkOperation(type: QUERY) { ${FIELDS} } }`).then((d) => d.currentBulkOperation);
  let started = await start(client, query);
  if (started.inProgress) {
    await waitFor(client, current, deadline);
    started = await start(client, query);
    if (started.inProgress) throw new ConnectorError('UPSTREAM_RATE_LIMITED', 'webstore', 'another bulk query is running on the shop', { retryable: false, vendorCode: 'OPERATION_IN_PROGRESS' });
  }
  const id = started.op!.id;
  const done = await waitFor(client, () => client.request<{ node: BulkOperation | null }>(`query Poll($id: ID!) { node(id: $id) { ... on BulkOperation { ${FIELDS} } } }`, { id }).then((d) => d.node), deadline);
  if (!done || done.status !== 'COMPLETED') {
    throw new ConnectorError('UPSTREAM_BAD_RESPONSE', 'webstore', `bulk operation ${id} ended ${done?.status ?? 'unknown'}${done?.errorCode ? ` (${done.errorCode})` : ''}`, { ...(done?.errorCode ? { vendorCode: done.errorCode } : {}) });
  }
  // An export that matched nothing completes without a file.
  return done.url ? download(client, done.url) : [];
}

/** Groups child lines under their parent's id, in file order. */
export function childrenByParent(lines: readonly BulkLine[]): Map<string, BulkLine[]> {
  const out = new Map<string, BulkLine[]>();
  for (const line of lines) {
    if (line.__parentId === undefined) continue;
    const list = out.get(line.__parentId);
    if (list) list.push(line);
    else out.set(line.__parentId, [line]);
  }
  return out;
}

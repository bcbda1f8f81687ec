import { request } from 'undici';

export interface WebhookDelivery {
  url: string;
  body: string;
  headers: Record<string, string>;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Delivers a webhook as the vendors do: POST, a few retries with backoff on failure, then give up.
 * Fire-and-forget for the caller; failures are reported through `onGiveUp`.
 */
export async function deliverWebhook(delivery: WebhookDelivery, options: { attempts?: number; onGiveUp?: (error: unknown) => void } = {}): Promise<void> {
  const attempts = options.attempts ?? 3;
  let lastError: unknown;
  for (let i = 0; i < attempts; i++) {
    try {
      const res = await request(delivery.url, { method: 'POST', body: delivery.body, headers: { 'content-type': 'application/json', ...delivery.headers }, headersTimeout: 5000, bodyTimeout: 5000 });
      await res.body.dump();
      if (res.statusCode < 300) return;
      lastError = new Error(`webhook ${delivery.url} answered ${res.statusCode}`);
    } catch (error) {
      lastError = error;
    }
    await sleep(100 * 2 ** i);
  }
  options.onGiveUp?.(lastError);
}

import { Response } from 'undici';

interface Buffered {
  status: number;
  statusText: string;
  headers: [string, string][];
  body: string;
}

/**
 * In-flight de-duplication: identical fetches started while one is under way wait for it and get
 * their own copy of its answer (each caller parses its own, so no result object is ever shared
 * between requests). Nothing is kept once the fetch settles: this saves work, it caches nothing.
 */
export class FetchDeduplicator {
  private readonly inflight = new Map<string, Promise<Buffered>>();

  /** @param onShared told each time a fetch is answered by one already in flight. */
  constructor(private readonly onShared?: () => void) {}

  async fetch(key: string, run: () => Promise<Response>): Promise<Response> {
    let pending = this.inflight.get(key);
    if (pending) {
      this.onShared?.();
    } else {
      pending = run().then(async (res) => ({ status: res.status, statusText: res.statusText, headers: [...res.headers], body: await res.text() }));
      this.inflight.set(key, pending);
      const done = () => {
        if (this.inflight.get(key) === pending) this.inflight.delete(key);
      };
      pending.then(done, done);
    }
    const shared = await pending;
    return new Response(shared.body, { status: shared.status, statusText: shared.statusText, headers: shared.headers });
  }

  get inFlight(): number {
    return this.inflight.size;
  }
}

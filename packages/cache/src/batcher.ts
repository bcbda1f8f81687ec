/**
 * Process-wide batching and single-flight: every key asked for in the same tick goes to the loader
 * in one call, and a key already being loaded is not loaded again, whoever asks. A thousand
 * concurrent misses for one key make one legacy call.
 */
export class KeyBatcher<V> {
  private readonly inFlight = new Map<string, Promise<V | undefined>>();
  private queue = new Map<string, { resolve: (v: V | undefined) => void; reject: (e: unknown) => void }[]>();
  private scheduled = false;

  constructor(
    private readonly load: (keys: string[]) => Promise<Map<string, V>>,
    private readonly maxBatchSize = 500,
  ) {}

  /** Resolves with the loaded value, or undefined when the source does not know the key. */
  get(key: string): Promise<V | undefined> {
    const running = this.inFlight.get(key);
    if (running) return running;
    const promise = new Promise<V | undefined>((resolve, reject) => {
      const waiters = this.queue.get(key) ?? [];
      waiters.push({ resolve, reject });
      this.queue.set(key, waiters);
    });
    this.inFlight.set(key, promise);
    const forget = () => {
      if (this.inFlight.get(key) === promise) this.inFlight.delete(key);
    };
    promise.then(forget, forget);
    if (!this.scheduled) {
      this.scheduled = true;
      // After the current tick's promise jobs, so concurrent callers' keys join one batch.
      setImmediate(() => this.flush());
    }
    return promise;
  }

  private flush(): void {
    this.scheduled = false;
    const batch = this.queue;
    this.queue = new Map();
    const keys = [...batch.keys()];
    for (let i = 0; i < keys.length; i += this.maxBatchSize) {
      const chunk = keys.slice(i, i + this.maxBatchSize);
      this.load(chunk).then(
        (values) => {
          for (const k of chunk) for (const w of batch.get(k)!) w.resolve(values.get(k));
        },
        (error: unknown) => {
          for (const k of chunk) for (const w of batch.get(k)!) w.reject(error);
        },
      );
    }
  }
}

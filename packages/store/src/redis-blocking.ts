import type { Cluster, Redis } from 'ioredis';

type Client = Redis | Cluster;

/**
 * Connections for blocking commands (XREADGROUP … BLOCK). A blocked command holds its connection
 * until it answers, so it must never share the auto-pipelined one every other command uses. Each
 * call borrows a connection of its own and gives it back; a few idle ones are kept for the next.
 */
export class BlockingConnections {
  private readonly idle: Client[] = [];
  private readonly busy = new Set<Client>();
  private closed = false;

  constructor(
    private readonly open: () => Client,
    private readonly maxIdle = 4,
  ) {}

  get isClosed(): boolean {
    return this.closed;
  }

  async use<T>(command: (client: Client) => Promise<T>): Promise<T> {
    const client = this.idle.pop() ?? this.opened();
    this.busy.add(client);
    try {
      return await command(client);
    } finally {
      this.busy.delete(client);
      if (this.closed || this.idle.length >= this.maxIdle) client.disconnect();
      else this.idle.push(client);
    }
  }

  /** Drops every connection; commands blocked on them reject, which callers treat as "closed". */
  close(): void {
    this.closed = true;
    for (const client of [...this.idle.splice(0), ...this.busy]) client.disconnect();
  }

  private opened(): Client {
    const client = this.open();
    client.on('error', () => {});
    return client;
  }
}

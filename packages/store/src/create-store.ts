import { Socket } from 'node:net';
import { MemoryStore } from './memory-store.ts';
import { RedisStore } from './redis-store.ts';
import type { Store } from './store.ts';

export interface StoreConfig {
  /** `redis://…`; the in-process store when absent. */
  redisUrl?: string;
  /** Comma-separated `host:port` seeds of a Redis Cluster. */
  redisClusterNodes?: string;
  keyPrefix?: string;
}

export function createStore(config: StoreConfig): Store {
  if (config.redisClusterNodes) {
    return new RedisStore({ clusterNodes: config.redisClusterNodes.split(',').map((s) => s.trim()).filter(Boolean), ...(config.keyPrefix ? { keyPrefix: config.keyPrefix } : {}) });
  }
  if (config.redisUrl) return new RedisStore({ url: config.redisUrl, ...(config.keyPrefix ? { keyPrefix: config.keyPrefix } : {}) });
  return new MemoryStore();
}

/** The store configuration a process gets from its environment (`REDIS_URL`, `REDIS_CLUSTER_NODES`, `REDIS_KEY_PREFIX`). */
export function storeConfigFromEnv(env: NodeJS.ProcessEnv = process.env): StoreConfig {
  return {
    ...(env.REDIS_URL ? { redisUrl: env.REDIS_URL } : {}),
    ...(env.REDIS_CLUSTER_NODES ? { redisClusterNodes: env.REDIS_CLUSTER_NODES } : {}),
    ...(env.REDIS_KEY_PREFIX ? { keyPrefix: env.REDIS_KEY_PREFIX } : {}),
  };
}

/** True when something answers PING on host:port within `timeoutMs` (a raw RESP probe, no client needed). */
export function redisAnswers(host = '127.0.0.1', port = 6379, timeoutMs = 500): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = new Socket();
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('error', () => done(false));
    socket.connect(port, host, () => socket.write('PING\r\n'));
    socket.once('data', (data) => done(data.toString().startsWith('+PONG')));
  });
}

import type { SapClient } from './client.ts';
import type { ResolvedSapConfig } from './config.ts';

/** What the resource modules share: the transport, the validated config and a clock. */
export interface SapContext {
  client: SapClient;
  config: ResolvedSapConfig;
  now(): Date;
}

import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launchStack, type LaunchOptions, type RunningStack } from '@ucg/stack';

export interface TestStack extends RunningStack {
  gatewayUrl: string;
}

/**
 * The whole stack on free ports, with zero legacy latency, a private Redis key prefix and a
 * private EDI exchange folder, so end-to-end suites can run side by side.
 */
export async function startTestStack(options: Omit<LaunchOptions, 'ports'> = {}): Promise<TestStack> {
  const prefix = `ucg-e2e-${process.pid}-${Date.now().toString(36)}:`;
  const stack = await launchStack({
    ...options,
    ports: 'auto',
    env: {
      UCG_LEGACY_LATENCY: 'off',
      REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
      REDIS_KEY_PREFIX: prefix,
      EDI_EXCHANGE_DIR: mkdtempSync(join(tmpdir(), 'ucg-edi-')),
      LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
      ...options.env,
    },
    ...(process.env.UCG_E2E_VERBOSE ? { onLine: (s, l) => process.stderr.write(`[${s}] ${l}\n`) } : {}),
  });
  return { ...stack, gatewayUrl: `${stack.urls.gateway}/graphql` };
}

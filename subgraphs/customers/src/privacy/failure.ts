import { isConnectorError } from '@ucg/connector-core';

/** A failure as reports and logs may show it: a stable code and a line without upstream bodies or hosts. */
export function describeFailure(error: unknown): { code: string; detail: string } {
  if (isConnectorError(error)) return { code: error.code, detail: `${error.system} failed with ${error.code}${error.statusCode ? ` (HTTP ${error.statusCode})` : ''}` };
  const coded = error as { code?: unknown; system?: unknown } | undefined;
  if (coded && typeof coded.code === 'string' && /^[A-Z][A-Z0-9_]+$/.test(coded.code)) {
    return { code: coded.code, detail: `${typeof coded.system === 'string' ? coded.system : 'the system'} failed with ${coded.code}` };
  }
  return { code: 'INTERNAL_ERROR', detail: 'an unexpected error; see the subgraph logs' };
}

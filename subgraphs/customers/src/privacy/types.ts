import type { SystemId } from '@ucg/connector-core';

/** The legacy systems plus the graph's own state (carts, orders placed through the graph). */
export type PrivacySystemId = SystemId | 'graph';

/** Every system an access or erasure request covers, in the order reports list them. */
export const PRIVACY_SYSTEMS: readonly PrivacySystemId[] = ['crm', 'webstore', 'marketplace', 'erp', '3pl-us', '3pl-eu', 'graph'];

/** What one system holds about a person (a connector's `PersonDataExport` without the system name). */
export interface PersonRecords {
  recordCount: number;
  records: unknown[];
}

/** What one system did with an erasure (a connector's `PersonErasure` without the system name). */
export interface SystemErasureResult {
  status: 'ERASED' | 'NOT_FOUND' | 'RETAINED';
  detail?: string;
}

/** One system's line in an erasure report. */
export interface SystemErasureOutcome {
  system: PrivacySystemId;
  status: SystemErasureResult['status'] | 'FAILED';
  detail: string | null;
  /** The error code when FAILED. */
  code: string | null;
}

export type ErasureStatus = 'IN_PROGRESS' | 'COMPLETED' | 'PARTIAL' | 'FAILED';

import type { ClientKind } from '../../context.ts';

export interface PersistedOperationsOptions {
  /** Folder of Apollo persisted-query manifests, one `<client>.json` per client. @default "schema/manifests" */
  manifestDir: string;
  /** Kinds of caller that may run only manifest operations, by id. @default ["partner"] */
  safelistKinds: ClientKind[];
  /** The manifests each safelisted kind may run from (the others may use any manifest). @default { partner: ["partner"] } */
  manifestsByKind: Partial<Record<ClientKind, string[]>>;
  /** How long an automatically persisted query is kept, in seconds. @default 86400 */
  apqTtlS: number;
}

import type { SupergraphPolicies } from '../../supergraph/policies.ts';

export interface AuthorizationOptions {
  /** The access rules of the supergraph in force (they change on hot reload). */
  policies: () => SupergraphPolicies;
  /** Operations (per caller's access level) whose rewrite is kept. @default 2000 */
  cacheSize?: number;
  /** Called once per denied field, with its code (for metrics). */
  onDenied?: (code: string) => void;
}

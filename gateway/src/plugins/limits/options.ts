import type { ClientKind } from '../../context.ts';

export interface LimitsOptions {
  /** Deepest field nesting an operation may have. @default 15 */
  maxDepth: number;
  /** Aliases per operation. @default 30 */
  maxAliases: number;
  /** Directives per operation. @default 50 */
  maxDirectives: number;
  /** Lexical tokens per document (refused while parsing). @default 5000 */
  maxTokens: number;
  /**
   * Highest estimated cost (`@cost`/`@listSize` demand control) per kind of caller.
   * @default { anonymous: 5000, customer: 5000, partner: 25000, staff: 50000 }
   */
  maxCost: Record<ClientKind, number>;
  /** Items assumed in a list nothing else sizes. @default 10 */
  defaultListSize: number;
}

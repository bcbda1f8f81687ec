import { SupergraphPolicies } from './policies.ts';

/**
 * What the plugins need from the supergraph in force, replaced as a whole on every (re)load so a
 * request sees one consistent version.
 */
export class SupergraphState {
  private current: SupergraphPolicies | undefined;
  private loadedAt = 0;

  /** Called by @apollo/gateway's `onSchemaLoadOrUpdate`. */
  update(coreSupergraphSdl: string): void {
    this.current = new SupergraphPolicies(coreSupergraphSdl);
    this.loadedAt = Date.now();
  }

  get loaded(): boolean {
    return this.current !== undefined;
  }

  get since(): number {
    return this.loadedAt;
  }

  readonly policies = (): SupergraphPolicies => {
    if (!this.current) throw new Error('supergraph not loaded yet');
    return this.current;
  };
}

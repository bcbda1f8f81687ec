import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CompositionError, composeSupergraph, subgraphs, supergraphPath } from '../src/index.ts';

describe('supergraph', () => {
  it('composes from the subgraph SDLs and the committed file is current', () => {
    const composed = composeSupergraph();
    const committed = readFileSync(supergraphPath, 'utf8');
    // When this fails: run `npm run compose` and commit schema/supergraph.graphql.
    expect(committed.trim()).toBe(composed.supergraphSdl.trim());
  });

  it('fails loudly, with the composition errors, when subgraphs disagree', () => {
    const broken = subgraphs.map((s) => (s.name === 'inventory' ? { ...s, sdl: `${s.sdl}\ntype Money @shareable { amount: Int! currencyCode: CurrencyCode! }` } : s));
    expect(() => composeSupergraph(broken)).toThrow(CompositionError);
    try {
      composeSupergraph(broken);
    } catch (error) {
      expect((error as CompositionError).errors.join('\n')).toMatch(/Money/);
    }
  });

  it('keeps @inContext as an operation directive clients can use', () => {
    const { apiSchema } = composeSupergraph();
    const directive = apiSchema.getDirective('inContext');
    expect(directive?.locations).toEqual(expect.arrayContaining(['QUERY', 'MUTATION']));
    expect(directive?.args.map((a) => a.name)).toEqual(['country', 'language']);
  });
});

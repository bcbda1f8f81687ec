import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '@ucg/stack';

type Layer = 'gateway' | 'subgraphs' | 'connectors' | 'legacy' | 'packages';

/** Which package name prefixes each layer may import. Dependencies point down only. */
const forbidden: Record<Exclude<Layer, 'packages'>, RegExp> = {
  gateway: /^@ucg\/(subgraph-|connector-|legacy-)/,
  subgraphs: /^@ucg\/(legacy-|gateway|subgraph-(?!kit$))/,
  connectors: /^@ucg\/(legacy-|subgraph-|gateway|service-kit|subgraph-kit)|^graphql$|^@apollo\//,
  legacy: /^@ucg\/(connector-|subgraph-|gateway)/,
};

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    if (e.name === 'node_modules') return [];
    const path = join(dir, e.name);
    return e.isDirectory() ? files(path) : /\.(ts|mts|js)$/.test(e.name) ? [path] : [];
  });
}

function imports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/(?:from|import)\s*\(?\s*['"]([^'"]+)['"]/g)].map((m) => m[1]!);
}

function packagesOf(layer: Exclude<Layer, 'packages'>): string[] {
  if (layer === 'gateway') return [join(repoRoot, 'gateway')];
  return readdirSync(join(repoRoot, layer), { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => join(repoRoot, layer, e.name));
}

describe('layering', () => {
  for (const layer of Object.keys(forbidden) as (keyof typeof forbidden)[]) {
    it(`${layer} imports nothing from the layers above it or beside it`, () => {
      const violations: string[] = [];
      for (const pkg of packagesOf(layer)) {
        const manifest = JSON.parse(readFileSync(join(pkg, 'package.json'), 'utf8')) as { name: string; dependencies?: Record<string, string> };
        for (const dep of Object.keys(manifest.dependencies ?? {})) {
          // Subgraphs are separate domains: one must not import another (the shared kit is fine).
          if (forbidden[layer].test(dep) && dep !== manifest.name) violations.push(`${manifest.name} depends on ${dep}`);
        }
        for (const file of files(join(pkg, 'src'))) {
          for (const spec of imports(file)) {
            const crosses = spec.startsWith('.') && !resolve(file, '..', spec).startsWith(pkg);
            if (forbidden[layer].test(spec) || crosses) violations.push(`${relative(repoRoot, file)} imports ${spec}`);
          }
        }
      }
      expect(violations).toEqual([]);
    });
  }
});

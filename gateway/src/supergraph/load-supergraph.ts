import { createHash } from 'node:crypto';
import { readFileSync, watch, type FSWatcher } from 'node:fs';
import { basename, dirname } from 'node:path';
import type { Logger } from '@ucg/service-kit';

/**
 * Features the gateway enforces itself (in its plugins) although @apollo/gateway's supergraph
 * validation does not know them. Their `@link` says `for: SECURITY`, which @apollo/gateway
 * rejects outright; we drop only that purpose marker so it loads the schema and we enforce them.
 */
const enforcedByPlugins = ['https://specs.apollo.dev/authenticated/', 'https://specs.apollo.dev/requiresScopes/', 'https://specs.apollo.dev/policy/', 'https://specs.apollo.dev/cost/'];

export function relaxEnforcedFeatures(supergraphSdl: string): string {
  return supergraphSdl.replace(/@link\(url: "([^"]+)"([^)]*?), for: (SECURITY|EXECUTION)\)/g, (whole, url: string, rest: string) =>
    enforcedByPlugins.some((p) => url.startsWith(p)) ? `@link(url: "${url}"${rest})` : whole,
  );
}

export function loadSupergraph(path: string): string {
  return relaxEnforcedFeatures(readFileSync(path, 'utf8'));
}

export interface SupergraphSourceOptions {
  path: string;
  /** Reload when the file changes. @default true */
  watch: boolean;
  logger: Logger;
  /** Told of every reload attempt after the first load. */
  onReload?: (outcome: 'updated' | 'failed') => void;
}

type Update = (supergraphSdl: string) => void;

/**
 * The `supergraphSdl` option of @apollo/gateway as a function: loads the file, then watches its
 * folder (editors and `npm run compose` replace files, which a watch on the file itself misses)
 * and hands every changed, valid version to the gateway. An invalid file is logged and the
 * running supergraph stays.
 */
export function supergraphSource(options: SupergraphSourceOptions) {
  return async ({ update }: { update: Update }) => {
    const initial = loadSupergraph(options.path);
    let digest = createHash('sha256').update(initial).digest('hex');
    let watcher: FSWatcher | undefined;
    let timer: NodeJS.Timeout | undefined;
    const reload = () => {
      let sdl: string;
      try {
        sdl = loadSupergraph(options.path);
      } catch (error) {
        options.logger.warn({ err: error, path: options.path }, 'supergraph file unreadable; keeping the running supergraph');
        return;
      }
      const next = createHash('sha256').update(sdl).digest('hex');
      if (next === digest) return;
      try {
        update(sdl);
        digest = next;
        options.logger.info({ path: options.path }, 'supergraph reloaded');
        options.onReload?.('updated');
      } catch (error) {
        options.logger.error({ err: error, path: options.path }, 'supergraph reload failed; keeping the running supergraph');
        options.onReload?.('failed');
      }
    };
    if (options.watch) {
      watcher = watch(dirname(options.path), (_event, file) => {
        if (file && file.toString() !== basename(options.path)) return;
        clearTimeout(timer);
        timer = setTimeout(reload, 100);
      });
      watcher.on('error', (error) => options.logger.warn({ err: error }, 'supergraph watch failed; hot reload is off'));
    }
    return {
      supergraphSdl: initial,
      cleanup: async () => {
        clearTimeout(timer);
        watcher?.close();
      },
    };
  };
}

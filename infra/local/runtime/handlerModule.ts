import { join, sep } from 'node:path';
import type { Context } from 'aws-lambda';
import { PROJECT_ROOT } from '../../manifest/paths';
import { LocalConfigError, RuntimeError } from './errors';

export type Handler = (event: unknown, context: Context) => Promise<unknown>;

/**
 * A function's cold start: its handler module loaded with a copy of the project's modules of its own,
 * as each Lambda has its own process (and a second runtime in one process must not reuse modules
 * configured for the first). Handlers read their configuration at module load: the caller applies the
 * function's environment first. A ConfigError at load is the configuration's fault, and says so.
 */
export function loadHandler(folder: string, handlerPath: string): Handler {
  forgetProjectModules();
  let mod: { handler?: Handler };
  try {
    mod = require(handlerPath) as { handler?: Handler };
  } catch (cause) {
    if ((cause as Error)?.name !== 'ConfigError') throw cause;
    throw new LocalConfigError(`functions/${folder} refused its configuration at cold start: ${(cause as Error).message}`, { cause });
  }
  if (typeof mod.handler !== 'function') throw new RuntimeError(`${handlerPath} does not export a handler`);
  return mod.handler;
}

/**
 * Dependencies whose module state is a container's: Powertools Parameters keeps its default providers (a
 * Secrets Manager client bound to the endpoint of the runtime that first asked) and the values they fetched.
 * Kept across runtimes in one process, a second runtime's functions read the first one's secrets (another
 * OpsGenie key: every page refused with 401, found by `npm run bench`, which starts several runtimes).
 */
const PER_CONTAINER_DEPENDENCIES = [`${sep}node_modules${sep}@aws-lambda-powertools${sep}parameters${sep}`];

/** Drops the project's own modules from Node's cache, and the dependencies above (not the others, not the runtime itself). */
function forgetProjectModules(): void {
  const runtimeDir = join(PROJECT_ROOT, 'infra', 'local') + sep;
  const manifestDir = join(PROJECT_ROOT, 'infra', 'manifest') + sep;
  for (const id of Object.keys(require.cache)) {
    if (PER_CONTAINER_DEPENDENCIES.some((part) => id.includes(part))) {
      delete require.cache[id];
      continue;
    }
    if (!id.startsWith(PROJECT_ROOT) || id.includes(`${sep}node_modules${sep}`)) continue;
    if (id.startsWith(runtimeDir) || id.startsWith(manifestDir)) continue;
    delete require.cache[id];
  }
}

import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { BASE_ENVIRONMENT } from './baseEnvironment';
import { ManifestError } from './errors';
import { parseScheduleExpression } from './scheduleExpression';
import { FUNCTIONS_DIR } from './paths';
import { loadRuleFiles, type RuleFile } from './rules';
import type { FunctionManifest } from './types';

export interface LoadedFunction {
  manifest: FunctionManifest;
  handlerPath: string;
}

export interface FunctionCatalogue {
  functions: LoadedFunction[];
  rules: Map<string, RuleFile>;
}

/**
 * Every function of the project: each folder of functions/ that has a manifest.ts (folders without
 * one, such as functions/wiring, are shared code). Checked as a whole, so a mistake fails
 * `serverless package`, the embedded runtime and the tests alike, with a message naming the file.
 */
export function loadFunctionCatalogue(dir = FUNCTIONS_DIR, rules: RuleFile[] = loadRuleFiles()): FunctionCatalogue {
  const functions: LoadedFunction[] = [];
  for (const folder of readdirSync(dir, { withFileTypes: true })) {
    if (!folder.isDirectory()) continue;
    const manifestPath = join(dir, folder.name, 'manifest.ts');
    if (!existsSync(manifestPath)) continue;
    const { manifest } = require(manifestPath) as { manifest?: FunctionManifest };
    if (!manifest) throw new ManifestError(`${manifestPath} does not export a manifest`);
    if (manifest.folder !== folder.name)
      throw new ManifestError(`${manifestPath}: folder is "${manifest.folder}", expected "${folder.name}"`);
    const handlerPath = join(dir, folder.name, 'handler.ts');
    if (!existsSync(handlerPath)) throw new ManifestError(`${manifestPath}: no handler.ts beside it`);
    functions.push({ manifest, handlerPath });
  }
  functions.sort((a, b) => a.manifest.key.localeCompare(b.manifest.key));
  const byName = new Map(rules.map((r) => [r.name, r]));
  check(functions, byName);
  return { functions, rules: byName };
}

function check(functions: LoadedFunction[], rules: Map<string, RuleFile>): void {
  const keys = new Set<string>();
  const ruleUsers = new Map<string, string>();
  const queues = new Set<string>();
  for (const { manifest } of functions) {
    const where = `functions/${manifest.folder}/manifest.ts`;
    if (!/^[a-z][A-Za-z0-9]*$/.test(manifest.key)) throw new ManifestError(`${where}: key "${manifest.key}" must be camelCase`);
    if (keys.has(manifest.key)) throw new ManifestError(`${where}: key "${manifest.key}" is used by another function`);
    keys.add(manifest.key);
    const configKeys = Object.keys(
      manifest.config instanceof Object && 'shape' in manifest.config ? (manifest.config.shape as object) : {},
    );
    const provided = new Set([...BASE_KEYS, ...Object.keys(manifest.environment)]);
    const missing = configKeys.filter((k) => !provided.has(k));
    const extra = Object.keys(manifest.environment).filter((k) => !configKeys.includes(k));
    if (missing.length > 0)
      throw new ManifestError(`${where}: the config reads ${missing.join(', ')}, which the environment does not provide`);
    if (extra.length > 0) throw new ManifestError(`${where}: the environment sets ${extra.join(', ')}, which the config does not read`);
    const schedules = new Set<string>();
    for (const trigger of manifest.triggers) {
      if (trigger.kind === 'queue' || trigger.kind === 'direct') {
        if (!rules.has(trigger.rule))
          throw new ManifestError(`${where}: trigger names rule "${trigger.rule}", which has no events/rules file`);
        const user = ruleUsers.get(trigger.rule);
        if (user) throw new ManifestError(`${where}: rule "${trigger.rule}" already feeds ${user}; a rule has one target`);
        ruleUsers.set(trigger.rule, manifest.key);
      }
      if (trigger.kind === 'queue') {
        if (queues.has(trigger.queue)) throw new ManifestError(`${where}: queue "${trigger.queue}" is used by another function`);
        queues.add(trigger.queue);
      }
      if (trigger.kind === 'schedule') {
        if (schedules.has(trigger.name)) throw new ManifestError(`${where}: two schedules named "${trigger.name}"`);
        schedules.add(trigger.name);
        try {
          parseScheduleExpression(trigger.expression);
        } catch (cause) {
          throw new ManifestError(`${where}: schedule "${trigger.name}": ${(cause as Error).message}`, { cause });
        }
      }
    }
  }
}

const BASE_KEYS = Object.keys(BASE_ENVIRONMENT);

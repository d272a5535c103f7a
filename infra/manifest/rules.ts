import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { ManifestError } from './errors';
import { PROJECT_ROOT } from './paths';

/**
 * A rule file of events/rules: the one place a rule pattern is written. Which function it feeds is
 * said by that function's manifest (a queue or direct trigger naming the rule).
 */
export const RuleFileSchema = z.strictObject({
  name: z.string().regex(/^[a-z0-9-]+$/),
  description: z.string(),
  bus: z.enum(['default', 'vigil']),
  pattern: z.record(z.string(), z.unknown()),
});

export type RuleFile = z.infer<typeof RuleFileSchema>;

export const RULES_DIR = join(PROJECT_ROOT, 'events', 'rules');

export function loadRuleFiles(dir = RULES_DIR): RuleFile[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((file) => {
      const path = join(dir, file);
      const parsed = RuleFileSchema.safeParse(JSON.parse(readFileSync(path, 'utf8')));
      if (!parsed.success)
        throw new ManifestError(`${path}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
      if (`${parsed.data.name}.json` !== file)
        throw new ManifestError(`${path}: the rule's name must be its file name (${parsed.data.name}.json)`);
      return parsed.data;
    });
}

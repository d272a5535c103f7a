import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { RuntimeError } from './errors';

/** A rule file of events/rules: the one place a rule pattern is written (serverless.yml reads it too). */
export const RuleFileSchema = z.object({
  name: z.string().regex(/^[a-z0-9-]+$/),
  description: z.string(),
  bus: z.enum(['default', 'vigil']),
  target: z.string().min(1),
  delivery: z.enum(['queue', 'direct']),
  pattern: z.record(z.string(), z.unknown()),
});

export type RuleFile = z.infer<typeof RuleFileSchema>;

export const RULES_DIR = join(__dirname, '..', '..', '..', 'events', 'rules');

export function loadRuleFiles(dir = RULES_DIR): RuleFile[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((file) => {
      const path = join(dir, file);
      const parsed = RuleFileSchema.safeParse(JSON.parse(readFileSync(path, 'utf8')));
      if (!parsed.success) throw new RuntimeError(`${path}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
      return parsed.data;
    });
}

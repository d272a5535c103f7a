import type { z } from 'zod';
import { ConfigError } from './errors';

/**
 * Validates environment-style configuration once, at cold start. Every problem is listed in one
 * message (a deploy with three missing variables should not take three attempts to fix).
 */
export function readConfig<S extends z.ZodType>(schema: S, env: Record<string, string | undefined>, component: string): z.infer<S> {
  const result = schema.safeParse(env);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    const where = issue.path.join('.') || '(root)';
    return `  - ${where}: ${issue.message}`;
  });
  throw new ConfigError(`invalid configuration for ${component}:\n${problems.join('\n')}`);
}

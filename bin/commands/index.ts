import type { Command } from './types';
import { testPatternCommand } from './testPattern';

export const COMMANDS: Record<string, Command> = {
  'test-pattern': testPatternCommand,
};

import { auditCommand } from './audit';
import { decryptCommand } from './decrypt';
import { driftCommand } from './drift';
import { eraseCommand } from './erase';
import { replayCommand } from './replay';
import { telemetryCommand } from './telemetry';
import { testPatternCommand } from './testPattern';
import type { Command } from './types';

export const COMMANDS: Record<string, Command> = {
  audit: auditCommand,
  replay: replayCommand,
  'test-pattern': testPatternCommand,
  drift: driftCommand,
  telemetry: telemetryCommand,
  decrypt: decryptCommand,
  erase: eraseCommand,
};

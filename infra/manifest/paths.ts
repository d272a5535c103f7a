import { join } from 'node:path';

export const PROJECT_ROOT = join(__dirname, '..', '..');
export const FUNCTIONS_DIR = join(PROJECT_ROOT, 'functions');

import type { Command } from 'commander';
import { registerCheck } from './check.js';

/** Every command, in `--help` order. Each module only declares options; its work is imported on use. */
export function registerCommands(program: Command): void {
  registerCheck(program);
}

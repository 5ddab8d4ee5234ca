import type { Command } from 'commander';
import { registerCatalog } from './catalog.js';
import { registerCheck } from './check.js';
import { registerInit } from './init.js';
import { registerSdkUrl } from './sdk-url.js';

/** Every command, in `--help` order. Each module only declares options; its work is imported on use. */
export function registerCommands(program: Command): void {
  registerCheck(program);
  registerCatalog(program);
  registerInit(program);
  registerSdkUrl(program);
}

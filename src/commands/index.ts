import type { Command } from 'commander';
import { registerCatalog } from './catalog.js';
import { registerCheck } from './check.js';
import { registerChecklist } from './checklist.js';
import { registerDemo } from './demo.js';
import { registerInit } from './init.js';
import { registerMonitor } from './monitor.js';
import { registerSandbox } from './sandbox.js';
import { registerSdkUrl } from './sdk-url.js';
import { registerWebhook } from './webhook.js';

/** Every command, in `--help` order. Each module only declares options; its work is imported on use. */
export function registerCommands(program: Command): void {
  registerCheck(program);
  registerDemo(program);
  registerSandbox(program);
  registerCatalog(program);
  registerInit(program);
  registerSdkUrl(program);
  registerChecklist(program);
  registerWebhook(program);
  registerMonitor(program);
}

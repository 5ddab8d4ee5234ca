#!/usr/bin/env -S node --
// "node --" ends Node's own options: Node 20 would otherwise take our --env-file for itself.
import '../dist/cli.js';

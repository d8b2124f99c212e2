#!/usr/bin/env node
// The `listonosz` command: runs the compiled CLI (npm run build produces dist/).
import '../dist/server/main.js';

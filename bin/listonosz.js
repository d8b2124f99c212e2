#!/usr/bin/env -S node --max-semi-space-size=4
// The `listonosz` command: runs the compiled CLI (npm run build produces dist/).
import '../dist/server/main.js';

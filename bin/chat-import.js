#!/usr/bin/env -S node --heap-growing-percent=25
// The `chat-import` command (package.json "bin"): the CLI, run by node with V8's heap growth capped at 25 % over
// the live heap. Planning streams: 20–35 MB stays live while gigabytes of short-lived strings pass through, and
// V8's default growth lets a long run's heap reach several times that (a million messages peaked at 234 MB
// without the cap, 174 MB with it; `npm run bench`). The flag only works on node's command line: NODE_OPTIONS
// refuses it, and setting it from inside a running process is undefined behaviour in V8. `node dist/src/cli.js`
// runs the same CLI without the cap.
import { main } from '../dist/src/cli.js';

await main();

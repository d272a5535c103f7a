#!/usr/bin/env node
// The `vigil` command. The TypeScript sources run as they are through tsx, so what a user runs is
// exactly the code in the repository: no build step to forget between an edit and a replay.
'use strict';
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
// `vigil ... | head` closes stdout early: that is the reader's choice, not an error.
process.stdout.on('error', (err) => {
  if (err && err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw err;
});
require('tsx/cjs');
const { main } = require('./cli.ts');
main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err) => {
    process.stderr.write(`vigil: ${err?.stack ? err.stack : err}\n`);
    process.exitCode = 1;
  },
);

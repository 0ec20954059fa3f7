#!/usr/bin/env node
// The `waymark` psychometrics command. Runs the compiled CLI when built, else the TypeScript source through tsx.
const path = require('path');
const fs = require('fs');
const compiled = path.join(__dirname, '..', 'dist', 'server', 'cli', 'waymark.js');
if (fs.existsSync(compiled)) {
  require(compiled).main(process.argv.slice(2)).then((code) => { process.exitCode = code; });
} else {
  require('tsx/cjs');
  require(path.join(__dirname, '..', 'server', 'cli', 'waymark.ts')).main(process.argv.slice(2)).then((code) => { process.exitCode = code; });
}

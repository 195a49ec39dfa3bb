#!/usr/bin/env node
// The executable: start the CLI from the compiled sources (npm run build writes dist/).
import { runCli } from '../dist/cli/main.js';

process.exitCode = await runCli(process.argv.slice(2));

#!/usr/bin/env node
import { main } from './cli-main.js';

// `paperbot export | head`: the reader closed the pipe because it has read all it wants, so
// the rest of the output has no one to go to; stop quietly, as Unix tools do.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE') throw error;
  process.exit(0);
});

process.exitCode = await main(process.argv.slice(2));

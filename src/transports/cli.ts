#!/usr/bin/env -S node --max-semi-space-size=64
// The flag: a search over a large library allocates tens of megabytes of short-lived results
// per query. With V8's default young generation (16 MB semi-spaces) they overflow into
// scavenges that copy whatever is still live, some 500 of them over 200 queries at 100k papers,
// and the queries took twice as long (bench/search.ts). npm start passes the same flag.
import { main } from './cli-main.js';

// `paperbot export | head`: the reader closed the pipe because it has read all it wants, so
// the rest of the output has no one to go to; stop quietly, as Unix tools do.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE') throw error;
  process.exit(0);
});

process.exitCode = await main(process.argv.slice(2));

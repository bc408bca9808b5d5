// `paperbot <args>` through the bin's own main, in this process: the output and exit code a
// script sees, for specs about those rather than about the process (each spawn costs a Node
// start-up). Program commands (ingest, serve, bot…) write to this process's streams: spawn them.
import { Readable } from 'node:stream';
import { main } from '../../src/transports/cli-main.js';
import { childEnv, type Run, type RunOptions } from './spawn.js';

export async function runCliInProcess(args: readonly string[], options: RunOptions): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const code = await main(args, {
    stdin: Readable.from([options.input ?? ''], { objectMode: false }),
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
    env: childEnv(options.cacheDir, options.env),
  });
  return { code, stdout, stderr };
}

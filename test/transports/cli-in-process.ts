// `paperbot <args>` through the bin's own main, in this process: the output and exit code a
// script sees, and what the library holds afterwards, for specs about those rather than about
// the process (each spawn costs a Node start-up).
import { Readable, Writable } from 'node:stream';
import { main } from '../../src/transports/cli-main.js';
import { childEnv, type Run, type RunOptions } from './spawn.js';

/** A pipe's end, as stdout and stderr are when a script reads them: no terminal, no colour. */
function collector(): { stream: Writable; text: () => string } {
  let text = '';
  const stream = new Writable({
    decodeStrings: false,
    write(chunk: Buffer | string, _encoding, done) {
      text += String(chunk);
      done();
    },
  });
  return { stream, text: () => text };
}

export async function runCliInProcess(args: readonly string[], options: RunOptions): Promise<Run> {
  const stdout = collector();
  const stderr = collector();
  const code = await main(args, {
    stdin: Readable.from([options.input ?? ''], { objectMode: false }),
    stdout: stdout.stream,
    stderr: stderr.stream,
    env: childEnv(options.cacheDir, options.env),
  });
  return { code, stdout: stdout.text(), stderr: stderr.text() };
}

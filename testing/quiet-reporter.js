// `npm test`'s reporter: a dot a passing file or top-level suite, each failure in full, and
// the runner's summary (`# tests N`, `# pass N`, `# fail N`, …) that CI reads. Passing tests
// print nothing else; `--test-reporter=spec` still shows everything. Plain JavaScript: node loads reporters
// before any --import hook could compile TypeScript.
import { inspect } from 'node:util';

/**
 * @param {{ file?: string, details: { error: Error } }} data
 * @param {readonly string[]} path the names of the suites around the test, and its own
 * @param {readonly string[]} stderr
 */
function failure(data, path, stderr) {
  const { error } = data.details;
  // The runner wraps what a test threw; the thrown error is the part worth reading.
  const thrown = error.cause ?? error;
  const where = data.file === undefined ? '' : ` (${data.file})`;
  return [
    `\n✖ ${path.join(' › ')}${where}`,
    inspect(thrown, { depth: 6, colors: false }).replace(/^/gm, '    '),
    ...(stderr.length > 0 ? ['  output of the file:', stderr.join('').replace(/^/gm, '    ')] : []),
  ].join('\n');
}

/** @param {AsyncIterable<{ type: string, data: any }>} source */
export default async function* quietReporter(source) {
  /** @type {Map<string, string[]>} */
  const stderrByFile = new Map();
  /** @type {Map<string, string[]>} the names of the tests running, by nesting, in each file */
  const pathByFile = new Map();
  for await (const event of source) {
    switch (event.type) {
      case 'test:start': {
        const path = (pathByFile.get(event.data.file ?? '') ?? []).slice(0, event.data.nesting);
        pathByFile.set(event.data.file ?? '', [...path, event.data.name]);
        break;
      }
      case 'test:stderr': {
        const file = event.data.file ?? '';
        stderrByFile.set(file, [...(stderrByFile.get(file) ?? []), event.data.message]);
        break;
      }
      case 'test:fail':
        // A suite or file fails because a test in it did; that test was reported already.
        if (event.data.details.error.failureType !== 'subtestsFailed') {
          const file = event.data.file ?? '';
          const path = [
            ...(pathByFile.get(file) ?? []).slice(0, event.data.nesting),
            event.data.name,
          ];
          yield `${failure(event.data, path, stderrByFile.get(file) ?? [])}\n`;
        }
        break;
      case 'test:pass':
        if (event.data.nesting === 0) yield '.';
        break;
      case 'test:diagnostic':
        if (event.data.nesting === 0) yield `\n# ${event.data.message}`;
        break;
    }
  }
  yield '\n';
}

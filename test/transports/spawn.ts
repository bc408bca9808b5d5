// Runs paperbot's entry points as separate processes.
import { spawn } from 'node:child_process';
import { join, resolve } from 'node:path';
import { PAPERS_JSON, REPO_ROOT } from '../search/corpus-fixture.js';

export interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  input?: string;
  env?: Record<string, string>;
  cacheDir: string;
}

/**
 * A clean environment for the child: no Discord token and no language model (answers are
 * extractive and deterministic), the test corpus, and a cache directory of the test's own.
 */
export function childEnv(cacheDir: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    ...process.env,
    DISCORD_TOKEN: '',
    OPENAI_API_KEY: '',
    OPENAI_BASE_URL: '',
    PAPERBOT_CORPUS: PAPERS_JSON,
    PAPERBOT_CACHE_DIR: cacheDir,
    LOG_LEVEL: 'warn',
    NO_COLOR: '1',
    ...extra,
  };
}

/**
 * The node arguments that run `script` (a .ts path from the repository root): through tsx,
 * so a spec run on its own never depends on a build; or, under `npm test`, which compiles
 * into PAPERBOT_TEST_BUILD just before, the JavaScript compiled from the same sources (each
 * process then starts without compiling paperbot again: seconds a spawn on a loaded machine).
 */
export function nodeArgs(script: string): string[] {
  const build = process.env['PAPERBOT_TEST_BUILD'];
  return build
    ? [resolve(REPO_ROOT, build, script.replace(/\.ts$/, '.js'))]
    : ['--import', 'tsx', script];
}

export function runScript(
  script: string,
  args: readonly string[],
  options: RunOptions,
): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...nodeArgs(script), ...args], {
      cwd: REPO_ROOT,
      env: childEnv(options.cacheDir, options.env),
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(options.input ?? '');
  });
}

/** `paperbot <args>` as the bin runs it. */
export function runCli(args: readonly string[], options: RunOptions): Promise<Run> {
  return runScript(join('src', 'transports', 'cli.ts'), args, options);
}

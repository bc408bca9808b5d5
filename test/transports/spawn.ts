// Runs paperbot's entry points through tsx, so the specs never depend on a build.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
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

export function runScript(
  script: string,
  args: readonly string[],
  options: RunOptions,
): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], {
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

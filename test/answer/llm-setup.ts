// What the LLM suites share: one OpenAI stand-in per file, and a configuration that talks to it.
import { after, beforeEach } from 'node:test';
import { loadConfig, type Config } from '../../src/config.js';
import { startOpenAIStandIn, type OpenAIStandIn } from '../../testing/openai/standin.js';
import { PAPERS_JSON } from '../search/corpus-fixture.js';

/** Far longer than any reply takes on a loaded machine, so only the tests about timeouts ever meet one. */
const PATIENT = { OPENAI_ATTEMPT_TIMEOUT_MS: '20000', OPENAI_TOTAL_TIMEOUT_MS: '60000' };

/** Starts the file's stand-in, forgets its script and requests before each test, closes it after all. */
export async function fileStandIn(): Promise<OpenAIStandIn> {
  const standIn = await startOpenAIStandIn();
  beforeEach(() => standIn.reset());
  after(() => standIn.close());
  return standIn;
}

/** The test corpus and a model at `standIn`, with patient timeouts unless `env` says otherwise. */
export function llmConfig(standIn: OpenAIStandIn, env: Record<string, string>): Config {
  return loadConfig({
    PAPERBOT_CORPUS: PAPERS_JSON,
    OPENAI_BASE_URL: standIn.baseURL,
    ...PATIENT,
    ...env,
  });
}

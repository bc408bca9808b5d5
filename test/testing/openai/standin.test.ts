// Proves, with the real `openai` SDK, that the stand-in speaks OpenAI's wire format where
// paperbot's LLM tests rely on it: a completion, a streamed completion, and the error body of a
// rate limit. How paperbot handles retries, timeouts and malformed replies is tested through
// src/ in test/answer; a test of a stand-in is not a test of paperbot.
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import OpenAI, { RateLimitError } from 'openai';
import { startOpenAIStandIn, type OpenAIStandIn } from '../../../testing/openai/standin.js';

const MODEL = 'gpt-4o-mini';
const USER = [{ role: 'user' as const, content: 'Which papers cite BM25?' }];

async function setUp(t: TestContext, options: ConstructorParameters<typeof OpenAI>[0] = {}) {
  const standIn = await startOpenAIStandIn();
  t.after(() => standIn.close());
  // Small timeout and no retries unless a test asks: a stand-in bug then fails fast instead of stalling.
  const client = new OpenAI({
    apiKey: 'sk-test',
    baseURL: standIn.baseURL,
    maxRetries: 0,
    timeout: 20_000,
    ...options,
  });
  return { standIn, client };
}

function chatRequests(standIn: OpenAIStandIn) {
  return standIn.requests.filter((request) => request.path === '/v1/chat/completions');
}

test('a plain completion echoes the model and sends the key only in the authorization header', async (t) => {
  const { standIn, client } = await setUp(t);
  standIn.enqueue({ kind: 'reply', content: 'Three papers cite BM25.' });

  const completion = await client.chat.completions.create({ model: MODEL, messages: USER });

  assert.equal(completion.object, 'chat.completion');
  assert.equal(completion.model, MODEL);
  assert.equal(completion.choices[0]?.message.content, 'Three papers cite BM25.');
  assert.equal(completion.choices[0]?.finish_reason, 'stop');
  const usage = completion.usage;
  assert.ok(usage && usage.total_tokens === usage.prompt_tokens + usage.completion_tokens);
  assert.equal(completion._request_id, 'req_standin_1');

  const [request] = standIn.requests;
  assert.ok(request);
  assert.equal(request.method, 'POST');
  assert.equal(request.path, '/v1/chat/completions');
  assert.equal(request.headers.authorization, 'Bearer sk-test');
  assert.deepEqual(request.body?.['messages'], USER);
  const elsewhere = JSON.stringify({
    ...request,
    headers: { ...request.headers, authorization: undefined },
  });
  assert.ok(!elsewhere.includes('sk-test'));
});

test('a streamed completion arrives in several chunks, then a usage chunk when asked for', async (t) => {
  const { standIn, client } = await setUp(t);
  const content = 'BM25 is cited by three papers, two of them from 2023.\nSee the list below.';
  standIn.enqueue({ kind: 'reply', content, chunkDelayMs: 5 });

  const stream = await client.chat.completions.create({
    model: MODEL,
    messages: USER,
    stream: true,
    stream_options: { include_usage: true },
  });
  let text = '';
  let contentChunks = 0;
  let finishReason: string | null | undefined;
  let usage: OpenAI.CompletionUsage | null | undefined;
  for await (const chunk of stream) {
    assert.equal(chunk.object, 'chat.completion.chunk');
    assert.equal(chunk.model, MODEL);
    const choice = chunk.choices[0];
    if (choice?.delta.content) {
      text += choice.delta.content;
      contentChunks += 1;
    }
    finishReason = choice?.finish_reason ?? finishReason;
    usage = chunk.usage ?? usage;
  }

  assert.equal(text, content);
  assert.ok(contentChunks >= 4, `only ${contentChunks} content chunks`);
  assert.equal(finishReason, 'stop');
  assert.ok(usage && usage.completion_tokens > 0);
});

test('429s beyond maxRetries throw RateLimitError after maxRetries + 1 attempts', async (t) => {
  const { standIn, client } = await setUp(t, { maxRetries: 1 });
  const rateLimited = { kind: 'status', status: 429, headers: { 'retry-after': '0' } } as const;
  standIn.enqueue(rateLimited, rateLimited);

  const error = await client.chat.completions
    .create({ model: MODEL, messages: USER })
    .catch((e: unknown) => e);

  assert.ok(error instanceof RateLimitError);
  assert.equal(error.status, 429);
  assert.equal(error.message, '429 Rate limit reached for requests.');
  assert.equal(error.code, 'rate_limit_exceeded');
  assert.equal(error.type, 'requests');
  assert.equal(error.requestID, 'req_standin_2');
  assert.equal(chatRequests(standIn).length, 2);
});

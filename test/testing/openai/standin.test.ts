// Runs the real `openai` SDK against the stand-in, which both proves the stand-in speaks
// OpenAI's wire format and pins down how the SDK reports each failure, for the code that
// will have to handle them.
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import OpenAI, {
  APIError,
  APIUserAbortError,
  AuthenticationError,
  InternalServerError,
  NotFoundError,
  OpenAIError,
  RateLimitError,
} from 'openai';
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
    timeout: 2_000,
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

test('the queue answers in order, then falls back to "OK"; a function answers from the prompt', async (t) => {
  const { standIn, client } = await setUp(t);
  standIn.enqueue({ kind: 'reply', content: 'first' }, (body) => {
    const said = body.messages.at(-1)?.content;
    return { kind: 'reply', content: `you said: ${typeof said === 'string' ? said : ''}` };
  });
  const ask = async (content: string) =>
    (await client.chat.completions.create({ model: MODEL, messages: [{ role: 'user', content }] }))
      .choices[0]?.message.content;

  assert.equal(await ask('a'), 'first');
  assert.equal(await ask('hello'), 'you said: hello');
  assert.equal(await ask('c'), 'OK');
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

test('a 429 is retried after retry-after-ms and the retry succeeds', async (t) => {
  const { standIn, client } = await setUp(t, { maxRetries: 2 });
  standIn.enqueue({ kind: 'status', status: 429, headers: { 'retry-after-ms': '10' } });

  const completion = await client.chat.completions.create({ model: MODEL, messages: USER });

  assert.equal(completion.choices[0]?.message.content, 'OK');
  const requests = chatRequests(standIn);
  assert.equal(requests.length, 2);
  assert.deepEqual(
    requests.map((request) => request.headers['x-stainless-retry-count']),
    ['0', '1'],
  );
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

test('a 500 with maxRetries 0 throws InternalServerError, an APIError with status 500', async (t) => {
  const { standIn, client } = await setUp(t);
  standIn.enqueue({ kind: 'status', status: 500 });

  const error = await client.chat.completions
    .create({ model: MODEL, messages: USER })
    .catch((e: unknown) => e);

  assert.ok(error instanceof InternalServerError);
  assert.ok(error instanceof APIError);
  assert.equal(error.status, 500);
  assert.equal(
    error.message,
    '500 The server had an error while processing your request. Sorry about that!',
  );
  assert.equal(chatRequests(standIn).length, 1);
});

test('a 401 is not retried and throws AuthenticationError', async (t) => {
  const { standIn, client } = await setUp(t, { maxRetries: 2 });
  standIn.enqueue({ kind: 'status', status: 401 });

  const error = await client.chat.completions
    .create({ model: MODEL, messages: USER })
    .catch((e: unknown) => e);

  assert.ok(error instanceof AuthenticationError);
  assert.equal(error.message, '401 Incorrect API key provided.');
  assert.equal(error.code, 'invalid_api_key');
  assert.equal(chatRequests(standIn).length, 1);
});

test('a signal aborted while the server hangs throws APIUserAbortError', async (t) => {
  const { standIn, client } = await setUp(t);
  standIn.enqueue({ kind: 'hang' });

  const error = await client.chat.completions
    .create({ model: MODEL, messages: USER }, { signal: AbortSignal.timeout(100) })
    .catch((e: unknown) => e);

  assert.ok(error instanceof APIUserAbortError);
  assert.equal(error.message, 'Request was aborted.');
});

test('aborting mid-stream ends the iteration silently, without an error', async (t) => {
  const { standIn, client } = await setUp(t);
  standIn.enqueue({
    kind: 'reply',
    content: 'one two three four five six seven eight nine',
    chunkDelayMs: 50,
  });
  const controller = new AbortController();

  const stream = await client.chat.completions.create(
    { model: MODEL, messages: USER, stream: true },
    { signal: controller.signal },
  );
  let text = '';
  for await (const chunk of stream) {
    text += chunk.choices[0]?.delta.content ?? '';
    if (text !== '') controller.abort();
  }

  assert.equal(text, 'one two three ');
  assert.ok(controller.signal.aborted, 'only the signal tells an abort from a complete stream');
});

test('a connection dropped mid-stream makes the iteration throw TypeError "terminated"', async (t) => {
  const { standIn, client } = await setUp(t);
  standIn.enqueue({
    kind: 'reply',
    content: 'one two three four five six seven eight nine',
    chunkDelayMs: 20,
    streamThenDrop: true,
  });

  const stream = await client.chat.completions.create({
    model: MODEL,
    messages: USER,
    stream: true,
  });
  let text = '';
  const error = await (async () => {
    for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? '';
  })().catch((e: unknown) => e);

  assert.equal(text, 'one two three ');
  assert.ok(error instanceof TypeError);
  assert.ok(!(error instanceof OpenAIError));
  assert.equal(error.message, 'terminated');
});

test('a malformed JSON body throws a bare SyntaxError, not an OpenAIError, and is not retried', async (t) => {
  const { standIn, client } = await setUp(t, { maxRetries: 2 });
  standIn.enqueue({ kind: 'malformed' });

  const error = await client.chat.completions
    .create({ model: MODEL, messages: USER })
    .catch((e: unknown) => e);

  assert.ok(error instanceof SyntaxError);
  assert.ok(!(error instanceof OpenAIError));
  assert.match(error.message, /JSON/);
  assert.equal(chatRequests(standIn).length, 1);
});

test('a malformed SSE event makes the stream iteration throw a SyntaxError', async (t) => {
  // The SDK logs unparsable events at level "error" before throwing; keep the test output clean.
  const { standIn, client } = await setUp(t, { logLevel: 'off' });
  standIn.enqueue({ kind: 'malformed' });

  const stream = await client.chat.completions.create({
    model: MODEL,
    messages: USER,
    stream: true,
  });
  const error = await (async () => {
    for await (const chunk of stream) void chunk;
  })().catch((e: unknown) => e);

  assert.ok(error instanceof SyntaxError);
});

test('a throwing behaviour function fails the request with a 500 the SDK does not retry', async (t) => {
  const { standIn, client } = await setUp(t, { maxRetries: 2 });
  standIn.enqueue(() => {
    throw new Error('no answer scripted for this prompt');
  });

  const error = await client.chat.completions
    .create({ model: MODEL, messages: USER })
    .catch((e: unknown) => e);

  assert.ok(error instanceof InternalServerError);
  assert.equal(error.message, '500 Stand-in failed: no answer scripted for this prompt');
  assert.equal(chatRequests(standIn).length, 1);
});

test('GET /v1/models lists the configured models; unknown routes are 404 with an OpenAI error body', async (t) => {
  const standIn = await startOpenAIStandIn({ models: ['local-small', 'local-large'] });
  t.after(() => standIn.close());
  const client = new OpenAI({ apiKey: 'sk-test', baseURL: standIn.baseURL, maxRetries: 0 });

  const models = await client.models.list();
  assert.deepEqual(
    models.data.map((model) => model.id),
    ['local-small', 'local-large'],
  );

  const error = await client.get('/nowhere').catch((e: unknown) => e);
  assert.ok(error instanceof NotFoundError);
  assert.equal(error.message, '404 Invalid URL (GET /v1/nowhere)');
  assert.deepEqual(
    standIn.requests.map((request) => `${request.method} ${request.path}`),
    ['GET /v1/models', 'GET /v1/nowhere'],
  );
});

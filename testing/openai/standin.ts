// A local OpenAI-compatible HTTP server for driving the real `openai` SDK in tests:
// OpenAI itself is unreachable here, and the SDK's retry, timeout, streaming and error
// handling are only exercised faithfully if it talks to something on the wire.
import {
  createServer,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import type {
  ChatCompletion,
  ChatCompletionChunk,
  ChatCompletionCreateParams,
} from 'openai/resources/chat/completions';
import type { CompletionUsage } from 'openai/resources/completions';

type Behaviour =
  | {
      kind: 'reply';
      content: string;
      /** Pause between streamed chunks, so a test can act while a stream is in flight. */
      chunkDelayMs?: number;
    }
  | {
      kind: 'status';
      status: number;
      /** Replaces the default OpenAI-shaped `{ error: { message, type, param, code } }`. */
      body?: object;
      /** e.g. `retry-after-ms: '10'` or `retry-after: '0'`, or the SDK backs off ~0.5 s, 1 s, ... */
      headers?: Record<string, string>;
    }
  /** The model asks for tools instead of answering; `arguments` is the JSON text as models send it. */
  | { kind: 'tool_calls'; calls: { name: string; arguments: string }[] }
  | { kind: 'hang' }
  /** Non-streamed: a truncated JSON body. Streamed: an SSE `data:` line that is not JSON. */
  | { kind: 'malformed' };

/** Lets a test answer according to the request it received, e.g. the prompt. */
type BehaviourFn = (body: ChatCompletionCreateParams) => Behaviour;

interface RecordedRequest {
  method: string;
  /** As sent, including any query string, e.g. `/v1/chat/completions`. */
  path: string;
  /** Node's lower-cased header map, e.g. `headers.authorization === 'Bearer sk-test'`. */
  headers: IncomingHttpHeaders;
  /** The parsed JSON body; undefined when there was none or it was not a JSON object. */
  body: Record<string, unknown> | undefined;
}

export interface OpenAIStandIn {
  /** Pass as the SDK's `baseURL`. */
  readonly baseURL: string;
  /** Every request received, on any route, in arrival order. */
  readonly requests: RecordedRequest[];
  /** Scripts the next chat completions, one behaviour per request; once exhausted, requests get a plain "OK". */
  enqueue(...behaviours: Array<Behaviour | BehaviourFn>): void;
  /** Forgets the requests and the behaviours no request took, so a test starts from a clean script. */
  reset(): void;
  /** Stops the server and drops open connections (hanging and streaming ones included). Idempotent. */
  close(): Promise<void>;
}

interface ResponseMeta {
  id: string;
  created: number;
  headers: Record<string, string>;
}

const DEFAULT_BEHAVIOUR: Behaviour = { kind: 'reply', content: 'OK' };
const WORDS_PER_CHUNK = 3;

// Messages, types and codes as OpenAI sends them, so code that branches on them sees the real thing.
const STATUS_ERRORS: Record<number, { message: string; type: string; code: string | null }> = {
  400: { message: 'Invalid request.', type: 'invalid_request_error', code: null },
  401: {
    message: 'Incorrect API key provided.',
    type: 'invalid_request_error',
    code: 'invalid_api_key',
  },
  403: {
    message: 'You are not allowed to sample from this model.',
    type: 'invalid_request_error',
    code: null,
  },
  404: {
    message: 'The model does not exist or you do not have access to it.',
    type: 'invalid_request_error',
    code: 'model_not_found',
  },
  429: {
    message: 'Rate limit reached for requests.',
    type: 'requests',
    code: 'rate_limit_exceeded',
  },
  500: {
    message: 'The server had an error while processing your request. Sorry about that!',
    type: 'server_error',
    code: null,
  },
  503: {
    message: 'The engine is currently overloaded, please try again later.',
    type: 'server_error',
    code: null,
  },
};

function errorBody(message: string, type: string, code: string | null = null) {
  return { error: { message, type, param: null, code } };
}

function defaultStatusBody(status: number) {
  const known = STATUS_ERRORS[status];
  if (known) return errorBody(known.message, known.type, known.code);
  return errorBody(
    `Stand-in error ${status}.`,
    status >= 500 ? 'server_error' : 'invalid_request_error',
  );
}

function sendJSON(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
) {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

async function readBody(req: IncomingMessage): Promise<string> {
  const parts: Buffer[] = [];
  for await (const part of req) parts.push(part as Buffer);
  return Buffer.concat(parts).toString('utf8');
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isChatRequest(
  body: Record<string, unknown> | undefined,
): body is Record<string, unknown> & ChatCompletionCreateParams {
  return typeof body?.['model'] === 'string' && Array.isArray(body['messages']);
}

/** Rough enough for tests: OpenAI averages about four characters per token. */
function estimateTokens(text: string): number {
  return Math.ceil(text.length / 4);
}

function usageFor(request: ChatCompletionCreateParams, content: string): CompletionUsage {
  const prompt_tokens = estimateTokens(JSON.stringify(request.messages));
  const completion_tokens = estimateTokens(content);
  return { prompt_tokens, completion_tokens, total_tokens: prompt_tokens + completion_tokens };
}

/** Pieces of a few words whose concatenation is exactly `content`, whitespace included. */
function splitIntoPieces(content: string): string[] {
  const words = content.split(/(?<=\s)(?=\S)/).filter((word) => word !== '');
  const pieces: string[] = [];
  for (let i = 0; i < words.length; i += WORDS_PER_CHUNK) {
    pieces.push(words.slice(i, i + WORDS_PER_CHUNK).join(''));
  }
  return pieces;
}

/** Resolves once the data is handed to the kernel, so chunkDelayMs spaces what the client receives. */
function write(res: ServerResponse, data: string): Promise<void> {
  return new Promise((resolve) => res.write(data, () => resolve()));
}

export async function startOpenAIStandIn(): Promise<OpenAIStandIn> {
  const requests: RecordedRequest[] = [];
  const queue: Array<Behaviour | BehaviourFn> = [];
  let completions = 0;

  async function replyStreamed(
    res: ServerResponse,
    request: ChatCompletionCreateParams,
    behaviour: Extract<Behaviour, { kind: 'reply' }>,
    meta: ResponseMeta,
  ) {
    let closed = false;
    res.once('close', () => {
      closed = true;
    });
    const includeUsage = request.stream_options?.include_usage === true;
    // OpenAI sends `usage: null` on every chunk but the last once usage is requested.
    const chunk = (choices: ChatCompletionChunk.Choice[]): ChatCompletionChunk => ({
      id: meta.id,
      object: 'chat.completion.chunk',
      created: meta.created,
      model: request.model,
      choices,
      ...(includeUsage ? { usage: null } : {}),
    });
    const event = (data: ChatCompletionChunk | '[DONE]') =>
      `data: ${typeof data === 'string' ? data : JSON.stringify(data)}\n\n`;

    const pieces = splitIntoPieces(behaviour.content);
    type Choice = ChatCompletionChunk.Choice;
    const delta = (d: Choice['delta'], finish_reason: Choice['finish_reason'] = null) =>
      event(chunk([{ index: 0, delta: d, logprobs: null, finish_reason }]));
    const events = [
      delta({ role: 'assistant', content: '', refusal: null }),
      ...pieces.map((piece) => delta({ content: piece })),
    ];
    events.push(delta({}, 'stop'));
    if (includeUsage)
      events.push(event({ ...chunk([]), usage: usageFor(request, behaviour.content) }));
    events.push(event('[DONE]'));

    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache',
      ...meta.headers,
    });
    for (const [index, data] of events.entries()) {
      if (index > 0 && behaviour.chunkDelayMs) await sleep(behaviour.chunkDelayMs);
      if (closed) return;
      await write(res, data);
    }
    res.end();
  }

  function replyToolCalls(
    res: ServerResponse,
    request: ChatCompletionCreateParams,
    behaviour: Extract<Behaviour, { kind: 'tool_calls' }>,
    meta: ResponseMeta,
  ) {
    const calls = behaviour.calls.map((call, index) => ({
      index,
      id: `call_standin_${meta.id}_${index}`,
      type: 'function' as const,
      function: { name: call.name, arguments: call.arguments },
    }));
    const usage = usageFor(request, JSON.stringify(behaviour.calls));
    if (request.stream !== true) {
      const completion: ChatCompletion = {
        id: meta.id,
        object: 'chat.completion',
        created: meta.created,
        model: request.model,
        choices: [
          {
            index: 0,
            message: {
              role: 'assistant',
              content: null,
              refusal: null,
              tool_calls: calls.map(({ index: _index, ...call }) => call),
            },
            logprobs: null,
            finish_reason: 'tool_calls',
          },
        ],
        usage,
      };
      sendJSON(res, 200, completion, meta.headers);
      return;
    }
    // As OpenAI streams them: id and name first, then the arguments in pieces.
    const chunk = (
      delta: ChatCompletionChunk.Choice['delta'],
      finish: ChatCompletionChunk.Choice['finish_reason'] = null,
    ) =>
      `data: ${JSON.stringify({
        id: meta.id,
        object: 'chat.completion.chunk',
        created: meta.created,
        model: request.model,
        choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }],
      } satisfies ChatCompletionChunk)}\n\n`;
    const events = [chunk({ role: 'assistant', content: null })];
    for (const call of calls) {
      events.push(
        chunk({
          tool_calls: [
            {
              index: call.index,
              id: call.id,
              type: 'function',
              function: { name: call.function.name, arguments: '' },
            },
          ],
        }),
      );
      const half = Math.ceil(call.function.arguments.length / 2);
      for (const piece of [
        call.function.arguments.slice(0, half),
        call.function.arguments.slice(half),
      ])
        if (piece !== '')
          events.push(
            chunk({ tool_calls: [{ index: call.index, function: { arguments: piece } }] }),
          );
    }
    events.push(chunk({}, 'tool_calls'));
    if (request.stream_options?.include_usage === true)
      events.push(
        `data: ${JSON.stringify({ id: meta.id, object: 'chat.completion.chunk', created: meta.created, model: request.model, choices: [], usage })}\n\n`,
      );
    events.push('data: [DONE]\n\n');
    res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', ...meta.headers });
    res.end(events.join(''));
  }

  async function answerChat(res: ServerResponse, body: Record<string, unknown> | undefined) {
    if (!isChatRequest(body)) {
      sendJSON(
        res,
        400,
        errorBody("'model' and 'messages' are required.", 'invalid_request_error'),
      );
      return;
    }
    completions += 1;
    const scripted = queue.shift() ?? DEFAULT_BEHAVIOUR;
    const behaviour = typeof scripted === 'function' ? scripted(body) : scripted;
    const meta: ResponseMeta = {
      id: `chatcmpl-standin-${completions}`,
      created: Math.floor(Date.now() / 1000),
      headers: { 'x-request-id': `req_standin_${completions}` },
    };

    switch (behaviour.kind) {
      case 'status':
        sendJSON(res, behaviour.status, behaviour.body ?? defaultStatusBody(behaviour.status), {
          ...meta.headers,
          ...behaviour.headers,
        });
        return;
      case 'tool_calls':
        replyToolCalls(res, body, behaviour, meta);
        return;
      case 'hang':
        // Leave the response open: the client's timeout or abort, or close(), ends it.
        return;
      case 'malformed':
        if (body.stream === true) {
          res.writeHead(200, {
            'content-type': 'text/event-stream; charset=utf-8',
            ...meta.headers,
          });
          res.end('data: {"id": "chatcmpl-standin", "choices": [\n\n');
        } else {
          res.writeHead(200, { 'content-type': 'application/json', ...meta.headers });
          res.end('{"id": "chatcmpl-standin", "object": "chat.completion", "choices": [');
        }
        return;
      case 'reply': {
        if (body.stream === true) {
          await replyStreamed(res, body, behaviour, meta);
          return;
        }
        const completion: ChatCompletion = {
          id: meta.id,
          object: 'chat.completion',
          created: meta.created,
          model: body.model,
          choices: [
            {
              index: 0,
              message: { role: 'assistant', content: behaviour.content, refusal: null },
              logprobs: null,
              finish_reason: 'stop',
            },
          ],
          usage: usageFor(body, behaviour.content),
        };
        sendJSON(res, 200, completion, meta.headers);
        return;
      }
    }
  }

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const method = req.method ?? 'GET';
    const path = req.url ?? '/';
    const raw = await readBody(req);
    let body: Record<string, unknown> | undefined;
    let invalidJSON = false;
    if (raw !== '') {
      try {
        const parsed: unknown = JSON.parse(raw);
        body = isObject(parsed) ? parsed : undefined;
      } catch {
        invalidJSON = true;
      }
    }
    requests.push({ method, path, headers: req.headers, body });

    const route = `${method} ${path.split('?')[0]}`;
    if (invalidJSON) {
      sendJSON(
        res,
        400,
        errorBody('We could not parse the JSON body of your request.', 'invalid_request_error'),
      );
    } else if (route === 'POST /v1/chat/completions') {
      await answerChat(res, body);
    } else {
      sendJSON(res, 404, errorBody(`Invalid URL (${method} ${path})`, 'invalid_request_error'));
    }
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      // A throwing behaviour function is a bug in the test: report it, and tell the SDK not to retry it.
      if (res.headersSent) {
        res.destroy();
        return;
      }
      const message = `Stand-in failed: ${error instanceof Error ? error.message : String(error)}`;
      sendJSON(res, 500, errorBody(message, 'server_error'), { 'x-should-retry': 'false' });
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;

  let closing: Promise<void> | undefined;
  return {
    baseURL: `http://127.0.0.1:${port}/v1`,
    requests,
    enqueue(...behaviours) {
      queue.push(...behaviours);
    },
    reset() {
      requests.length = 0;
      queue.length = 0;
    },
    close() {
      closing ??= new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        // server.close() only stops accepting; keep-alive, hanging and streaming sockets would keep the process up.
        server.closeAllConnections();
      });
      return closing;
    },
  };
}

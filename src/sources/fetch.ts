import { setTimeout as delay } from 'node:timers/promises';
import { UserError } from '../errors.js';

/** Outside data that could not be turned into papers; the message says why, for a person. */
export class SourceError extends UserError {
  constructor(message: string) {
    super('source', message);
    this.name = 'SourceError';
  }
}

/**
 * The service was not reached, or stopped answering: refused, unresolved, timed out. Every
 * request after it would fail the same way, so a caller with more to ask stops asking.
 */
export class UnreachableError extends SourceError {
  constructor(message: string) {
    super(message);
    this.name = 'UnreachableError';
  }
}

/** For `.catch`: a SourceError is the answer to report; anything else is a bug and goes on up. */
export function asSourceError(error: unknown): SourceError {
  if (error instanceof SourceError) return error;
  throw error;
}

/** The most any one source may hand over: a library file, not a data dump. */
export const MAX_SOURCE_BYTES = 5 * 1024 * 1024;

/** `bytes`: the whole size, when known; a body read up to the limit has an unknown size. */
export function tooLarge(what: string, bytes?: number): SourceError {
  const mib = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MB`;
  const limit = mib(MAX_SOURCE_BYTES);
  // Just over the limit, the size rounds to the limit: "5.0 MB; the limit is 5.0 MB" says nothing.
  const size = bytes === undefined || mib(bytes) === limit ? `more than ${limit}` : mib(bytes);
  return new SourceError(`${what} is ${size}; the limit is ${limit}.`);
}

interface HttpOptions {
  /** Named in messages: "arXiv", "Crossref", "the attachment". */
  service: string;
  timeoutMs?: number;
  headers?: Record<string, string>;
  signal?: AbortSignal | undefined;
}

interface HttpText {
  status: number;
  text: string;
}

/** The longest wait a source may ask for before we try again; past it, the person is told. */
const MAX_RETRY_WAIT_S = 5;
const MAX_ATTEMPTS = 3;

/**
 * GETs a URL and reads at most MAX_SOURCE_BYTES of it. Network failures, timeouts, rate
 * limits and oversized bodies become SourceErrors; other statuses are returned for the
 * caller to explain (a 404 means different things to arXiv and Crossref). A rate limit that
 * says to come back within a few seconds is waited out, so one busy moment does not fail
 * every id of a batch.
 */
export async function getText(url: string, options: HttpOptions): Promise<HttpText> {
  for (let attempt = 1; ; attempt++) {
    const result = await getOnce(url, options);
    if ('text' in result) return result;
    if (attempt >= MAX_ATTEMPTS || result.retryAfterS > MAX_RETRY_WAIT_S) throw result.error;
    try {
      await delay(result.retryAfterS * 1000, undefined, { signal: options.signal });
    } catch {
      throw result.error; // cancelled while waiting: the person hears why it stopped
    }
  }
}

type Attempt = HttpText | { error: SourceError; retryAfterS: number };

async function getOnce(url: string, options: HttpOptions): Promise<Attempt> {
  const timeout = AbortSignal.timeout(options.timeoutMs ?? 20_000);
  const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
  let response: Response;
  try {
    response = await fetch(url, { headers: options.headers ?? {}, signal });
  } catch (error) {
    const reason = timeout.aborted ? 'it did not answer in time' : describeNetworkError(error);
    throw new UnreachableError(`Could not reach ${options.service}: ${reason}. Nothing was added.`);
  }
  if (response.status === 429 || response.status === 503) {
    await response.body?.cancel();
    const retry = response.headers.get('retry-after');
    const error = new SourceError(
      `${options.service} asks us to slow down (HTTP ${response.status})${retry ? `; retry after ${retry} s` : ''}. Nothing was added; try again in a minute.`,
    );
    // Only a number of seconds is waited for; no header, or a date, is not an invitation.
    const seconds = retry !== null && /^\d+$/.test(retry.trim()) ? Number(retry) : Infinity;
    return { error, retryAfterS: seconds };
  }
  const declared = Number(response.headers.get('content-length') ?? 0);
  if (declared > MAX_SOURCE_BYTES) {
    await response.body?.cancel();
    throw tooLarge(`The answer from ${options.service}`, declared);
  }
  return { status: response.status, text: await readLimited(response, options.service) };
}

async function readLimited(response: Response, service: string): Promise<string> {
  if (response.body === null) return '';
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for await (const chunk of response.body as AsyncIterable<Uint8Array>) {
      size += chunk.byteLength;
      if (size > MAX_SOURCE_BYTES) {
        await response.body.cancel().catch(() => undefined);
        throw tooLarge(`The answer from ${service}`);
      }
      chunks.push(chunk);
    }
  } catch (error) {
    if (error instanceof SourceError) throw error;
    // The connection closed before the body it announced was whole.
    throw new SourceError(unreadableReply(service, 'it was cut off'));
  }
  return decodeText(Buffer.concat(chunks));
}

const UTF8 = new TextDecoder('utf-8', { fatal: true });
const WINDOWS_1252 = new TextDecoder('windows-1252');

/**
 * A file's text: UTF-8 when its bytes are valid UTF-8 (a BOM dropped), otherwise Windows-1252,
 * the Latin-1 superset older reference managers write .bib files in. Read as UTF-8, "Müller"
 * from such a file became "M\uFFFDller" in the library.
 */
export function decodeText(bytes: Uint8Array): string {
  try {
    return UTF8.decode(bytes);
  } catch {
    return WINDOWS_1252.decode(bytes);
  }
}

/** One line for an answer that came but cannot be used; `why` says what was wrong with it, plainly. */
export function unreadableReply(service: string, why: string): string {
  return `${service} sent a reply that could not be read (${why}). Nothing was added from it; try again in a minute.`;
}

function describeNetworkError(error: unknown): string {
  const cause = (error as { cause?: { code?: string } }).cause;
  if (cause?.code === 'ECONNREFUSED') return 'the connection was refused';
  if (cause?.code === 'ENOTFOUND' || cause?.code === 'EAI_AGAIN')
    return 'its address could not be resolved (is the network down?)';
  return cause?.code ?? 'the network request failed';
}

/**
 * One request at a time, each starting at least an interval after the previous one ended,
 * however many callers: arXiv asks for 3 s between calls.
 */
export class RequestSpacer {
  private previous: Promise<unknown> = Promise.resolve();
  private readyAt = 0;

  constructor(private readonly intervalMs: number) {}

  run<T>(request: () => Promise<T>): Promise<T> {
    const result = this.previous.then(async () => {
      const wait = this.readyAt - Date.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      try {
        return await request();
      } finally {
        this.readyAt = Date.now() + this.intervalMs;
      }
    });
    this.previous = result.catch(() => undefined);
    return result;
  }
}

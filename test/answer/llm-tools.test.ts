import assert from 'node:assert/strict';
import { beforeEach, describe, it } from 'node:test';
import { createApp, type App } from '../../src/app.js';
import { createLogger } from '../../src/log.js';
import { fileStandIn, llmConfig } from './llm-setup.js';
import { freshTempDir } from '../../testing/temp-dir.js';

// The real openai SDK against the local stand-in: function calling over the corpus, the
// fallback when a server refuses tools, and grounding of whatever the model writes.
const standIn = await fileStandIn();

describe('LLM answers with the corpus as tools', () => {
  let app: App;

  beforeEach(() => {
    const config = llmConfig(standIn, {
      OPENAI_API_KEY: 'sk-test-tools',
      PAPERBOT_CACHE_DIR: freshTempDir('paperbot-tools-'),
    });
    app = createApp(config, createLogger('silent'));
  });

  const chats = () => standIn.requests.filter((r) => r.path === '/v1/chat/completions');

  it('runs the tools the model calls and lets it cite the papers they return', async () => {
    standIn.enqueue(
      {
        kind: 'tool_calls',
        calls: [{ name: 'author_papers', arguments: '{"name": "Anish Prabhu"}' }],
      },
      (body) => {
        const result = JSON.stringify(body.messages.at(-1));
        const n = /\\"n\\":(\d+),\\"title\\":\\"Butterfly Transform/.exec(result)?.[1] ?? '0';
        return { kind: 'reply', content: `Anish Prabhu co-wrote Butterfly Transform [${n}].` };
      },
    );
    const answer = await app.answers.ask({ question: 'what did Anish Prabhu write?' });
    assert.equal(answer.mode, 'llm');
    assert.ok(
      answer.citations.some((c) => c.id === 'butterfly-transform'),
      answer.answer,
    );
    const [first, second] = chats();
    assert.ok(Array.isArray(first?.body?.['tools']));
    const toolMessage = (second?.body?.['messages'] as { role: string }[] | undefined)?.at(-1);
    assert.equal(toolMessage?.role, 'tool');
  });

  it('answers from the retrieved sources when the server rejects tools', async () => {
    standIn.enqueue(
      {
        kind: 'status',
        status: 400,
        body: { error: { message: 'tools are not supported', type: 'invalid_request_error' } },
      },
      { kind: 'reply', content: 'OpenELM was published in 2024 [1].' },
    );
    const answer = await app.answers.ask({ question: 'when did OpenELM come out?' });
    assert.equal(answer.mode, 'llm');
    assert.equal(answer.citations[0]?.id, 'openelm');
    assert.equal(chats()[1]?.body?.['tools'], undefined);
  });

  it('lets no uncited claim, invented range, foreign link or escape code through', async () => {
    standIn.enqueue({
      kind: 'reply',
      content:
        'LLM in a flash runs models up to twice the size of the available DRAM [1]. ' +
        'It is the best method ever written. ' +
        'It reaches 4-50x on CPU [1]. ' +
        'Details at https://evil.example.com/paper [1]. ' +
        '\u001b[31mRed alert\u001b[0m \u202Eflipped [1].',
    });
    const answer = await app.answers.ask({ question: 'how big a model can LLM in a flash run?' });
    assert.equal(answer.mode, 'llm');
    assert.match(answer.answer, /twice the size/);
    assert.doesNotMatch(answer.answer, /best method/);
    assert.doesNotMatch(answer.answer, /4-50x/);
    assert.doesNotMatch(answer.answer, /evil\.example/);
    assert.doesNotMatch(answer.answer, /[\u0000-\u001f\u007f\u202e]/);
    assert.ok(answer.answer.length <= 600);
  });

  it('gives the built-in answer with a note when grounding leaves nothing', async () => {
    standIn.enqueue({ kind: 'reply', content: 'It is great. Everyone loves it.' });
    const answer = await app.answers.ask({ question: 'how much faster is CatLIP to pre-train?' });
    assert.equal(answer.mode, 'extractive');
    assert.equal(answer.abstained, false);
    assert.match(answer.answer, /2\.7×/);
    assert.match(answer.notes.join(' '), /built-in answer/);
  });
});

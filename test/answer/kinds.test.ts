import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { AnswerEngine } from '../../src/answer/engine.js';
import type { Answer } from '../../src/answer/types.js';
import { parseJsonPapers } from '../../src/corpus/parse.js';
import { createLogger } from '../../src/log.js';
import { PaperSearch } from '../../src/search/engine.js';
import { buildIndexes } from '../../src/search/index.js';

// Held-out questions: other phrasings and other papers than the development sets, so the
// kinds are checked as mechanisms, not as answers to known questions.
const papers = parseJsonPapers(JSON.parse(readFileSync('test/fixtures/papers.json', 'utf8')));
const engine = new AnswerEngine({
  search: new PaperSearch(papers, buildIndexes(papers)),
  corpusKey: 'held-out',
  log: createLogger('silent'),
});
const ask = (question: string) => engine.ask({ question });
const cited = (answer: Answer) => answer.citations.map((c) => c.id);

function answered(answer: Answer, kind: Answer['kind'], text: RegExp, paper?: string): void {
  assert.equal(answer.abstained, false, answer.answer);
  assert.equal(answer.kind, kind, answer.answer);
  assert.match(answer.answer, text);
  if (paper !== undefined) assert.ok(cited(answer).includes(paper), cited(answer).join());
}

describe('each kind of question is answered from the data that holds it', () => {
  it('figures: the count next to the counted noun, about the paper named', async () => {
    answered(await ask('how many questions does OK-VQA contain?'), 'figure', /14,000/, 'ok-vqa');
    answered(
      await ask('what top-1 accuracy does MobileViTv2 reach?'),
      'figure',
      /75\.6%/,
      'separable-self-attention-mobile-vision',
    );
  });

  it('who, when, code and category come from the metadata, cited', async () => {
    answered(await ask('Who are the authors of LazyLLM?'), 'who', /Qichen Fu/, 'lazyllm');
    answered(
      await ask('who wrote the paper about running LLMs bigger than DRAM?'),
      'who',
      /Keivan Alizadeh/,
      'llm-in-a-flash',
    );
    answered(await ask('When was ESPNetv2 published?'), 'when', /2018/, 'espnetv2');
    answered(
      await ask('Is there code for ByteFormer?'),
      'code',
      /github\.com/,
      'bytes-are-all-you-need',
    );
    answered(await ask('does LazyLLM have public code?'), 'code', /no code/, 'lazyllm');
    answered(
      await ask('what category is OpenELM in?'),
      'category',
      /Computation and Language/,
      'openelm',
    );
  });

  it("an author's papers, a misspelt name and a topic within them", async () => {
    const all = await ask('What papers has Mitchel Wortsman written?');
    answered(all, 'author-papers', /Supermasks/);
    assert.equal(all.citations.length, 5);
    const onTopic = await ask('papers by Mitchell Wortsman on subspaces');
    assert.deepEqual(cited(onTopic), ['learning-neural-network-subspaces']);
  });

  it('topic lists hold every clear match, one paper a line', async () => {
    const list = await ask('which papers deal with quantization?');
    answered(list, 'topic-list', /quantization/);
    assert.ok(cited(list).includes('layer-wise-data-free-cnn') && cited(list).includes('edkm'));
    assert.equal(list.answer.split('\n').length, list.citations.length + 1);
  });

  it('corpus counts are computed, with the counted papers cited', async () => {
    const count = await ask('How many papers do we have from 2017?');
    answered(count, 'count', /^1 paper from 2017/, 'iqa');
  });

  it('a month beside a year narrows to that month', async () => {
    const list = await ask('papers from October 2021');
    answered(list, 'topic-list', /^3 papers from October 2021:/, 'lcs');
    const count = await ask('how many papers are from may 2023?');
    answered(
      count,
      'count',
      /^1 paper from May 2023: Bytes Are All You Need/,
      'bytes-are-all-you-need',
    );
  });

  it('a count cites every paper it counts, however many', async () => {
    for (const question of [
      'how many CV papers do we have?',
      'how many papers released their code?',
    ]) {
      const count = await ask(question);
      const n = Number(/^(\d+) papers/.exec(count.answer)?.[1]);
      assert.ok(n > 12, count.answer);
      assert.equal(count.citations.length, n, count.answer);
    }
  });

  it("an author's count says it may be short when some bylines end in et al.", async () => {
    const count = await ask('How many papers has Sachin Mehta written?');
    answered(count, 'count', /^15 papers by Sachin Mehta/, 'mobilevit');
    assert.equal(count.citations.length, 15);
    assert.match(
      count.answer,
      /Some papers list only their first authors \(“et al\.”\), so this may be an undercount\.$/,
    );
  });

  it('methods quote how it works, comparisons set the baseline beside the paper', async () => {
    answered(await ask('how does SeedLM compress weights?'), 'method', /pseudo-random/, 'seedlm');
    answered(
      await ask('OpenELM vs OLMo: how much more accurate?'),
      'comparison',
      /2\.36%/,
      'openelm',
    );
  });

  it('a follow-up is about the paper the conversation is about', async () => {
    const first = await ask('what is OpenELM?');
    const next = await engine.ask({
      question: 'and how much better is it than OLMo?',
      history: [{ question: first.question, answer: first.answer }],
    });
    answered(next, 'figure', /2\.36%/, 'openelm');
  });

  it('a follow-up of a follow-up is about the paper the first question named', async () => {
    // As `ask --conversation` and the terminal chat keep it: every question, as asked.
    const conversation: { question: string; answer: string }[] = [];
    const inConversation = async (question: string) => {
      const answer = await engine.ask({ question, history: [...conversation] });
      conversation.push({ question: answer.question, answer: answer.answer });
      return answer;
    };
    await inConversation("what's MobileViTv2?");
    await inConversation('how fast is it?');
    answered(
      await inConversation('who wrote it?'),
      'who',
      /Sachin Mehta/,
      'separable-self-attention-mobile-vision',
    );
  });

  it('a follow-up stays on the papers of the turn before, or moves to the version it asks for', async () => {
    const conversation: { question: string; answer: string }[] = [];
    const inConversation = async (question: string) => {
      const answer = await engine.ask({ question, history: [...conversation] });
      conversation.push({ question: answer.question, answer: answer.answer });
      return answer;
    };
    await inConversation('tell me about ESPNet');
    assert.deepEqual(cited(await inConversation('and the newer version?')), ['espnetv2']);
    answered(await inConversation('who wrote that?'), 'who', /Sachin Mehta/, 'espnetv2');
    answered(await inConversation('and the original version?'), 'general', /ESPNet/, 'espnet');
    answered(await inConversation('when was that published?'), 'when', /2018/, 'espnet');
  });

  it('a question about "it" with no conversation asks which paper, rather than guess one', async () => {
    for (const question of [
      'how fast is it?',
      'what dataset did they use?',
      "what's its accuracy?",
      'who are the authors of this paper?',
    ]) {
      const answer = await ask(question);
      assert.equal(answer.abstained, true, `${question} → ${answer.answer}`);
      assert.match(answer.answer, /^Which paper do you mean\?/);
      assert.deepEqual(answer.citations, []);
      assert.equal(answer.aside, 'unnamed-paper');
    }
  });

  it('a greeting or thanks on its own gets a friendly word, marked as no gap in the papers', async () => {
    for (const [said, reply] of [
      ['hello', /^Hi! Ask me a question about the papers/],
      ['Hey there!', /^Hi!/],
      ['thanks!', /^You are welcome/],
      ['Thank you so much.', /^You are welcome/],
      ['@everyone hi', /^Hi!/],
      ['<@123456789012345678> thanks', /^You are welcome/],
    ] as const) {
      const answer = await ask(said);
      assert.match(answer.answer, reply, said);
      assert.equal(answer.aside, 'small-talk', said);
      assert.deepEqual(answer.citations, []);
    }
  });

  it('a question the papers cannot answer is declined as a gap, not as an aside', async () => {
    const answer = await ask('hello, which papers study protein folding in yeast?');
    assert.equal(answer.abstained, true, answer.answer);
    assert.equal(answer.aside, undefined);
  });

  it('"it" that names nothing, a described paper, and "their" of many papers are not references', async () => {
    assert.equal(
      (await ask('Is it possible to compress LLM weights with seeds?')).abstained,
      false,
    );
    assert.equal(
      (await ask('the paper that uses seeds to compress weights: how does it work?')).abstained,
      false,
    );
    assert.equal((await ask('Which papers release their code?')).abstained, false);
  });
});

describe('filters and the papers a question names', () => {
  it('answers about a named paper outside the filters, and says it is outside them', async () => {
    const answer = await engine.ask({
      question: 'how many parameters does MobileViT have?',
      filters: { yearFrom: 2024, yearTo: 2024 },
    });
    answered(answer, 'figure', /6 million/, 'mobilevit');
    assert.deepEqual(answer.notes, [
      'MobileViT (2021) is outside the filters you set; answered from it because the question names it.',
    ]);
  });

  it('says nothing of filters the named paper is within', async () => {
    const answer = await engine.ask({
      question: 'how many parameters does MobileViT have?',
      filters: { yearFrom: 2021, yearTo: 2021 },
    });
    assert.deepEqual(answer.notes, []);
  });
});

describe('declining precisely', () => {
  it('a subject the papers only mention: says so, and where it appears', async () => {
    const answer = await ask('how many parameters does GPT-4 have?');
    assert.equal(answer.abstained, true);
    assert.match(answer.answer, /^The papers here don't state the number of parameters of GPT-4\./);
    assert.match(answer.answer, /GPT-4 appears only in passing in The Llama 3 Herd of Models/);
    assert.deepEqual(cited(answer), ['llama-3-herd-models']);
  });

  it('an attribute the abstract never states, about a paper it has', async () => {
    for (const question of [
      'What learning rate did OpenELM use?',
      'which license is CVNets under?',
      'how many epochs was LazyLLM run for?',
    ]) {
      const answer = await ask(question);
      assert.equal(answer.abstained, true, `${question} → ${answer.answer}`);
      assert.match(
        answer.answer,
        /^The papers here don't state the (?:learning rate|license|number of epochs) of /,
      );
    }
  });

  it('a name is only the paper it names: not another version, not a paper that spells it out or builds on it', async () => {
    for (const [question, reply] of [
      ['When was MobileNetv4 published?', /^The papers here don't include MobileNetv4\.$/],
      ['Is there code for SeedLM 2?', /^The papers here don't include SeedLM 2\.$/],
      ['who are the authors of ESPNet v3?', /^The papers here don't include ESPNet v3\.$/],
      ['Who wrote SAM?', /SAM appears only in passing in SAM-CLIP/],
      ['what category is CLIP in?', /CLIP appears only in passing/],
      ['When was MobileNet published?', /MobileNet appears only in passing/],
    ] as const) {
      const answer = await ask(question);
      assert.equal(answer.abstained, true, `${question} → ${answer.answer}`);
      assert.match(answer.answer, reply, question);
    }
    answered(await ask('who made SAM-CLIP?'), 'who', /Haoxiang Wang/, 'sam-clip');
    answered(await ask('When was ESPNet published?'), 'when', /2018/, 'espnet');
  });

  it('a title the corpus does not hold is declined, not matched to a paper sharing its words', async () => {
    for (const question of [
      'Who wrote Deep Residual Learning for Image Recognition?',
      'When was Language Models Are Few-Shot Learners published?',
    ]) {
      const answer = await ask(question);
      assert.equal(answer.abstained, true, `${question} → ${answer.answer}`);
      assert.equal(answer.answer, "The papers here don't include a paper by that title.");
      assert.deepEqual(answer.citations, []);
    }
    answered(
      await ask('When was Bytes Are All You Need published?'),
      'when',
      /2023/,
      'bytes-are-all-you-need',
    );
  });

  it('a paper against a baseline its abstract never sets beside it is declined', async () => {
    const answer = await ask('Does OpenELM outperform GPT-4?');
    assert.equal(answer.kind, 'comparison');
    assert.equal(answer.abstained, true, answer.answer);
    assert.equal(answer.answer, 'The abstract of OpenELM does not compare it with GPT-4.');
  });

  it('a figure of another quantity than the one asked is no answer', async () => {
    for (const [question, reply] of [
      [
        'How much power does MobileViT use?',
        "The papers here don't state an energy figure for MobileViT.",
      ],
      [
        'What is the latency of OpenELM?',
        "The papers here don't state a speed figure for OpenELM.",
      ],
      [
        'how much faster is OpenELM than OLMo?',
        "The papers here don't state a speed figure for OpenELM against OLMo.",
      ],
    ] as const) {
      const answer = await ask(question);
      assert.equal(answer.abstained, true, `${question} → ${answer.answer}`);
      assert.equal(answer.answer, reply);
      assert.deepEqual(answer.citations, []);
    }
    const spoken = await ask('How much energy does ESPNetv2 save?');
    assert.equal(spoken.abstained, true, spoken.answer);
    assert.match(
      spoken.answer,
      /^The papers here don't state an energy figure for ESPNetv2\. ESPNetv2's abstract says only: “.*power efficient/,
    );
    answered(await ask('how much less memory does eDKM use?'), 'figure', /130×/, 'edkm');
    answered(
      await ask('How much faster is KV-Runahead?'),
      'figure',
      /1\.4x and 1\.6x speedups/,
      'kv-runahead',
    );
  });

  it("an author count counts the paper's byline, and says when the byline is cut short", async () => {
    answered(
      await ask('how many authors does MobileViTv2 have?'),
      'count',
      /^Separable Self-attention for Mobile Vision Transformers lists 2 authors\. \[1\]$/,
      'separable-self-attention-mobile-vision',
    );
    answered(
      await ask('How many people wrote OpenELM?'),
      'count',
      /^OpenELM lists 3 authors before “et al\.”: the corpus keeps only the first authors, so the paper has more\./,
      'openelm',
    );
  });

  it('which paper is best is a judgement the papers do not make', async () => {
    for (const question of [
      'Which is the most influential paper here?',
      "what's your favourite work?",
      'which paper is the most impressive?',
      'which paper in the corpus is the best one?',
    ]) {
      const answer = await ask(question);
      assert.equal(answer.abstained, true, `${question} → ${answer.answer}`);
      assert.match(answer.answer, /^The papers here don't say which of them is best/);
      assert.deepEqual(answer.citations, []);
    }
  });

  it('off-corpus questions find no paper', async () => {
    const answer = await ask('what is the best pizza topping?');
    assert.equal(answer.abstained, true);
    assert.deepEqual(answer.citations, []);
  });
});

describe('summaries', () => {
  it('lead with what the paper does and its headline result, and find the method the abstract states', async () => {
    const { digest } = await import('../../src/answer/digest.js');
    for (const paper of papers) {
      const summary = digest(paper);
      assert.ok(summary.method !== undefined, `${paper.id} has a method`);
      assert.doesNotMatch(summary.tldr, /^(?:however|although)\b/i, paper.id);
    }
    const openelm = digest(papers.find((p) => p.id === 'openelm') ?? papers[0]!);
    assert.match(openelm.tldr, /we release OpenELM.*2\.36%/);
    assert.match(openelm.method ?? '', /layer-wise scaling/);
  });
});

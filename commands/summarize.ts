import { defineCommand } from '../src/command.js';
import { paperUrl } from '../src/corpus/links.js';
import type { Digest } from '../src/answer/digest.js';
import type { Paper } from '../src/corpus/schema.js';
import type { ReplyField } from '../src/reply.js';
import { codeLink, guardedSummaries, paperActions, paperOption } from './shared.js';

export function digestFields(paper: Paper, digest: Digest): ReplyField[] {
  const code = codeLink(paper);
  return [
    { name: 'Problem', value: digest.problem ?? 'Not stated in the abstract.' },
    { name: 'Method', value: digest.method ?? 'Not stated in the abstract.' },
    { name: 'Headline result', value: digest.result ?? 'No result stated in the abstract.' },
    {
      name: 'Code',
      value: code ?? (paper.hasCode ? 'Released (no link in the abstract)' : 'Not released'),
    },
  ];
}

export default defineCommand({
  name: 'summarize',
  description: 'A one-line TL;DR and the key points of a paper',
  slow: true,
  example: '/summarize paper:OpenELM',
  options: {
    paper: paperOption,
  },
  async execute(input, ctx) {
    const paper = ctx.search.resolvePaper(input.paper);
    const {
      summaries: [summary],
      notes,
    } = await guardedSummaries(ctx, [paper]);
    if (!summary) throw new Error('a summary was asked for and none came back');
    return {
      tone: 'result',
      title: paper.title,
      url: paperUrl(paper),
      body: `TL;DR: ${summary.digest.tldr}`,
      fields: digestFields(paper, summary.digest),
      notes: [...summary.notes, ...notes],
      footer:
        summary.mode === 'llm'
          ? 'Summarized by a language model from the abstract'
          : 'Quoted from the abstract',
      actions: [
        ...paperActions(paper).filter((a) => a.kind === 'command' && a.command !== 'summarize'),
        { kind: 'share' },
      ],
      data: {
        id: paper.id,
        title: paper.title,
        mode: summary.mode,
        ...summary.digest,
        code: codeLink(paper) ?? null,
      },
    };
  },
});

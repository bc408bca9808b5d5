import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import type { App } from '../app.js';
import { commandContext, runCommand, unknownCommandReply } from '../dispatch.js';
import { renderText } from '../render/text.js';
import { parseChatLine } from './chat-line.js';

const BANNER = (papers: number, mode: string, commands: readonly { name: string }[]) =>
  [
    `paperbot: ${papers} papers loaded, answers ${mode === 'llm' ? 'by your language model' : 'quoted by the built-in answerer'}.`,
    `Type a question, or a command: ${commands.map((c) => `/${c.name}`).join(', ')}. /quit to leave.`,
    'To run on Discord, set DISCORD_TOKEN (see README, "Connect to Discord") and run npm start again.',
    '',
  ].join('\n');

/**
 * The same commands as Discord, in a terminal. Interactive on a TTY; with piped input it
 * answers each line in order and exits at the end of input.
 */
export async function runTerminalChat(
  app: App,
  input: Readable & { isTTY?: boolean } = process.stdin,
  output: Writable & { isTTY?: boolean } = process.stdout,
): Promise<void> {
  const interactive = input.isTTY === true && output.isTTY === true;
  const color = output.isTTY === true;
  const lines = createInterface({
    input,
    output: interactive ? output : undefined,
    prompt: 'paperbot> ',
    crlfDelay: Infinity,
  });
  // Like a Discord thread: a follow-up ("and how much faster is it?") means the last answer's paper.
  const ctx = commandContext(app, 'chat', {
    user: { id: 'terminal', name: 'you' },
    conversation: [],
  });
  if (interactive) {
    output.write(BANNER(app.search.papers.length, app.answers.mode, ctx.commands));
    lines.prompt();
  }
  for await (const line of lines) {
    const trimmed = line.trim();
    if (/^\/(quit|exit)$/i.test(trimmed)) break;
    if (trimmed !== '') {
      const parsed = parseChatLine(trimmed, ctx.commands);
      const reply =
        'unknown' in parsed
          ? unknownCommandReply(parsed.unknown, ctx)
          : await runCommand(parsed.command, parsed.raw, ctx);
      output.write(`${renderText(reply, { color })}\n\n`);
    }
    if (interactive) lines.prompt();
  }
  lines.close();
}

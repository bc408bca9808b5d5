import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import type { App } from '../app.js';
import { commandContext, runCommand, unknownCommandReply } from '../dispatch.js';
import { renderText } from '../render/text.js';
import { errorReply } from '../reply.js';
import { parseChatLine } from './chat-line.js';
import { EXIT_ANSWERED_ERROR, EXIT_OK } from './program.js';

const BANNER = (app: App, commands: readonly { name: string }[]) =>
  [
    `paperbot: ${app.search.papers.length} papers loaded, answers ${app.answers.mode === 'llm' ? 'by your language model' : 'quoted by the built-in answerer'}.`,
    `Type a question, or a command: ${commands.map((c) => `/${c.name}`).join(', ')}. /quit to leave.`,
    'To run on Discord, set DISCORD_TOKEN (see README, "Connect to Discord") and run npm start again.',
    `Logs: ${app.config.chatLogFile}. Ctrl-C clears the line; on an empty line it quits, as does Ctrl-D.`,
    '',
  ].join('\n');

/** A terminal's output stream as Node gives it: `hasColors` honours NO_COLOR, FORCE_COLOR and TERM in `env`. */
type ChatOutput = Writable & { isTTY?: boolean; hasColors?: (env?: NodeJS.ProcessEnv) => boolean };

/**
 * The same commands as Discord, in a terminal. Interactive on a TTY, where Ctrl-C clears a
 * half-typed line as a shell does and quits on an empty one (so does Ctrl-D); with piped
 * input it answers each line in order and exits at the end of input.
 *
 * Resolves to the process's exit code: with piped input a script cannot read the replies as
 * a person does, so a line answered with an error makes it 1, as a failed item does for
 * `add`; a person at a terminal has seen each error, and leaving is not a failure.
 */
export async function runTerminalChat(
  app: App,
  input: Readable & { isTTY?: boolean } = process.stdin,
  output: ChatOutput = process.stdout,
  env: NodeJS.ProcessEnv = process.env,
): Promise<number> {
  const interactive = input.isTTY === true && output.isTTY === true;
  const color = output.isTTY === true && output.hasColors?.(env) === true;
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
  lines.on('SIGINT', () => {
    if (lines.line === '') {
      output.write('\n');
      lines.close();
      return;
    }
    output.write('^C\n');
    lines.write(null, { ctrl: true, name: 'e' });
    lines.write(null, { ctrl: true, name: 'u' });
    lines.prompt();
  });
  if (interactive) {
    output.write(BANNER(app, ctx.commands));
    lines.prompt();
  }
  let failed = false;
  for await (const line of lines) {
    const trimmed = line.trim();
    if (/^\/(quit|exit)$/i.test(trimmed)) break;
    if (trimmed !== '') {
      const parsed = parseChatLine(trimmed, ctx.commands);
      const reply =
        'unknown' in parsed
          ? unknownCommandReply(parsed.unknown, ctx)
          : 'invalid' in parsed
            ? errorReply(parsed.invalid, parsed.suggestions, 'bad-option')
            : await runCommand(parsed.command, parsed.raw, ctx);
      output.write(`${renderText(reply, { color })}\n\n`);
      failed ||= reply.tone === 'error';
    }
    if (interactive) lines.prompt();
  }
  lines.close();
  return failed && !interactive ? EXIT_ANSWERED_ERROR : EXIT_OK;
}

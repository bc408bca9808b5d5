import { readFileSync } from 'node:fs';
import { config as dotenvConfig } from 'dotenv';

const SETTING = /^\s*(?:export\s+)?[\w.-]+\s*[=:]/;
const IGNORED = /^\s*(?:#.*)?$/;
/** A value opening a quote it does not close on its line: dotenv reads on to the closing quote. */
const OPENS_QUOTE = /^\s*(?:export\s+)?[\w.-]+\s*[=:]\s*(["'`])((?:(?!\1).)*)$/;

/**
 * The 1-based numbers of the lines dotenv would skip without a word: neither a setting, nor a
 * comment or blank, nor inside a quoted value running over several lines.
 */
function malformedLines(text: string): number[] {
  const bad: number[] = [];
  let openQuote: string | undefined;
  text.split(/\r?\n/).forEach((line, i) => {
    if (openQuote !== undefined) {
      if (line.includes(openQuote)) openQuote = undefined;
      return;
    }
    const opens = OPENS_QUOTE.exec(line);
    if (opens) openQuote = opens[1];
    else if (!SETTING.test(line) && !IGNORED.test(line)) bad.push(i + 1);
  });
  return bad;
}

/**
 * Reads `.env` from the working directory if present; the real environment wins. A line that
 * is not a setting is named by number (never shown: it may hold a secret), not dropped silently.
 */
export function loadDotenv(
  path = '.env',
  warn: (message: string) => void = (message) => process.stderr.write(`paperbot: ${message}\n`),
  target: NodeJS.ProcessEnv = process.env,
): void {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return;
  }
  for (const line of malformedLines(text))
    warn(`${path} line ${line} is not KEY=VALUE or a # comment, so it is ignored.`);
  dotenvConfig({ path, quiet: true, processEnv: target });
}

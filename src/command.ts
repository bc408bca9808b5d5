import type { Readable, Writable } from 'node:stream';
import { z } from './zod.js';
import type { AnswerEngine } from './answer/engine.js';
import type { UsageGuard } from './guard.js';
import type { LiveLibrary } from './library/live.js';
import type { Logger } from './log.js';
import type { Reply } from './reply.js';
import type { PaperSearch } from './search/engine.js';

export type AutocompleteSource = 'title' | 'author' | 'category';

/** What every transport needs to know about one option, derived from its declaration. */
export interface OptionSpec {
  name: string;
  description: string;
  type: 'string' | 'integer' | 'boolean' | 'attachment';
  required?: boolean;
  autocomplete?: AutocompleteSource;
  minValue?: number;
  maxValue?: number;
  maxLength?: number;
  /** The only values it takes (a `z.enum`): Discord offers them as a list. */
  choices?: readonly string[];
}

/** An option as a command declares it: the zod schema that validates it, and how to offer it. */
export interface OptionDeclaration<Schema extends z.ZodType = z.ZodType> {
  schema: Schema;
  description: string;
  autocomplete?: AutocompleteSource;
  /**
   * A length Discord enforces while the user types, for options whose schema leaves length
   * to the domain (so every front end gets the domain's own message, e.g. 'query-too-long').
   */
  maxLength?: number;
  /** A file the user attaches (Discord only); the command reads it from `ctx.attachments`. */
  attachment?: boolean;
}

type OptionDeclarations = Record<string, OptionDeclaration>;

/** The validated input of a command with these options. */
type InputOf<Options extends OptionDeclarations> = z.output<
  z.ZodObject<{ [Name in keyof Options]: Options[Name]['schema'] }>
>;

interface Invoker {
  id: string;
  name: string;
}

export interface CommandContext {
  search: PaperSearch;
  answers: AnswerEngine;
  log: Logger;
  /** The commands offered where this one runs, in the order help lists them. */
  commands: readonly AnyCommand[];
  user?: Invoker | undefined;
  guildId?: string | undefined;
  /** Discord: invoked in a direct message, outside any server the team works in. */
  directMessage?: boolean | undefined;
  /** The team's library, to add and remove papers; absent over a read-only papers file. */
  library?: LiveLibrary | undefined;
  /** May this person add and remove papers (Discord: Manage Server or the editor role)? Local use may. */
  canEdit?: boolean | undefined;
  /** Files attached to attachment options, by option name (Discord only). */
  attachments?: Record<string, AttachedFile> | undefined;
  /** Cooldowns and budgets, where many people share one bot (Discord); absent locally. */
  guard?: UsageGuard | undefined;
  /** Cancels slow work (an LLM call) when the interaction can no longer be answered. */
  signal?: AbortSignal | undefined;
  /** Partial replies while an answer streams; transports may throttle them. */
  onProgress?: ((partial: Reply) => void) | undefined;
  /**
   * The conversation so far, oldest first, where a transport keeps one (the terminal chat,
   * `ask --conversation`): /ask reads it for follow-ups and adds each answer to it.
   */
  conversation?: { question: string; answer: string }[] | undefined;
}

export interface AttachedFile {
  name: string;
  url: string;
  /** Bytes, as Discord reports before anything is downloaded. */
  size: number;
}

export type RawOptions = Record<string, string | number | boolean | undefined>;

export interface Command<Input = unknown> {
  name: string;
  description: string;
  /** A typical invocation, shown by /help. */
  example?: string | undefined;
  options: readonly OptionSpec[];
  /** Validates options from any transport; its messages are shown to the user. */
  input: z.ZodType<Input>;
  /** Also offered on a message's Apps menu under this name, the message's text filling the first option. */
  contextMenu?: string | undefined;
  /** Changes the library: Discord offers it to members with Manage Server or the editor role. */
  editsLibrary?: boolean | undefined;
  /** Its reply carries a chart picture: the CLI offers `--png <file>` to save it. */
  drawsChart?: boolean | undefined;
  /** Worth deferring on Discord: may take longer than the 3 s an interaction allows. */
  slow?: boolean | undefined;
  execute(input: Input, ctx: CommandContext): Promise<Reply>;
}

/**
 * A command of any input type, as the registry holds them. `any` is confined to this one
 * alias: each command's own zod schema is what guarantees `execute` receives its input.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyCommand = Command<any>;

interface CommandDeclaration<Options extends OptionDeclarations> extends Omit<
  Command<InputOf<Options>>,
  'options' | 'input'
> {
  /** Each option once: its schema validates it, the rest tells Discord, the CLI and the chat how to offer it. */
  options: Options;
}

/** Peels optional/default wrappers off a schema to reach the type it validates. */
function innerSchema(schema: z.ZodType): z.ZodType {
  let inner: z.ZodType = schema;
  while (inner instanceof z.ZodOptional || inner instanceof z.ZodDefault)
    inner = inner.unwrap() as z.ZodType;
  return inner;
}

/** The spec every transport reads, derived from the option's schema so the two cannot drift. */
function optionSpec(name: string, declaration: OptionDeclaration): OptionSpec {
  const { schema, description, autocomplete } = declaration;
  if (declaration.attachment === true) {
    return {
      name,
      description,
      type: 'attachment',
      ...(schema.safeParse(undefined).success ? {} : { required: true }),
    };
  }
  const inner = innerSchema(schema);
  const spec = {
    name,
    description,
    ...(schema.safeParse(undefined).success ? {} : { required: true }),
    ...(autocomplete ? { autocomplete } : {}),
  };
  if (inner instanceof z.ZodEnum) {
    return { ...spec, type: 'string', choices: inner.options.map(String) };
  }
  if (inner instanceof z.ZodString) {
    const maxLength = declaration.maxLength ?? inner.maxLength ?? undefined;
    return { ...spec, type: 'string', ...(maxLength === undefined ? {} : { maxLength }) };
  }
  if (inner instanceof z.ZodNumber && inner.isInt) {
    return {
      ...spec,
      type: 'integer',
      ...(Number.isFinite(inner.minValue) ? { minValue: inner.minValue ?? undefined } : {}),
      ...(Number.isFinite(inner.maxValue) ? { maxValue: inner.maxValue ?? undefined } : {}),
    };
  }
  if (inner instanceof z.ZodBoolean) return { ...spec, type: 'boolean' };
  throw new Error(`Option "${name}" must be a string, a whole number or a boolean.`);
}

/** Declares a command: the option list and the input schema are both derived from `options`. */
export function defineCommand<Options extends OptionDeclarations>(
  declaration: CommandDeclaration<Options>,
): Command<InputOf<Options>> {
  const { options, ...command } = declaration;
  const shape = Object.fromEntries(Object.entries(options).map(([name, o]) => [name, o.schema]));
  return {
    ...command,
    options: Object.entries(options).map(([name, o]) => optionSpec(name, o)),
    input: z.object(shape) as unknown as z.ZodType<InputOf<Options>>,
  };
}

/**
 * Where a command is offered. `button`: only behind a button on Discord (👍/👎), never
 * listed or registered; buttons also run every Discord command.
 */
export type Surface = 'discord' | 'chat' | 'cli' | 'button';
export const EVERYWHERE: readonly Surface[] = ['discord', 'chat', 'cli'];

/** An output stream; `isTTY` and `hasColors` are there when Node gives it a terminal. */
type CliOutput = Writable & { isTTY?: boolean; hasColors?: (env?: NodeJS.ProcessEnv) => boolean };

/**
 * Where an invocation of `paperbot` reads and writes: the process's own streams and
 * environment for the bin, others for a spec that holds output and exit code to the README
 * without paying a Node start-up.
 */
export interface CliIo {
  stdin: Readable & { isTTY?: boolean };
  stdout: CliOutput;
  stderr: CliOutput;
  env: NodeJS.ProcessEnv;
}

/**
 * A command of the program itself (`paperbot ingest`, `paperbot bot`): it starts or
 * changes something rather than answering, so it takes the raw arguments and returns
 * an exit code. Only the command line offers these.
 */
interface ProgramCommand {
  program: true;
  name: string;
  /** "paperbot ingest <file> [--out data/papers.json]" */
  usage: string;
  description: string;
  run(argv: readonly string[], io: CliIo): Promise<number>;
}

export function defineProgram(command: Omit<ProgramCommand, 'program'>): ProgramCommand {
  return { program: true, ...command };
}

type RegistryEntry =
  | readonly [command: AnyCommand, offeredOn: readonly Surface[]]
  | readonly [command: ProgramCommand];

/** Every command and where it is offered. */
export class CommandRegistry {
  /** Every command that answers with a Reply, in the order help lists them. */
  readonly commands: readonly AnyCommand[];
  readonly programs: readonly ProgramCommand[];
  private readonly surfaces = new Map<string, readonly Surface[]>();

  constructor(entries: readonly RegistryEntry[]) {
    const commands: AnyCommand[] = [];
    const programs: ProgramCommand[] = [];
    for (const [command, offeredOn] of entries) {
      if ('program' in command) programs.push(command);
      else {
        commands.push(command);
        this.surfaces.set(command.name, offeredOn ?? []);
      }
    }
    this.commands = commands;
    this.programs = programs;
  }

  on(surface: Surface): AnyCommand[] {
    const offered = surface === 'button' ? ['button', 'discord'] : [surface];
    return this.commands.filter((c) =>
      this.surfaces.get(c.name)?.some((where) => offered.includes(where)),
    );
  }

  find(name: string, surface?: Surface): AnyCommand | undefined {
    return (surface ? this.on(surface) : this.commands).find((c) => c.name === name);
  }

  findProgram(name: string): ProgramCommand | undefined {
    return this.programs.find((p) => p.name === name);
  }
}

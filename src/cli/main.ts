// Operator CLI: `npm run cli -- <command> [args]`. Commands live in ./commands, one
// file per domain; this file only finds the command and runs it.
import { ConfigError, loadConfig } from '../config';
import type { Command, CommandContext } from './command';
import { commands } from './commands';

function help(): string {
  const width = Math.max(...commands.map((command) => command.usage.length));
  return ['Usage: npm run cli -- <command> [args]', '', ...commands.map((command) => `  ${command.usage.padEnd(width)}  ${command.summary}`)].join(
    '\n',
  );
}

/** The longest command name that the arguments start with ("migrate status" before "migrate"). */
function findCommand(argv: string[]): { command: Command; args: string[] } | undefined {
  const byLength = [...commands].sort((a, b) => b.name.split(' ').length - a.name.split(' ').length);
  for (const command of byLength) {
    const words = command.name.split(' ');
    if (words.every((word, index) => argv[index] === word)) return { command, args: argv.slice(words.length) };
  }
  return undefined;
}

export async function runCli(argv: string[]): Promise<number> {
  if (argv.length === 0 || argv[0] === 'help' || argv[0] === '--help') {
    process.stdout.write(`${help()}\n`);
    return 0;
  }
  const found = findCommand(argv);
  if (!found) {
    process.stderr.write(`Unknown command: ${argv.join(' ')}\n\n${help()}\n`);
    return 2;
  }
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      return 2;
    }
    throw error;
  }
  const context: CommandContext = {
    config,
    info: (message) => process.stderr.write(`${message}\n`),
    out: (text) => process.stdout.write(text.endsWith('\n') ? text : `${text}\n`),
  };
  try {
    return (await found.command.run(found.args, context)) ?? 0;
  } catch (error) {
    process.stderr.write(`${found.command.name} failed: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}

process.exitCode = await runCli(process.argv.slice(2));

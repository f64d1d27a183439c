// The shape of an operator command (`npm run cli -- <command> [args]`).
import type { Config } from '../config';

export interface CommandContext {
  config: Config;
  /** Lines for the operator go to stderr; stdout carries only a command's result (e.g. a secret). */
  info(message: string): void;
  out(text: string): void;
}

export interface Command {
  /** e.g. "migrate status" */
  name: string;
  usage: string;
  summary: string;
  // biome-ignore lint/suspicious/noConfusingVoidType: a command that returns nothing succeeded
  run(args: string[], context: CommandContext): Promise<number | void>;
}

// Every operator command, grouped by domain.
import type { Command } from '../command';

export const commands: Command[] = [];

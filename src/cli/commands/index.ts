// Every operator command, grouped by domain.
import type { Command } from '../command';
import { migrateCommands } from './migrate';
import { seedCommands } from './seed';

export const commands: Command[] = [...migrateCommands, ...seedCommands];

// Every operator command, grouped by domain.
import type { Command } from '../command';
import { migrateCommands } from './migrate';
import { seedCommands } from './seed';
import { tokenCommands } from './tokens';

export const commands: Command[] = [...migrateCommands, ...seedCommands, ...tokenCommands];

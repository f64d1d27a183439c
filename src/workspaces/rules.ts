// Who may do what in a workspace (docs/workspaces.md is the same table for clients), and
// the rules of its names. Pure: src/workspaces/service.ts applies them under the
// workspace's row lock.
//
//                         OWNER   ADMIN            MEMBER
//   read it and members    yes     yes              yes
//   rename / new slug      yes     yes              no
//   delete it              yes     no               no
//   add a member           any     ADMIN or MEMBER  no
//   change a role          any     ADMIN ↔ MEMBER   no
//   remove a member        any     ADMIN or MEMBER  no
//   leave (remove self)    yes     yes              yes
//
// A workspace always keeps an OWNER: the last one can neither leave nor be demoted (CONFLICT).
import { z } from 'zod';
import type { WorkspaceRole } from '../generated/prisma/enums';
import { conflict, forbidden } from '../graphql/errors';
import { oneLine } from '../shared/validation';

export const NAME_MAX = 100;
const SLUG_MIN = 2;
const SLUG_MAX = 50;
const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

export const workspaceName = () => oneLine({ min: 1, max: NAME_MAX });

export const workspaceSlug = () =>
  z
    .string()
    .trim()
    .min(SLUG_MIN, `must be at least ${SLUG_MIN} characters`)
    .max(SLUG_MAX, `must be at most ${SLUG_MAX} characters`)
    .regex(SLUG, 'must be lower-case letters and digits in words joined by single hyphens, e.g. "my-studio"');

export const SLUG_RULE = `${SLUG_MIN} to ${SLUG_MAX} lower-case letters and digits, words joined by single hyphens (e.g. "my-studio"); unique`;

/** Roles an actor may give, take away or remove: OWNER any, ADMIN only ADMIN and MEMBER. */
const MANAGES: Record<WorkspaceRole, readonly WorkspaceRole[]> = {
  OWNER: ['OWNER', 'ADMIN', 'MEMBER'],
  ADMIN: ['ADMIN', 'MEMBER'],
  MEMBER: [],
};

const refuse = (actor: WorkspaceRole, what: string) => forbidden(`Your role in this workspace (${actor}) does not allow ${what}`);

export function checkRename(actor: WorkspaceRole): void {
  if (actor === 'MEMBER') throw refuse(actor, 'renaming it');
}

export function checkDelete(actor: WorkspaceRole): void {
  if (actor !== 'OWNER') throw refuse(actor, 'deleting it (owners only)');
}

export function checkAdd(actor: WorkspaceRole, role: WorkspaceRole): void {
  if (!MANAGES[actor].includes(role)) throw refuse(actor, `adding a member as ${role}`);
}

/** Changing `from` into `to` (both must be roles the actor manages). */
export function checkRoleChange(actor: WorkspaceRole, from: WorkspaceRole, to: WorkspaceRole): void {
  if (!MANAGES[actor].includes(from) || !MANAGES[actor].includes(to)) throw refuse(actor, `changing a role from ${from} to ${to}`);
}

/** Removing a member of role `target`; anyone may remove themselves (leave). */
export function checkRemove(actor: WorkspaceRole, target: WorkspaceRole, self: boolean): void {
  if (!self && !MANAGES[actor].includes(target)) throw refuse(actor, `removing a member who is ${target}`);
}

/** The last OWNER stays one: `owners` counts them, the target included. */
export function checkKeepsAnOwner(target: WorkspaceRole, becomes: WorkspaceRole | null, owners: number): void {
  if (target === 'OWNER' && becomes !== 'OWNER' && owners <= 1) {
    throw conflict('A workspace keeps at least one OWNER: make another member OWNER first, or delete the workspace');
  }
}

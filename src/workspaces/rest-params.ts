// Reading the organizations paths' parameters: ids become global ids, body fields are
// checked for their JSON type (their values are the GraphQL inputs' to judge, by name).
import { encodeGlobalID } from '@pothos/plugin-relay';
import type { WorkspaceRole } from '../generated/gql/graphql';
import { badParameter } from '../rest/errors';
import { idParameter } from '../rest/params';
import type { RestInput } from '../rest/route';
import { ROLES } from './rest-shapes';

export const workspaceId = (value: unknown) => encodeGlobalID('Workspace', idParameter('id', value));
export const accountId = (field: string, value: unknown) => encodeGlobalID('Account', idParameter(field, value));

/** A string field of the body: absent is undefined (or 400 when required), null stays null (GraphQL refuses it by name). */
export function text(body: Record<string, unknown>, field: string, required: boolean): string | null | undefined {
  const value = body[field];
  if (value === undefined || (required && (value === null || value === ''))) {
    if (required) throw badParameter(field, 'is required');
    return undefined;
  }
  if (value !== null && typeof value !== 'string') throw badParameter(field, 'must be a string');
  return value;
}

/** `{ [field]: value }` when the body has the field (null included), else nothing: left out, it keeps its value. */
export function sent(body: Record<string, unknown>, field: 'name' | 'slug'): { name?: string | null } | { slug?: string | null } {
  const value = text(body, field, false);
  return value === undefined ? {} : { [field]: value };
}

function roleOf(body: Record<string, unknown>): WorkspaceRole {
  const value = body.role ?? 'member';
  if (typeof value !== 'string' || !(ROLES as readonly string[]).includes(value.toLowerCase())) {
    throw badParameter('role', `must be one of: ${ROLES.join(', ')}`);
  }
  return value.toUpperCase() as WorkspaceRole;
}

export function newMember({ params, body }: RestInput) {
  const hasId = body.user_id !== undefined && body.user_id !== null && body.user_id !== '';
  const username = text(body, 'username', false);
  if (hasId === (username != null)) throw badParameter('user_id', 'give user_id or username (one of them)');
  const who = hasId ? { accountId: accountId('user_id', body.user_id) } : { username };
  return { input: { workspaceId: workspaceId(params.id), ...who, role: roleOf(body) } };
}

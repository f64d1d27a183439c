// Global ids, decoded one way everywhere: `base64("Item:42")`. Our database ids are
// positive 32-bit integers, so an id whose number is anything else names nothing.
import { decodeGlobalID } from '@pothos/plugin-relay';

const MAX_DATABASE_ID = 2_147_483_647;

/** The database id in a global id's id part, or null when it cannot be one of ours. */
export function parseDatabaseId(raw: string): number | null {
  if (!/^\d{1,10}$/.test(raw)) return null;
  const id = Number(raw);
  return id >= 1 && id <= MAX_DATABASE_ID ? id : null;
}

/** The type and database id of a global id of one of `types`; null for anything else. */
export function decodeTypedId(globalId: string, types: readonly string[]): { typename: string; id: number } | null {
  let decoded: { typename: string; id: string };
  try {
    decoded = decodeGlobalID(globalId);
  } catch {
    return null;
  }
  const id = parseDatabaseId(decoded.id);
  return id !== null && types.includes(decoded.typename) ? { typename: decoded.typename, id } : null;
}

/** What an id that decodes to nothing becomes: no type has this name, so it resolves to null. */
export const NO_TYPE = '';

/**
 * The relay plugin's decoder (builder option `relay.decodeGlobalID`): never throws, so
 * `node(id:)` answers null for a malformed id like for an unknown one. Typed arguments
 * were checked before (src/graphql/input-hygiene-plugin.ts).
 */
export function lenientDecodeGlobalID(globalId: string): { typename: string; id: string } {
  try {
    return decodeGlobalID(globalId);
  } catch {
    return { typename: NO_TYPE, id: globalId };
  }
}

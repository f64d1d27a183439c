// Value formats of the REST documents.

/** An instant as the DateTime scalar serialises it: UTC, with milliseconds. */
const CANONICAL_INSTANT = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

/** "2024-04-27T12:00:00Z" as the documents print dates (no milliseconds when there are none). */
export function restDate(value: string | Date | null | undefined): string | null {
  if (value == null) return null;
  // The DateTime scalar's output is a Date (graphql-scalars), formatted as it is; a string
  // is parsed only when it is not already canonical (a list page formats hundreds).
  const iso = value instanceof Date ? value.toISOString() : CANONICAL_INSTANT.test(value) ? value : new Date(value).toISOString();
  return iso.endsWith('.000Z') ? `${iso.slice(0, -5)}Z` : iso;
}

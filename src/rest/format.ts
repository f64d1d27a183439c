// Value formats of the REST documents.

/** "2024-04-27T12:00:00Z" as the documents print dates (no milliseconds when there are none). */
export function restDate(value: string | Date | null | undefined): string | null {
  if (value == null) return null;
  const iso = typeof value === 'string' ? new Date(value).toISOString() : value.toISOString();
  return iso.replace(/\.000Z$/, 'Z');
}

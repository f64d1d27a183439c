// zod schemas for the values people type into forms (profiles, items, registration). They
// are declared with the GraphQL inputs (src/graphql/validation.ts maps their issues to
// BAD_USER_INPUT naming each field) and trim what they accept.
import { z } from 'zod';
import { parseAmount } from './money';

export const MAX_URL_LENGTH = 2048;
export const MAX_EMAIL_LENGTH = 254;

// Control characters (tabs and newlines included): never part of a one-line value.
const CONTROL = /[\u0000-\u001f\u007f]/;
// In multi-line text, line breaks and tabs are fine; other control characters are not.
const CONTROL_EXCEPT_WHITESPACE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

function bounded(text: z.ZodString, min: number, max: number) {
  const atLeast = min === 1 ? 'must not be blank' : `must be at least ${min} characters`;
  return (min > 0 ? text.min(min, atLeast) : text).max(max, `must be at most ${max} characters`);
}

/** A one-line text, trimmed, between min and max characters. */
export const oneLine = ({ min = 0, max }: { min?: number; max: number }) =>
  z
    .string()
    .trim()
    .pipe(
      bounded(
        z.string().refine((text) => !CONTROL.test(text), 'must be a single line without control characters'),
        min,
        max,
      ),
    );

/** A multi-line text (descriptions, changelogs), trimmed, at most max characters. */
export const paragraph = ({ min = 0, max }: { min?: number; max: number }) =>
  z
    .string()
    .trim()
    .pipe(
      bounded(
        z.string().refine((text) => !CONTROL_EXCEPT_WHITESPACE.test(text), 'must not contain control characters'),
        min,
        max,
      ),
    );

function isHttpUrl(text: string): boolean {
  // The URL parser forgives spaces and control characters; a stored link should not need it.
  if (/\s/.test(text) || CONTROL.test(text)) return false;
  try {
    const url = new URL(text);
    return (url.protocol === 'http:' || url.protocol === 'https:') && Boolean(url.hostname);
  } catch {
    return false;
  }
}

/** An absolute http(s) URL without credentials, at most 2048 characters, kept as sent (trimmed). */
export const httpUrl = () =>
  z
    .string()
    .trim()
    .max(MAX_URL_LENGTH, `must be at most ${MAX_URL_LENGTH} characters`)
    .refine(isHttpUrl, 'must be an absolute http or https URL')
    .refine((text) => {
      const url = URL.parse(text);
      return !url?.username && !url?.password;
    }, 'must not contain credentials');

/** An email address, trimmed (kept as written otherwise: it is shown to people). */
export const emailAddress = () =>
  z
    .string()
    .trim()
    .refine((text) => text.length <= MAX_EMAIL_LENGTH && EMAIL.test(text), 'must be an email address');

/** A decimal amount of money such as "19.99", between 0 and `maxCents`. */
export const amount = (maxCents: number) =>
  z
    .string()
    .refine((text) => parseAmount(text) !== null, 'must be a decimal amount such as "19.99"')
    .refine((text) => (parseAmount(text) ?? 0) >= 0, 'must not be negative')
    .refine((text) => (parseAmount(text) ?? 0) <= maxCents, `must be at most ${maxCents / 100}.00`);

/**
 * For an input object whose fields may be left out but not cleared: null is refused,
 * naming what to send instead (`{ firstName: 'send "" to leave it empty' }`). An input type's
 * own schema, since a field's schema never sees a null.
 */
export const noNulls = (hints: Record<string, string>) =>
  z.looseObject({}).superRefine((input, context) => {
    for (const [field, hint] of Object.entries(hints)) {
      if ((input as Record<string, unknown>)[field] === null) {
        context.addIssue({ code: 'custom', path: [field], message: `cannot be null${hint ? ` (${hint})` : ''}` });
      }
    }
  });

/** Optional, and clearable with null. */
export const clearable = <T extends z.ZodType>(schema: T) => schema.nullable().optional();

// Checks for values people type into forms (profiles, items). Each throws BAD_USER_INPUT
// naming the field and the reason, so a client can point at the offending input.
import { badInput } from '../graphql/errors';

export const MAX_URL_LENGTH = 2048;
export const MAX_EMAIL_LENGTH = 254;

// Control characters (tabs and newlines included): never part of a one-line value.
const CONTROL = /[\u0000-\u001f\u007f]/;
// In multi-line text, line breaks and tabs are fine; other control characters are not.
const CONTROL_EXCEPT_WHITESPACE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** A one-line text, trimmed, between min and max characters. */
export function line(field: string, value: string, options: { min?: number; max: number }): string {
  const text = value.trim();
  const min = options.min ?? 0;
  if (CONTROL.test(text)) throw badInput(field, 'must be a single line without control characters');
  if (text.length < min) throw badInput(field, min === 1 ? 'must not be blank' : `must be at least ${min} characters`);
  if (text.length > options.max) throw badInput(field, `must be at most ${options.max} characters`);
  return text;
}

/** A multi-line text (descriptions, changelogs), trimmed, at most max characters. */
export function paragraph(field: string, value: string, options: { min?: number; max: number }): string {
  const text = value.trim();
  const min = options.min ?? 0;
  if (CONTROL_EXCEPT_WHITESPACE.test(text)) throw badInput(field, 'must not contain control characters');
  if (text.length < min) throw badInput(field, min === 1 ? 'must not be blank' : `must be at least ${min} characters`);
  if (text.length > options.max) throw badInput(field, `must be at most ${options.max} characters`);
  return text;
}

/** An absolute http(s) URL, at most 2048 characters. Returned as sent (trimmed). */
export function httpUrl(field: string, value: string): string {
  const text = value.trim();
  if (text.length > MAX_URL_LENGTH) throw badInput(field, `must be at most ${MAX_URL_LENGTH} characters`);
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw badInput(field, 'must be an absolute http or https URL');
  }
  // The URL parser forgives spaces and control characters; a stored link should not need it.
  if (/\s/.test(text) || CONTROL.test(text) || (url.protocol !== 'http:' && url.protocol !== 'https:') || !url.hostname) {
    throw badInput(field, 'must be an absolute http or https URL');
  }
  if (url.username || url.password) throw badInput(field, 'must not contain credentials');
  return text;
}

/** An email address, trimmed (kept as written otherwise: it is shown to people). */
export function emailAddress(field: string, value: string): string {
  const text = value.trim();
  if (text.length > MAX_EMAIL_LENGTH || !EMAIL.test(text)) throw badInput(field, 'must be an email address');
  return text;
}

// Reading request parameters; every refusal is a 400 naming the field and the reason.
import type { z } from 'zod';
import { restError } from './envelopes';
import { RestFailure, badParameter } from './errors';

const MAX_INT = 2_147_483_647;

/** A numeric database id (item_id...). */
export function idParameter(field: string, value: unknown): number {
  const text = typeof value === 'number' ? String(value) : typeof value === 'string' ? value.trim() : '';
  if (text === '' && (value === undefined || value === null || value === '')) throw badParameter(field, 'is required');
  if (!/^\d{1,10}$/.test(text) || Number(text) < 1 || Number(text) > MAX_INT) throw badParameter(field, 'must be a positive integer id');
  return Number(text);
}

/** A string field of the body (JSON or form), else of the query string (001_… sends parameters either way). */
export function stringParameter(field: string, body: Record<string, unknown>, url: URL, maxLength = 200): string {
  const value = body[field] ?? url.searchParams.get(field);
  if (value === undefined || value === null || value === '') throw badParameter(field, 'is required');
  if (typeof value !== 'string') throw badParameter(field, 'must be a string');
  const text = value.trim();
  if (text === '') throw badParameter(field, 'is required');
  if (text.length > maxLength) throw badParameter(field, `must be at most ${maxLength} characters`);
  return text;
}

/** The body checked against its schema; the first problem is the 400's field and reason. */
export function parseBody<T extends z.ZodType>(schema: T, body: Record<string, unknown>): z.infer<T> {
  const result = schema.safeParse(body);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const field = issue.path.length
    ? issue.path.map((part, index) => (typeof part === 'number' ? `[${part}]` : `${index ? '.' : ''}${String(part)}`)).join('')
    : 'body';
  throw badParameter(field, issue.message);
}

/** The first parameter (query, path or body field) holding a NUL character: no route can use one. */
export function parameterWithNul(url: URL, params: Record<string, string>, body: unknown): string | null {
  for (const [name, value] of url.searchParams) if (value.includes('\u0000') || name.includes('\u0000')) return name;
  for (const [name, value] of Object.entries(params)) if (value.includes('\u0000')) return name;
  const walk = (value: unknown, path: string): string | null => {
    if (typeof value === 'string') return value.includes('\u0000') ? path || 'body' : null;
    if (Array.isArray(value)) {
      for (const [index, item] of value.entries()) {
        const found = walk(item, `${path}[${index}]`);
        if (found) return found;
      }
    } else if (value && typeof value === 'object') {
      for (const [key, item] of Object.entries(value)) {
        const found = walk(item, path ? `${path}.${key}` : key);
        if (found) return found;
      }
    }
    return null;
  };
  return walk(body, '');
}

/** A JSON object or form body; an empty body is an empty object. */
export async function readBody(request: Request): Promise<Record<string, unknown>> {
  if (request.method === 'GET' || request.method === 'HEAD') return {};
  const text = await request.text();
  if (!text.trim()) return {};
  if ((request.headers.get('content-type') ?? '').includes('application/x-www-form-urlencoded')) {
    return Object.fromEntries(new URLSearchParams(text));
  }
  try {
    const parsed: unknown = JSON.parse(text);
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) return parsed as Record<string, unknown>;
  } catch {
    // refused below
  }
  throw new RestFailure(
    restError('BAD_USER_INPUT', 'Request body must be a JSON object', { details: { field: 'body', reason: 'must be a JSON object' } }),
  );
}

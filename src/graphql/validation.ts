// Input validation the Pothos way: zod schemas declared with each argument and input field
// (@pothos/plugin-validation), checked before the resolver runs. A failure is one
// BAD_USER_INPUT error that names every bad field at once (`fields`), the first of them
// also as `field`/`reason` (003_…'s details).
import { z } from 'zod';
import { AppError } from './errors';

interface Issue {
  readonly message: string;
  readonly path?: ReadonlyArray<PropertyKey | { readonly key: PropertyKey }> | undefined;
}

/** `socialLinks[2].url`: the path inside the arguments, without the conventional `input`. */
export function fieldPath(path: Issue['path']): string {
  const keys = (path ?? []).map((part) => (typeof part === 'object' ? part.key : part));
  if (keys[0] === 'input' && keys.length > 1) keys.shift();
  return keys.reduce<string>((text, key) => (typeof key === 'number' ? `${text}[${key}]` : text ? `${text}.${String(key)}` : String(key)), '');
}

export function validationError(issues: readonly Issue[]): AppError {
  const all = issues.map((issue) => ({ field: fieldPath(issue.path) || 'input', reason: issue.message }));
  // One entry per field, its first reason (a field's own check and its object's may both object).
  const fields = all.filter((entry, index) => all.findIndex((other) => other.field === entry.field) === index);
  const [first] = fields;
  const message = fields.map(({ field, reason }) => `${field}: ${reason}`).join('; ');
  return new AppError('BAD_USER_INPUT', `Invalid ${message}`, { field: first?.field, reason: first?.reason, fields });
}

/**
 * For a list argument or input field: at most `max` entries (each checked by `item`, and
 * the whole list by `refine`). Recorded in the schema's extensions too (`maxItems`), where
 * the docs and the schema-walk test read it.
 */
export function atMost<T extends z.ZodType = z.ZodUnknown>(max: number, item?: T, refine?: (list: z.output<T>[], context: z.RefinementCtx) => void) {
  const list = z.array(item ?? z.unknown()).max(max, `must have at most ${max} entries`);
  return {
    validate: refine ? list.superRefine((value, context) => refine(value as z.output<T>[], context)) : list,
    extensions: { maxItems: max },
  };
}

// What an author may send for an item and a version, as zod schemas declared on the
// GraphQL inputs (src/catalog/authoring-schema.ts): each field is checked on its own, every
// problem reported at once, before anything is read or written. Rules between fields and
// against the database (prices against each other, previews against the type, categories,
// versions against the latest) are the service's (src/catalog/authoring.ts).
import { z } from 'zod';
import { amount, clearable, httpUrl, oneLine, paragraph } from '../shared/validation';
import { parseSemVer } from './versions';

export const AUTHORING_LIMITS = {
  nameMin: 3,
  name: 100,
  description: 20_000,
  options: 20,
  option: 100,
  tags: 20,
  /** Tags a request may send before deduplication. */
  tagsSent: 100,
  tag: 30,
  screenshots: 20,
  supportMonths: 24,
  /** $100,000.00: far above any real price, far below the 32-bit column's limit. */
  priceCents: 10_000_000,
  slug: 80,
  version: 64,
  changelog: 20_000,
  fileName: 100,
  /** 10 MiB, decoded. */
  fileBytes: 10 * 1024 * 1024,
} as const;

const L = AUTHORING_LIMITS;

export const itemRules = {
  name: oneLine({ min: L.nameMin, max: L.name }),
  description: paragraph({ max: L.description }),
  category: z.string().trim(),
  subCategory: clearable(z.string().trim()),
  price: amount(L.priceCents),
  /** Trimmed, each one line; repeated ones dropped. */
  options: z
    .array(oneLine({ min: 1, max: L.option }))
    .max(L.options, `at most ${L.options} options`)
    .transform((options) => [...new Set(options)]),
  /** Lower-cased, blanks collapsed, repeated ones dropped, then at most 20. */
  tags: z
    .array(oneLine({ min: 1, max: L.tag }).transform((tag) => tag.toLowerCase().replace(/\s+/g, ' ')))
    .transform((tags) => [...new Set(tags)])
    .refine((tags) => tags.length <= L.tags, { message: `at most ${L.tags} different tags` }),
  media: clearable(httpUrl()),
  screenshots: z.array(httpUrl()).max(L.screenshots, `at most ${L.screenshots} screenshots`),
  supportMonths: z
    .number()
    .int()
    .min(0, `must be a whole number of months from 0 to ${L.supportMonths}`)
    .max(L.supportMonths, `must be a whole number of months from 0 to ${L.supportMonths}`),
};

const FILE_NAME = /^[\w.-]+$/;
const BASE64 = /^[A-Za-z0-9+/]*(={0,2})$/;

/** Decoded size of a base64 text, or null when it is not base64. */
export function base64Size(text: string): number | null {
  const compact = text.replace(/\s+/g, '');
  const padding = BASE64.exec(compact)?.[1];
  if (padding === undefined || compact.length % 4 === 1 || (padding.length > 0 && compact.length % 4 !== 0)) return null;
  return Math.floor(((compact.length - padding.length) * 3) / 4);
}

export const versionRules = {
  version: z.string().superRefine((version, context) => {
    if (version.length > L.version || parseSemVer(version) === null) {
      context.addIssue({
        code: 'custom',
        message: `"${version.slice(0, 64)}" is not a semantic version such as 1.2.0 (at most ${L.version} characters)`,
      });
    }
  }),
  changelog: paragraph({ min: 1, max: L.changelog }),
  fileName: z
    .string()
    .refine(
      (name) => name.length > 0 && name.length <= L.fileName && FILE_NAME.test(name),
      `must be 1 to ${L.fileName} letters, digits, "_", "." or "-"`,
    )
    // "." and ".." would leave the version's folder; hidden files are no downloads either.
    .refine((name) => !name.startsWith('.'), 'must not start with "."'),
  contentBase64: z.string().superRefine((text, context) => {
    const size = base64Size(text);
    if (size === null) context.addIssue({ code: 'custom', message: 'must be base64 (RFC 4648, standard alphabet)' });
    else if (size > L.fileBytes) context.addIssue({ code: 'custom', message: `the file is ${size} bytes; at most ${L.fileBytes} bytes (10 MiB)` });
    else if (size === 0) context.addIssue({ code: 'custom', message: 'the file is empty' });
  }),
};

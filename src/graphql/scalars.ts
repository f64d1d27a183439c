// The schema's scalars. DateTime is graphql-scalars' (RFC 3339 instants) limited to the
// years 1 to 9999: PostgreSQL has no year 0, and a date outside that span is a typing
// mistake, refused with the argument's name instead of failing in the database.
//
// URL, EmailAddress and UUID carry graphql-scalars' names (and its UUID check), with two
// differences, both for the sake of what is already documented:
// - Output is the stored text, byte for byte. graphql-scalars' URL serializer rewrites it
//   (`new URL(x).toString()`: a trailing slash, a lower-cased host, percent-encoding), and
//   REST answers and their contract tests hold the stored bytes. Values are checked where
//   they come in; a stored value is not checked again on the way out, so an old row never
//   turns into an error.
// - Input follows our rules (src/shared/validation.ts), which the field descriptions
//   promise: a URL is an absolute http(s) URL without credentials (graphql-scalars'
//   accepts ftp: and javascript:), an email address is trimmed and kept as written
//   (graphql-scalars' refuses " a@b.com " and non-ASCII addresses). Fields whose rules go
//   further (case-insensitive emails at login, purchase codes that forgive case and
//   blanks, links as they were given) stay String.
// A refusal is BAD_USER_INPUT with the rule's `reason`; src/graphql/error-plugin.ts adds
// the field (the variable's path, or where the literal stands in the document).
import { GraphQLError, GraphQLScalarType, Kind, type ValueNode } from 'graphql';
import { DateTimeResolver, EmailAddressResolver, URLResolver, UUIDResolver } from 'graphql-scalars';
import type { z } from 'zod';
import { MAX_EMAIL_LENGTH, MAX_URL_LENGTH, emailAddress, httpUrl } from '../shared/validation';

const EARLIEST = new Date('0001-01-01T00:00:00Z').getTime();
const LATEST = new Date('9999-12-31T23:59:59.999Z').getTime();

function inRange(value: Date): Date {
  const time = value.getTime();
  if (!(time >= EARLIEST && time <= LATEST)) {
    throw new GraphQLError('DateTime must be between 0001-01-01 and 9999-12-31', { extensions: { code: 'BAD_USER_INPUT' } });
  }
  return value;
}

const base = DateTimeResolver.toConfig();

export const DateTime = new GraphQLScalarType<Date, unknown>({
  ...base,
  parseValue: (value: unknown) => inRange(base.parseValue!(value) as Date),
  parseLiteral: (ast: ValueNode, variables?: Record<string, unknown> | null) => inRange(base.parseLiteral!(ast, variables) as Date),
});

/** A bad input value; the literal's node lets the error plugin find where it stands. */
function refuse(reason: string, node?: ValueNode): never {
  throw new GraphQLError(reason, { nodes: node, extensions: { code: 'BAD_USER_INPUT', reason } });
}

/** The text a zod rule accepts (trimmed, as the rule leaves it), or its first reason. */
const byRule =
  (schema: z.ZodType<string, string>) =>
  (text: string): string => {
    const result = schema.safeParse(text);
    return result.success ? result.data : refuse(result.error.issues[0]!.message);
  };

/**
 * A string scalar named after a graphql-scalars one: input is checked by `rule` (which
 * may trim), output is the stored string unchanged.
 */
function textScalar(resolver: GraphQLScalarType, options: { description: string; specifiedByURL?: string; rule: (text: string) => string }) {
  const { name, extensions } = resolver.toConfig();
  const parse = (value: unknown, node?: ValueNode): string => {
    if (typeof value !== 'string') refuse('must be a string', node);
    try {
      return options.rule(value);
    } catch (error) {
      // Again with the literal's node, which the rule does not know.
      if (node && error instanceof GraphQLError) refuse(error.message, node);
      throw error;
    }
  };
  return new GraphQLScalarType<string, string>({
    name,
    description: options.description,
    specifiedByURL: options.specifiedByURL,
    extensions: { ...extensions, codegenScalarType: 'string' },
    serialize: (value) => {
      if (typeof value !== 'string') throw new GraphQLError(`${name} cannot represent a value that is not a string`);
      return value;
    },
    parseValue: (value) => parse(value),
    parseLiteral: (ast) => parse(ast.kind === Kind.STRING ? ast.value : undefined, ast),
  });
}

export const Url = textScalar(URLResolver, {
  description:
    'An absolute http or https URL, e.g. "https://cdn.example.com/items/aurora/thumbnail.png". Answered exactly as it was stored ' +
    `(never normalized). As input it is trimmed, and must be an absolute http(s) URL of at most ${MAX_URL_LENGTH} characters ` +
    'without a user name or password; anything else is BAD_USER_INPUT naming the field.',
  specifiedByURL: 'https://url.spec.whatwg.org/#absolute-url-string',
  rule: byRule(httpUrl()),
});

// No specifiedByURL: graphql-scalars points at the HTML definition, which is stricter than
// the addresses accounts have registered with (any non-blank local part and domain).
export const EmailAddress = textScalar(EmailAddressResolver, {
  description:
    'An email address, e.g. "jane@example.com": no blanks, one "@", a dot in the domain, at most ' +
    `${MAX_EMAIL_LENGTH} characters. Answered exactly as it was stored. As input it is trimmed and otherwise kept as written; ` +
    'anything else is BAD_USER_INPUT naming the field.',
  rule: byRule(emailAddress()),
});

export const Uuid = textScalar(UUIDResolver, {
  description:
    'A UUID, e.g. "5f0c2b7e-3a41-4c1e-9d5b-2f7a8e6c1d90", answered exactly as it was stored (canonical, lower case). ' +
    'Purchase codes are random version-4 UUIDs.',
  specifiedByURL: 'https://www.rfc-editor.org/rfc/rfc9562',
  rule: (text) => {
    try {
      return UUIDResolver.parseValue(text) as string;
    } catch {
      return refuse('must be a UUID such as 5f0c2b7e-3a41-4c1e-9d5b-2f7a8e6c1d90');
    }
  },
});

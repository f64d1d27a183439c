// The schema's scalars. DateTime is graphql-scalars' (RFC 3339 instants) limited to the
// years 1 to 9999: PostgreSQL has no year 0, and a date outside that span is a typing
// mistake, refused with the argument's name instead of failing in the database.
import { GraphQLError, GraphQLScalarType, type ValueNode } from 'graphql';
import { DateTimeResolver } from 'graphql-scalars';

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

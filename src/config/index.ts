// Configuration: every environment variable the gateway reads, validated once at start.
// Nothing else in the code reads process.env; the parsed `Config` is passed down.
import { z } from 'zod';
import { DEFAULT_PREPARED_STATEMENTS } from '../db/statement-names';
import { isValidTrustProxy } from '../server/client-address';

/** Most webhooks an account keeps unless WEBHOOKS_PER_ACCOUNT says otherwise: each event goes to every one. */
export const DEFAULT_WEBHOOKS_PER_ACCOUNT = 20;

const booleanFlag = z.enum(['true', 'false', '1', '0', 'yes', 'no']).transform((value) => value === 'true' || value === '1' || value === 'yes');

const durationSeconds = z.coerce.number().int().positive();
const count = z.coerce.number().int().positive();

/** Variables whose values are never printed, not even in a configuration error. */
export const SECRET_VARIABLES = new Set(['APP_SECRET', 'DATABASE_URL', 'REDIS_URL', 'DEMO_PASSWORD', 'METRICS_TOKEN']);

/**
 * TRUST_PROXY: which peers may name the client in X-Forwarded-For. "false" (nobody), a
 * hop count ("1": the nearest proxy), or a comma list of addresses, CIDR ranges and
 * proxy-addr's names (loopback, linklocal, uniquelocal). See src/server/client-address.ts.
 */
const trustProxy = z
  .string()
  .trim()
  .default('false')
  .refine((value) => isValidTrustProxy(value), {
    message: 'must be false, a hop count, or a comma list of addresses, CIDR ranges, loopback, linklocal or uniquelocal',
  });

/** CORS_ORIGINS: exact origins (scheme://host[:port]) allowed to call the API from a browser, or "*". */
const corsOrigins = z
  .string()
  .default('')
  .transform((value) =>
    value
      .split(',')
      .map((origin) => origin.trim())
      .filter(Boolean),
  )
  .refine(
    (origins) => origins.every((origin) => origin === '*' || /^https?:\/\/[^/\s]+$/.test(origin)),
    'must be "*" or a comma list of origins such as https://shop.example.com (no path)',
  );

export const configSchema = z.object({
  NODE_ENV: z.enum(['production', 'development', 'test']).default('production'),
  PORT: z.coerce.number().int().min(0).max(65535).default(4000),
  HOST: z.string().default('0.0.0.0'),
  /** PostgreSQL server URL. Unset: the embedded database (PGlite) in DATA_DIR. */
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL')
    .optional(),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  /** Opening a connection or waiting for a free one; past it the request answers 503. */
  DATABASE_CONNECT_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(5000),
  /** One statement; the server cancels it past this (the request answers 503). */
  DATABASE_STATEMENT_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(5000),
  /** A transaction left idle this long is ended by the server. */
  DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(10_000),
  /** Distinct statements prepared once per server connection and reused; 0 turns it off (e.g. behind PgBouncer in transaction mode before 1.21). */
  DATABASE_PREPARED_STATEMENTS: z.coerce.number().int().min(0).max(100_000).default(DEFAULT_PREPARED_STATEMENTS),
  /** Folder of the embedded database; "memory://" keeps it in memory. */
  DATA_DIR: z.string().default('./data'),
  /** Folder the default download store reads item files from. */
  FILES_DIR: z.string().default('./data/files'),
  /** Apply pending migrations at start. Default: yes for the embedded database, no for a server. */
  AUTO_MIGRATE: booleanFlag.optional(),
  /** Seed demo data at start when the database has no accounts. Default as AUTO_MIGRATE. */
  SEED_DEMO_DATA: booleanFlag.optional(),
  DEMO_PASSWORD: z.string().min(8, 'must be at least 8 characters').default('marketplace-demo'),
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\//, 'must be a redis:// or rediss:// URL')
    .optional(),
  /** Prefix of every Redis key, so several deployments can share one Redis. */
  REDIS_KEY_PREFIX: z.string().default('mpg:'),
  /** Secret that signs session tokens and download links. Required in production with PostgreSQL. */
  APP_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  GRAPHIQL: booleanFlag.default(true),
  LEGACY_API_KEYS: booleanFlag.default(true),
  ACCESS_TOKEN_TTL: durationSeconds.default(900),
  REFRESH_TOKEN_TTL: durationSeconds.default(60 * 60 * 24 * 30),
  DOWNLOAD_LINK_TTL: durationSeconds.default(300),
  PLATFORM_FEE_PERCENT: z.coerce.number().min(0).max(100).default(30),
  // How often each instance credits pending platform fees (src/ledger/platform-fees.ts).
  PLATFORM_FEE_SETTLE_INTERVAL_MS: z.coerce.number().int().min(50).max(600_000).default(1000),
  // Rate limits (see docs/limits.md). Account-wide budgets per plan, per window:
  RATE_LIMIT_WINDOW_SECONDS: durationSeconds.default(60),
  RATE_LIMIT_ANONYMOUS: z.coerce.number().int().positive().default(60),
  RATE_LIMIT_FREE: z.coerce.number().int().positive().default(60),
  RATE_LIMIT_PRO: z.coerce.number().int().positive().default(600),
  RATE_LIMIT_ENTERPRISE: z.coerce.number().int().positive().default(6000),
  // Per-class budgets:
  RATE_LIMIT_DOWNLOADS: z.coerce.number().int().positive().default(20),
  RATE_LIMIT_DOWNLOADS_WINDOW_SECONDS: durationSeconds.default(3600),
  RATE_LIMIT_VERIFICATION: z.coerce.number().int().positive().default(120),
  RATE_LIMIT_VERSION_CHECKS: z.coerce.number().int().positive().default(60),
  // Query protection:
  QUERY_MAX_DEPTH: z.coerce.number().int().positive().default(12),
  QUERY_MAX_ALIASES: z.coerce.number().int().positive().default(15),
  QUERY_MAX_TOKENS: z.coerce.number().int().positive().default(2000),
  QUERY_MAX_DIRECTIVES: z.coerce.number().int().positive().default(20),
  QUERY_MAX_COST: z.coerce.number().int().positive().default(10_000),
  /** true: operations run compiled by graphql-jit (docs/benchmarks.md); false: graphql-js's interpreter. */
  GRAPHQL_JIT: booleanFlag.default(true),
  // Login throttling (see docs/limits.md): attempts per email and address, failures per address.
  RATE_LIMIT_LOGIN_ATTEMPTS: count.default(5),
  RATE_LIMIT_LOGIN_FAILURES_PER_ADDRESS: count.default(30),
  RATE_LIMIT_LOGIN_WINDOW_SECONDS: durationSeconds.default(900),
  // Request bounds:
  REQUEST_BODY_LIMIT_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .max(100 * 1024 * 1024)
    .default(1024 * 1024),
  /** For authors holding items:write (a 10 MiB file is 14 MB of base64 in publishItemVersion). */
  REQUEST_BODY_LIMIT_AUTHOR_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .max(200 * 1024 * 1024)
    .default(16 * 1024 * 1024),
  TRUST_PROXY: trustProxy,
  CORS_ORIGINS: corsOrigins,
  /** Trusted documents: manifests (JSON, { "<id>": "<document>" }, as codegen's client preset writes them), comma-separated paths. */
  TRUSTED_DOCUMENTS: z
    .string()
    .default('')
    .transform((value) =>
      value
        .split(',')
        .map((path) => path.trim())
        .filter(Boolean),
    ),
  /** true: anonymous callers may run trusted documents only (tokens and sessions may still send any document). */
  TRUSTED_DOCUMENTS_ONLY_FOR_ANONYMOUS: booleanFlag.default(false),
  /** true: webhooks may target private, loopback and link-local addresses (tests, closed networks). */
  WEBHOOKS_ALLOW_PRIVATE_TARGETS: booleanFlag.default(false),
  /** Most webhooks one account may keep: every event is sent to each of them. */
  WEBHOOKS_PER_ACCOUNT: z.coerce.number().int().min(1).max(1000).default(DEFAULT_WEBHOOKS_PER_ACCOUNT),
  /** Longest a Redis command may take before the breaker opens and state goes local. */
  REDIS_TIMEOUT_MS: z.coerce.number().int().min(10).max(60_000).default(250),
  /** How long an open breaker keeps state local before trying Redis again. */
  REDIS_BREAKER_RESET_MS: z.coerce.number().int().min(100).max(600_000).default(5000),
  /** After SIGTERM, how long the instance keeps accepting (readiness 503) so load balancers move away. */
  SHUTDOWN_DRAIN_MS: z.coerce.number().int().min(0).max(120_000).default(1000),
  /** Then how long in-flight requests may take before their connections are closed. */
  SHUTDOWN_GRACE_MS: z.coerce.number().int().min(0).default(10_000),
  /** Serve Prometheus metrics at /metrics. */
  METRICS: booleanFlag.default(false),
  /** When set, /metrics needs `Authorization: Bearer <METRICS_TOKEN>`. */
  METRICS_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
});

export type Config = z.infer<typeof configSchema>;

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Parses the environment; throws a ConfigError listing every bad variable. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  // Empty strings mean "unset" (as `FOO= npm start` would give).
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== ''));
  const result = configSchema.safeParse(cleaned);
  if (!result.success) {
    throw new ConfigError(
      result.error.issues.map((issue) => {
        const name = issue.path.join('.');
        // A secret (or a URL holding a password) is named, never echoed.
        if (SECRET_VARIABLES.has(name)) return `${name}: ${issue.message}`;
        return `${name}: ${issue.message} (got ${JSON.stringify(env[name])})`;
      }),
    );
  }
  return result.data;
}

/** Builds a config for tests and tools: defaults plus overrides, no process.env. */
export function testConfig(overrides: Record<string, string | undefined> = {}): Config {
  return loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', ...overrides });
}

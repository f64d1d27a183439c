// Prometheus metrics (prom-client), one registry per gateway: requests and latency by
// surface and operation, database pool use, rate-limit refusals, outage answers, the
// Redis breaker, and the process's own (CPU, memory, event-loop lag). Served at /metrics
// when METRICS=on, behind METRICS_TOKEN when one is set (docs/operations.md).
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { Services } from '../graphql/context';

export type Surface = 'graphql' | 'rest' | 'download' | 'health' | 'other';

/** Operation names come from clients: only tidy ones become labels, and only so many. */
const OPERATION_NAME = /^[_A-Za-z][_0-9A-Za-z]{0,63}$/;
const MAX_OPERATIONS = 200;

export class Metrics {
  readonly registry = new Registry();
  private readonly operations = new Set<string>();

  private readonly requests = new Counter({
    name: 'mpg_http_requests_total',
    help: 'HTTP requests answered, by surface, operation and status',
    labelNames: ['surface', 'operation', 'status'] as const,
    registers: [this.registry],
  });

  private readonly duration = new Histogram({
    name: 'mpg_http_request_duration_seconds',
    help: 'Time to answer an HTTP request, by surface and operation',
    labelNames: ['surface', 'operation'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });

  private readonly refusals = new Counter({
    name: 'mpg_rate_limit_refusals_total',
    help: 'Requests and calls refused by a budget, by budget',
    labelNames: ['budget'] as const,
    registers: [this.registry],
  });

  private readonly outages = new Counter({
    name: 'mpg_outage_answers_total',
    help: 'Answers of 503 because a dependency was unavailable, by dependency',
    labelNames: ['dependency'] as const,
    registers: [this.registry],
  });

  constructor(services: () => Services | undefined) {
    collectDefaultMetrics({ register: this.registry, prefix: 'mpg_' });
    new Gauge({
      name: 'mpg_db_pool_connections',
      help: 'Database pool connections by state (PostgreSQL server only)',
      labelNames: ['state'] as const,
      registers: [this.registry],
      collect() {
        const use = services()?.db.poolUse?.();
        if (!use) return;
        this.set({ state: 'total' }, use.total);
        this.set({ state: 'idle' }, use.idle);
        this.set({ state: 'waiting' }, use.waiting);
      },
    });
    new Gauge({
      name: 'mpg_redis_breaker_open',
      help: '1 while shared state is kept in memory because Redis did not answer (absent without REDIS_URL)',
      registers: [this.registry],
      collect() {
        const breaker = services()?.redisBreaker;
        if (breaker) this.set(breaker.state === 'closed' ? 0 : 1);
      },
    });
  }

  /** The label for an operation: its name when tidy and among the first few hundred seen. */
  operationLabel(name: string | null | undefined): string {
    if (!name) return 'anonymous';
    if (this.operations.has(name)) return name;
    if (!OPERATION_NAME.test(name) || this.operations.size >= MAX_OPERATIONS) return 'other';
    this.operations.add(name);
    return name;
  }

  observeRequest(surface: Surface, operation: string, status: number, seconds: number): void {
    this.requests.inc({ surface, operation, status: String(status) });
    this.duration.observe({ surface, operation }, seconds);
  }

  refused(budget: string): void {
    this.refusals.inc({ budget });
  }

  outage(dependency: string): void {
    this.outages.inc({ dependency });
  }
}

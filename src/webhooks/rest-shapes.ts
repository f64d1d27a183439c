// The shapes of the webhook routes (src/webhooks/rest.ts): 004_…'s webhook, delivery and
// test result, the mappers from the stored operations' fragments, and the bodies POST and
// PATCH take (types checked here, naming the field; values by the mutations).
import { z } from 'zod';
import { graphql } from '../generated/gql';
import type { RestWebhookDeliveryFragment, RestWebhookFragment } from '../generated/gql/graphql';
import { restDate } from '../rest/format';
import { Count, Id, named } from '../rest/registry';
import { DateTimeText } from '../rest/shapes';
import { TEST_EVENT_TYPE, WEBHOOK_EVENT_TYPES } from './events';
graphql(`
  fragment RestWebhook on Webhook { databaseId url events description active createdAt }
`);
graphql(`
  fragment RestWebhookDelivery on WebhookDelivery {
    databaseId event status attempts responseStatus error nextAttemptAt deliveredAt createdAt
  }
`);

const EVENTS = `One or more of: ${WEBHOOK_EVENT_TYPES.join(', ')}`;

export const Webhook = named(
  'Webhook',
  z.strictObject({
    id: Id,
    url: z.string().describe('Where deliveries are POSTed'),
    events: z.array(z.string()).describe('The events it receives'),
    description: z.string().nullable().describe('Your note on what it is for'),
    active: z.boolean().describe('false: paused, no new deliveries are recorded'),
    created_at: DateTimeText,
  }),
  'A webhook of yours (its secret is never shown again after creation).',
  {
    id: 3,
    url: 'https://your-app.com/webhook',
    events: ['purchase.created', 'item.updated'],
    description: null,
    active: true,
    created_at: '2025-02-25T10:00:00Z',
  },
);

export const CreatedWebhook = named(
  'CreatedWebhook',
  Webhook.extend({ secret: z.string().describe('The signing secret: shown in this answer only, store it now') }),
  'The webhook created, with its secret (this once).',
  {
    id: 3,
    url: 'https://your-app.com/webhook',
    events: ['purchase.created'],
    description: null,
    active: true,
    created_at: '2025-02-25T10:00:00Z',
    secret: 'whsec_…',
  },
);

export const Delivery = named(
  'WebhookDelivery',
  z.strictObject({
    id: Id,
    event: z.string().describe(`The event, or ${TEST_EVENT_TYPE} for a test send`),
    status: z.enum(['pending', 'delivered', 'failed']),
    attempts: Count.describe('Attempts started so far'),
    last_response_code: z.int().nullable().describe("The HTTP status of the latest attempt's answer; null without one"),
    error: z.string().nullable().describe('Why the latest attempt failed'),
    next_attempt_at: DateTimeText.nullable().describe('When the next attempt is due; null once delivered or failed'),
    delivered_at: DateTimeText.nullable(),
    created_at: DateTimeText.describe('When the event happened'),
  }),
  'One event sent (or to be sent) to a webhook.',
  {
    id: 41,
    event: 'purchase.created',
    status: 'pending',
    attempts: 2,
    last_response_code: 503,
    error: 'answered 503',
    next_attempt_at: '2025-02-25T10:05:00Z',
    delivered_at: null,
    created_at: '2025-02-25T10:00:00Z',
  },
);

export const TestResult = named(
  'WebhookTestResult',
  z.strictObject({
    delivered: z.boolean().describe('true when the receiver answered 2xx'),
    response_code: z.int().nullable().describe('The HTTP status it answered; null without an answer'),
    error: z.string().nullable(),
    duration_ms: Count,
  }),
  `What the receiver answered to a ${TEST_EVENT_TYPE} event sent at once.`,
  { delivered: true, response_code: 204, error: null, duration_ms: 35 },
);

export const webhook = (row: RestWebhookFragment): z.infer<typeof Webhook> => ({
  id: row.databaseId,
  url: row.url,
  events: [...row.events],
  description: row.description ?? null,
  active: row.active,
  created_at: restDate(row.createdAt)!,
});

export const delivery = (row: RestWebhookDeliveryFragment): z.infer<typeof Delivery> => ({
  id: row.databaseId,
  event: row.event,
  status: row.status.toLowerCase() as 'pending' | 'delivered' | 'failed',
  attempts: row.attempts,
  last_response_code: row.responseStatus ?? null,
  error: row.error ?? null,
  next_attempt_at: restDate(row.nextAttemptAt),
  delivered_at: restDate(row.deliveredAt),
  created_at: restDate(row.createdAt)!,
});

// ─── Bodies: types checked here (naming the field), values by the mutations ─────────

const text = (_field: string) => z.string({ error: 'must be a string' });
const eventList = z.array(z.string({ error: 'must be a list of event names' }), { error: 'must be a list of event names' });

export const CreateBody = z.object({
  url: text('url'),
  events: eventList,
  secret: text('secret').optional(),
  description: text('description').nullable().optional(),
});

export const UpdateBody = z
  .object({
    url: text('url').optional(),
    events: eventList.optional(),
    description: text('description').nullable().optional(),
    active: z.boolean({ error: 'must be true or false' }).optional(),
  })
  .refine((body) => Object.keys(body).length > 0, 'send at least one of url, events, description, active');

export const CreateBodyDoc = named(
  'WebhookCreateBody',
  z.object({
    url: z.string().describe('http(s) URL; private, loopback and link-local addresses are refused'),
    events: z.array(z.string()).describe(EVENTS),
    secret: z.string().optional().describe('Your own signing secret; one is generated when absent (recommended)'),
    description: z.string().optional().describe('One line, at most 200 characters'),
  }),
  "004_…'s new webhook.",
  { url: 'https://your-app.com/webhook', events: ['purchase.created', 'item.updated'] },
);

export const UpdateBodyDoc = named(
  'WebhookUpdateBody',
  z.object({
    url: z.string().optional(),
    events: z.array(z.string()).optional().describe(EVENTS),
    description: z.string().nullable().optional().describe('null clears it'),
    active: z.boolean().optional().describe('false pauses it'),
  }),
  'What changes: only the fields sent.',
  { events: ['purchase.created'], active: false },
);

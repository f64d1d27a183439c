// Webhooks in GraphQL (scope webhooks:manage, your own webhooks only): `viewer.webhooks`,
// each with its delivery log, and mutations to create (the secret shown once), update,
// delete and test-send one. The engine (src/webhooks/*) signs, sends and retries;
// docs/webhooks.md is the integrator's side.
import { encodeGlobalID } from '@pothos/plugin-relay';
import { Account } from '../accounts/schema';
import { ownedWith, viewerIdOrNone } from '../graphql/authorization';
import { builder } from '../graphql/builder';
import { offsetArgument, withTotalCount } from '../graphql/connection-fields';
import type { Context } from '../graphql/context';
import { notFound } from '../graphql/errors';
import { loadPage } from '../graphql/pages';
import { atMost, validationError } from '../graphql/validation';
import { WEBHOOK_EVENT_TYPES } from './events';
import { checkWebhookInput, createWebhook, sendTest, type InputProblem, type WebhookInput } from './webhooks';

const COLUMNS = { id: true, accountId: true, url: true, events: true, description: true, active: true, createdAt: true } as const;
interface WebhookRow {
  id: number;
  accountId: number;
  url: string;
  events: string[];
  description: string | null;
  active: boolean;
  createdAt: Date;
}
interface DeliveryRow {
  id: number;
  event: string;
  status: 'PENDING' | 'DELIVERED' | 'FAILED';
  attempt: number;
  responseStatus: number | null;
  error: string | null;
  nextAttemptAt: Date | null;
  deliveredAt: Date | null;
  createdAt: Date;
}

const own = ownedWith<WebhookRow>('webhooks:manage', (webhook) => webhook.accountId);
const MANAGE = { 'webhooks:manage': true } as const;

const DeliveryStatus = builder.enumType('WebhookDeliveryStatus', {
  description: 'Where a delivery stands.',
  values: {
    PENDING: { description: 'Waiting for its next attempt, or being attempted.' },
    DELIVERED: { description: 'The receiver answered 2xx.' },
    FAILED: { description: 'Given up after the last allowed attempt (docs/webhooks.md says how many).' },
  },
});

const WebhookDelivery = builder.objectRef<DeliveryRow>('WebhookDelivery').implement({
  description: 'One event sent (or to be sent) to one webhook: the latest attempt and what comes next.',
  fields: (t) => ({
    databaseId: t.exposeInt('id', { description: 'The numeric id of the delivery.' }),
    event: t.exposeString('event', { description: 'The event type, e.g. purchase.created.' }),
    status: t.field({ type: DeliveryStatus, description: 'Pending, delivered or failed.', resolve: (row) => row.status }),
    attempts: t.exposeInt('attempt', { description: 'Attempts started so far.' }),
    responseStatus: t.exposeInt('responseStatus', {
      nullable: true,
      description: "The HTTP status of the latest attempt's answer; null without one (a timeout).",
    }),
    error: t.exposeString('error', { nullable: true, description: 'Why the latest attempt failed; null when it did not.' }),
    nextAttemptAt: t.expose('nextAttemptAt', {
      type: 'DateTime',
      nullable: true,
      description: 'When the next attempt is due; null once delivered or failed.',
    }),
    deliveredAt: t.expose('deliveredAt', { type: 'DateTime', nullable: true, description: 'When a 2xx answer came; null until then.' }),
    createdAt: t.expose('createdAt', { type: 'DateTime', description: 'When the event happened (the delivery was recorded with it).' }),
  }),
});

export const Webhook = builder.loadableNode('Webhook', {
  id: { resolve: (webhook) => webhook.id, parse: (id) => Number(id) },
  description: "Where an account's events are sent, signed with the webhook's secret (scope webhooks:manage; your own only).",
  load: (ids: number[], context: Context) =>
    context.services.db.prisma.webhook.findMany({ where: { id: { in: ids }, accountId: viewerIdOrNone(context) }, select: COLUMNS }),
  sort: (webhook: WebhookRow) => webhook.id,
  authScopes: own.onType,
  fields: (t) => ({
    databaseId: t.exposeInt('id', { description: 'The numeric id used by the REST API.', authScopes: own }),
    url: t.expose('url', { type: 'URL', description: 'Where deliveries are POSTed (http or https).', authScopes: own }),
    events: t.exposeStringList('events', { description: 'The event types it receives.', authScopes: own }),
    description: t.exposeString('description', { nullable: true, description: 'Your note on what it is for.', authScopes: own }),
    active: t.exposeBoolean('active', { description: 'False: no new deliveries are recorded for it.', authScopes: own }),
    createdAt: t.expose('createdAt', { type: 'DateTime', description: 'When it was created.', authScopes: own }),
    deliveries: t.connection(
      {
        type: WebhookDelivery,
        description: 'Its delivery log, newest first.',
        authScopes: own,
        args: offsetArgument(),
        resolve: (webhook, args, context) => {
          const where = { webhookId: webhook.id };
          const deliveries = context.services.db.prisma.webhookDelivery;
          return loadPage(
            args,
            (page) => deliveries.findMany({ ...page, where, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }] }) as Promise<DeliveryRow[]>,
            () => deliveries.count({ where }),
          );
        },
      },
      { ...withTotalCount, description: "A page of a webhook's deliveries." },
      { description: 'A delivery in the log of a webhook.' },
    ),
  }),
});

builder.objectField(Account, 'webhooks', (t) =>
  t.field({
    type: [Webhook],
    description: 'Your webhooks, oldest first (scope webhooks:manage; your own account only).',
    authScopes: ownedWith('webhooks:manage'),
    resolve: (account, _args, context) =>
      context.services.db.prisma.webhook.findMany({ where: { accountId: account.id }, orderBy: { id: 'asc' }, select: COLUMNS }),
  }),
);

/** The engine's problems, as one BAD_USER_INPUT naming every bad field. */
function refuse(problems: InputProblem[]): never {
  throw validationError(problems.map((problem) => ({ path: [problem.field], message: problem.reason })));
}

const rulesOf = (context: Context) => ({ allowPrivateTargets: context.services.config.WEBHOOKS_ALLOW_PRIVATE_TARGETS });
const EVENTS_DESCRIPTION = `One or more of: ${WEBHOOK_EVENT_TYPES.join(', ')}.`;

// The input urls stay String: every problem of a webhook is reported at once, the SSRF
// rules' reasons included (src/webhooks/target-url.ts), which a URL scalar's refusal,
// coming alone while the variables are read, would not do.
const CreateWebhookInput = builder.inputType('CreateWebhookInput', {
  description: 'A new webhook. Every field is checked and every problem reported at once.',
  fields: (t) => ({
    url: t.string({ required: true, description: 'http(s) URL; private, loopback and link-local addresses are refused.' }),
    events: t.stringList({ required: true, description: EVENTS_DESCRIPTION, ...atMost(WEBHOOK_EVENT_TYPES.length) }),
    description: t.string({ required: false, description: 'One line, at most 200 characters.' }),
    secret: t.string({ required: false, description: 'Your own signing secret; one is generated when absent (recommended).' }),
  }),
});

const UpdateWebhookInput = builder.inputType('UpdateWebhookInput', {
  description: 'What changes on a webhook: only the fields sent.',
  fields: (t) => ({
    id: t.globalID({ for: [Webhook], required: true, description: 'The global id of one of your webhooks.' }),
    url: t.string({ required: false, description: 'A new target URL (the same rules as on creation).' }),
    events: t.stringList({ required: false, description: EVENTS_DESCRIPTION, ...atMost(WEBHOOK_EVENT_TYPES.length) }),
    description: t.string({ required: false, description: 'A new note; null clears it.' }),
    active: t.boolean({ required: false, description: 'False pauses it: no new deliveries are recorded.' }),
  }),
});

const CreateWebhookPayload = builder.objectRef<{ webhook: WebhookRow; secret: string }>('CreateWebhookPayload').implement({
  description: 'The webhook created, and its secret.',
  fields: (t) => ({
    webhook: t.field({ type: Webhook, description: 'The new webhook.', authScopes: MANAGE, resolve: ({ webhook }) => webhook }),
    secret: t.exposeString('secret', { description: 'The signing secret. It is shown this once: store it now.', authScopes: MANAGE }),
  }),
});
const UpdateWebhookPayload = builder.objectRef<WebhookRow>('UpdateWebhookPayload').implement({
  description: 'The webhook changed.',
  fields: (t) => ({ webhook: t.field({ type: Webhook, description: 'The webhook as it is now.', authScopes: MANAGE, resolve: (row) => row }) }),
});
const DeleteWebhookPayload = builder.objectRef<{ id: string }>('DeleteWebhookPayload').implement({
  description: 'The webhook deleted, with its delivery log.',
  fields: (t) => ({ deletedWebhookId: t.exposeID('id', { description: 'The global id it had.', authScopes: MANAGE }) }),
});
const TestWebhookPayload = builder
  .objectRef<{ delivered: boolean; responseStatus: number | null; error: string | null; durationMs: number }>('TestWebhookPayload')
  .implement({
    description: 'What the receiver answered to a webhook.test event sent at once (recorded in the delivery log too).',
    fields: (t) => ({
      delivered: t.exposeBoolean('delivered', { description: 'True when the receiver answered 2xx.', authScopes: MANAGE }),
      responseStatus: t.exposeInt('responseStatus', {
        nullable: true,
        description: 'The HTTP status it answered; null without an answer.',
        authScopes: MANAGE,
      }),
      error: t.exposeString('error', { nullable: true, description: 'Why it failed; null when it did not.', authScopes: MANAGE }),
      durationMs: t.exposeInt('durationMs', { description: 'How long the attempt took.', authScopes: MANAGE }),
    }),
  });

async function ownWebhook(context: Context, id: number): Promise<WebhookRow> {
  const row = await context.services.db.prisma.webhook.findFirst({ where: { id, accountId: viewerIdOrNone(context) }, select: COLUMNS });
  if (!row) throw notFound('Webhook');
  return row;
}

const webhookId = (id: { id: number | string }) => Number(id.id);
const optional = <T>(value: T | null | undefined) => (value === null ? undefined : value);

builder.mutationFields((t) => ({
  createWebhook: t.field({
    type: CreateWebhookPayload,
    description:
      'Creates a webhook. Its secret is returned this once and stored only encrypted. An account keeps at most WEBHOOKS_PER_ACCOUNT webhooks (20 by default): one more is CONFLICT.',
    authScopes: MANAGE,
    args: { input: t.arg({ type: CreateWebhookInput, required: true, description: 'Where to send which events.' }) },
    resolve: async (_root, { input }, context) => {
      const prisma = context.services.db.prisma;
      const fields = { url: input.url, events: input.events, description: input.description, secret: optional(input.secret) };
      const created = await createWebhook(prisma, context.viewer!.accountId, fields, {
        ...rulesOf(context),
        appSecret: context.services.config.APP_SECRET!,
        perAccount: context.services.config.WEBHOOKS_PER_ACCOUNT,
      });
      if (!created.ok) refuse(created.problems);
      return { webhook: await ownWebhook(context, created.webhookId), secret: created.secret };
    },
  }),
  updateWebhook: t.field({
    type: UpdateWebhookPayload,
    description: 'Changes a webhook: only the fields sent.',
    authScopes: MANAGE,
    args: { input: t.arg({ type: UpdateWebhookInput, required: true, description: 'The webhook and what changes.' }) },
    resolve: async (_root, { input }, context) => {
      const existing = await ownWebhook(context, webhookId(input.id));
      const change: WebhookInput = { url: optional(input.url), events: optional(input.events), description: input.description };
      const problems = await checkWebhookInput(change, rulesOf(context));
      if (problems.length) refuse(problems);
      return context.services.db.prisma.webhook.update({
        where: { id: existing.id },
        data: {
          url: change.url,
          events: change.events ? [...change.events] : undefined,
          description: input.description,
          active: optional(input.active),
        },
        select: COLUMNS,
      });
    },
  }),
  deleteWebhook: t.field({
    type: DeleteWebhookPayload,
    description: 'Deletes a webhook and its delivery log; deliveries still pending are not sent.',
    authScopes: MANAGE,
    args: { id: t.arg.globalID({ for: [Webhook], required: true, description: 'The global id of one of your webhooks.' }) },
    resolve: async (_root, args, context) => {
      const existing = await ownWebhook(context, webhookId(args.id));
      await context.services.db.prisma.webhook.delete({ where: { id: existing.id } });
      return { id: encodeGlobalID('Webhook', existing.id) };
    },
  }),
  testWebhook: t.field({
    type: TestWebhookPayload,
    description: 'Sends a signed webhook.test event to the webhook now and answers what the receiver said.',
    authScopes: MANAGE,
    args: { id: t.arg.globalID({ for: [Webhook], required: true, description: 'The global id of one of your webhooks.' }) },
    resolve: async (_root, args, context) => {
      const existing = await ownWebhook(context, webhookId(args.id));
      const prisma = context.services.db.prisma;
      const target = await prisma.webhook.findUniqueOrThrow({ where: { id: existing.id }, select: { id: true, url: true, secretCiphertext: true } });
      return sendTest(prisma, target, { ...rulesOf(context), appSecret: context.services.config.APP_SECRET! });
    },
  }),
}));

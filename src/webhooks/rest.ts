// Webhooks over REST (004_…, v1 envelope; scope webhooks:manage, your own webhooks only):
// the twins of viewer.webhooks, createWebhook, updateWebhook, deleteWebhook, testWebhook
// and Webhook.deliveries. Another account's webhook id answers 404, as an unknown one.
//
// The secret (yours, or one generated when you send none) is in the answer to POST only;
// no other answer ever holds it. The list is a v1 list (page/per_page or cursor) over
// viewer.webhooks, which an account keeps short: the page is cut from the one answer.
import { encodeGlobalID } from '@pothos/plugin-relay';
import { graphql } from '../generated/gql';
import type { RestWebhookFragment } from '../generated/gql/graphql';
import { v1Data, v1List } from '../rest/envelopes';
import { badParameter, notFound } from '../rest/errors';
import { type Connection, listReply, type ListSpec, ofNode, type PageWindow } from '../rest/lists';
import { idParameter, parseBody } from '../rest/params';
import { Id } from '../rest/registry';
import { route, type RestInput } from '../rest/route';
import { TEST_EVENT_TYPE } from './events';
import {
  Webhook,
  CreatedWebhook,
  Delivery,
  TestResult,
  webhook,
  delivery,
  CreateBody,
  UpdateBody,
  CreateBodyDoc,
  UpdateBodyDoc,
} from './rest-shapes';

const WebhooksQuery = graphql(`
  query RestWebhooks {
    viewer { webhooks { ...RestWebhook } }
  }
`);

const CreateWebhook = graphql(`
  mutation RestCreateWebhook($input: CreateWebhookInput!) {
    createWebhook(input: $input) { secret webhook { ...RestWebhook } }
  }
`);

const UpdateWebhook = graphql(`
  mutation RestUpdateWebhook($input: UpdateWebhookInput!) {
    updateWebhook(input: $input) { webhook { ...RestWebhook } }
  }
`);

const DeleteWebhook = graphql(`
  mutation RestDeleteWebhook($id: ID!) {
    deleteWebhook(id: $id) { deletedWebhookId }
  }
`);

const TestWebhook = graphql(`
  mutation RestTestWebhook($id: ID!) {
    testWebhook(id: $id) { delivered responseStatus error durationMs }
  }
`);

const DeliveriesQuery = graphql(`
  query RestWebhookDeliveries($id: ID!, $first: Int, $after: String, $last: Int, $before: String, $offset: Int) {
    node(id: $id) {
      __typename
      ... on Webhook {
        deliveries(first: $first, after: $after, last: $last, before: $before, offset: $offset) {
          totalCount
          pageInfo { ...RestPageInfo }
          edges { node { ...RestWebhookDelivery } }
        }
      }
    }
  }
`);

// ─── The list: pages cut from viewer.webhooks ────────────────────────────────────────

const webhooksList: ListSpec = { sorts: [{ key: 'created_at' }, { key: '-created_at' }] };
const deliveriesList: ListSpec = { sorts: [{ key: '-created_at' }] };

/** One page of an in-memory list as a connection (cursor: the webhook's id). */
function pageOf(rows: RestWebhookFragment[], window: PageWindow, descending: boolean): Connection<RestWebhookFragment> {
  let start = window.offset ?? 0;
  if (window.after !== null) {
    if (!/^\d{1,10}$/.test(window.after)) throw badParameter('cursor', 'is not a cursor this API issued');
    const after = Number(window.after);
    const index = rows.findIndex((row) => (descending ? row.databaseId < after : row.databaseId > after));
    start = index < 0 ? rows.length : index;
  }
  const size = window.first ?? 20;
  const page = rows.slice(start, start + size);
  return {
    totalCount: rows.length,
    pageInfo: {
      hasNextPage: start + size < rows.length,
      hasPreviousPage: start > 0,
      startCursor: page[0] ? String(page[0].databaseId) : null,
      endCursor: page.at(-1) ? String(page.at(-1)!.databaseId) : null,
    },
    edges: page,
  };
}

const idParam = { name: 'id', in: 'path' as const, required: true, description: 'The numeric id of one of your webhooks', schema: Id };
const webhookGlobalId = ({ params }: RestInput) => encodeGlobalID('Webhook', idParameter('id', params.id));
const MISSING = 'Webhook not found';
const errors = { 400: 'id is not an id', 404: 'No webhook of yours has this id' };

export const webhookRoutes = [
  route({
    method: 'GET',
    path: '/api/v1/webhooks',
    profile: 'v1',
    summary: 'Your webhooks',
    list: webhooksList,
    operation: WebhooksQuery,
    reply: (data, { list }) => {
      const rows = [...data.viewer!.webhooks!];
      const descending = list.sort.key === '-created_at';
      if (descending) rows.reverse();
      return listReply(list, pageOf(rows, list.window, descending), webhook);
    },
    docs: {
      description: 'Oldest first by default. Secrets are never shown (only when a webhook is created).',
      response: { description: 'A page of your webhooks', schema: v1List('WebhookList', Webhook) },
    },
  }),
  route({
    method: 'POST',
    path: '/api/v1/webhooks',
    profile: 'v1',
    summary: 'Create a webhook (its secret is shown this once)',
    operation: CreateWebhook,
    variables: ({ body }) => {
      const { url, events, secret, description } = parseBody(CreateBody, body);
      return { input: { url, events, ...(secret !== undefined && { secret }), ...(description !== undefined && { description }) } };
    },
    reply: ({ createWebhook: created }) => ({
      status: 201,
      body: { status: 'success', data: { ...webhook(created.webhook), secret: created.secret } },
    }),
    docs: {
      description:
        'The signing secret (yours, or a generated whsec_… when you send none) is in this answer only: it is stored encrypted and ' +
        'never shown again. Every bad field is checked; the first one is in `details`, all of them in `msg`.',
      body: { description: 'Where to send which events', schema: CreateBodyDoc, required: true },
      response: { status: 201, description: 'The webhook, with its secret', schema: v1Data('CreatedWebhookResponse', CreatedWebhook) },
      errors: {
        400: 'A missing or bad url, events, secret or description (details name it)',
        409: 'You already keep the most webhooks an account may (WEBHOOKS_PER_ACCOUNT, 20 by default): delete one first',
      },
    },
  }),
  route({
    method: 'PATCH',
    path: '/api/v1/webhooks/:id',
    profile: 'v1',
    summary: 'Change a webhook: only the fields sent',
    operation: UpdateWebhook,
    variables: (input) => {
      const id = webhookGlobalId(input);
      const change = parseBody(UpdateBody, input.body);
      return { input: { id, ...change } };
    },
    reply: ({ updateWebhook: updated }) => ({ body: { status: 'success', data: webhook(updated.webhook) } }),
    docs: {
      parameters: [idParam],
      body: { description: 'What changes', schema: UpdateBodyDoc, required: true },
      response: { description: 'The webhook as it is now', schema: v1Data('WebhookResponse', Webhook) },
      errors: { ...errors, 400: 'id is not an id, or a bad url, events, description or active (details name it)' },
    },
  }),
  route({
    method: 'POST',
    path: '/api/v1/webhooks/:id/test',
    profile: 'v1',
    summary: `Send a ${TEST_EVENT_TYPE} event to a webhook now`,
    operation: TestWebhook,
    variables: (input) => ({ id: webhookGlobalId(input) }),
    reply: ({ testWebhook: sent }) => ({
      body: {
        status: 'success',
        data: { delivered: sent.delivered, response_code: sent.responseStatus ?? null, error: sent.error ?? null, duration_ms: sent.durationMs },
      },
    }),
    docs: {
      description: 'Signed like every delivery, sent at once and never retried; recorded in the delivery log too. 200 whatever the receiver said.',
      parameters: [idParam],
      response: { description: 'What the receiver answered', schema: v1Data('WebhookTestResponse', TestResult) },
      errors,
    },
  }),
  route({
    method: 'GET',
    path: '/api/v1/webhooks/:id/deliveries',
    profile: 'v1',
    summary: "A webhook's delivery log",
    list: deliveriesList,
    operation: DeliveriesQuery,
    variables: (input) => ({ id: webhookGlobalId(input), ...input.list.window }),
    reply: (data, { list }) => {
      if (data.node?.__typename !== 'Webhook') throw notFound(MISSING);
      return listReply(list, data.node.deliveries!, ofNode(delivery));
    },
    docs: {
      description: 'Newest first: each event with its status, attempts, the latest answer code and when the next attempt is due.',
      parameters: [idParam],
      response: { description: 'A page of deliveries', schema: v1List('WebhookDeliveryList', Delivery) },
      errors: { ...errors, 400: 'id is not an id, or a bad page, per_page or cursor' },
    },
  }),
  // Last of the webhook routes: the route-scope test sends them in this order to one webhook.
  route({
    method: 'DELETE',
    path: '/api/v1/webhooks/:id',
    profile: 'v1',
    summary: 'Delete a webhook and its delivery log',
    operation: DeleteWebhook,
    variables: (input) => ({ id: webhookGlobalId(input) }),
    reply: () => ({ status: 204 }),
    docs: {
      description: 'Deliveries still pending are not sent.',
      parameters: [idParam],
      response: { status: 204, description: 'Deleted' },
      errors,
    },
  }),
];

// The events a webhook can subscribe to, in one place: their names, who receives them,
// and the shape of their `data`. docs/webhooks.md documents the same list for integrators.

/** Every event type, with the line shown to integrators. The account named says whose webhooks receive it. */
export const WEBHOOK_EVENTS = {
  'purchase.created': "Someone bought one of the account's items (sent to the item's author).",
  'purchase.refunded': "A purchase of one of the account's items was refunded (sent to the item's author).",
  'item.published': "One of the account's items became visible in the catalog (sent to its author).",
  'item.updated': "One of the account's published items changed: name, description, prices, media or tags (sent to its author).",
  'item.version_published': "A new version of one of the account's items was released (sent to its author).",
  'download.issued': 'The account was given a download link for an item it bought, or a free one (sent to the buyer).',
} as const satisfies Record<string, string>;

export type WebhookEventType = keyof typeof WEBHOOK_EVENTS;

export const WEBHOOK_EVENT_TYPES = Object.keys(WEBHOOK_EVENTS) as WebhookEventType[];

/** Not subscribable: what `sendTest` sends (POST /webhooks/{id}/test). */
export const TEST_EVENT_TYPE = 'webhook.test';

// ─── The `data` of each event (JSON: snake_case, money in integer cents, dates ISO 8601 UTC) ───

export interface MoneyData {
  cents: number;
  currency: string;
}

export interface ItemData {
  id: number;
  slug: string;
  name: string;
}

export interface WebhookEventData {
  'purchase.created': {
    purchase_code: string;
    license_type: 'regular' | 'extended';
    price: MoneyData;
    author_earnings: MoneyData;
    item: ItemData;
    buyer: { username: string };
    purchased_at: string;
  };
  'purchase.refunded': {
    purchase_code: string;
    item: ItemData;
    refunded: MoneyData;
    refunded_at: string;
  };
  'item.published': {
    item: ItemData & { type: string; version: string | null };
    published_at: string;
  };
  'item.updated': {
    item: ItemData;
    /** Names of the fields that changed, e.g. ["name", "regular_price"]. */
    changed: string[];
    updated_at: string;
  };
  'item.version_published': {
    item: ItemData;
    version: string;
    changelog: string;
    released_at: string;
  };
  'download.issued': {
    /** Null for a free item downloaded without a purchase. */
    purchase_code: string | null;
    item: ItemData;
    version: string;
    expires_at: string;
  };
}

/** What every delivery's body holds (the body is this object as JSON). */
export interface WebhookEventBody<T extends string = string, D = unknown> {
  /** The event's id (a UUID): the same on every attempt and for every webhook the event goes to. */
  id: string;
  type: T;
  /** When the event happened (ISO 8601, UTC). */
  created_at: string;
  data: D;
}

export function isWebhookEvent(value: string): value is WebhookEventType {
  return Object.hasOwn(WEBHOOK_EVENTS, value);
}

/**
 * Checks a subscription list: at least one event, each one known, none twice. Returns the
 * reason (for a BAD_USER_INPUT naming `events`), or null when the list is fine.
 */
export function checkEventList(events: readonly string[]): string | null {
  if (events.length === 0) return `must name at least one event (${WEBHOOK_EVENT_TYPES.join(', ')})`;
  const unknown = events.filter((event) => !isWebhookEvent(event));
  if (unknown.length > 0) {
    return `unknown event ${unknown.map((event) => JSON.stringify(event)).join(', ')}; known: ${WEBHOOK_EVENT_TYPES.join(', ')}`;
  }
  if (new Set(events).size !== events.length) return 'names an event twice';
  return null;
}

// Demo workspaces (one per author, with a member or two) and one author's webhook with a
// short delivery log: a failed attempt, its successful retry, and a first-time success.
import type { WorkspaceRole } from '../../generated/prisma/client';
import { JOHNDOE, type AccountSeed } from './accounts';
import { addDays, addMinutes, maxDate } from './dates';
import type { PurchaseSeed } from './purchases';
import type { Random } from './random';

export interface WorkspaceSeed {
  slug: string;
  name: string;
  ownerUsername: string;
  createdAt: Date;
  members: { username: string; role: WorkspaceRole; joinedAt: Date }[];
}

export interface WebhookDeliverySeed {
  event: string;
  /** The sale the event is about: its payload (saleEvent) is written from it, dates included. */
  sale: PurchaseSeed;
  attempt: number;
  responseStatus: number | null;
  success: boolean;
  durationMs: number | null;
  error: string | null;
  createdAt: Date;
}

export interface WebhookSeed {
  ownerUsername: string;
  url: string;
  events: string[];
  secret: string;
  createdAt: Date;
  deliveries: WebhookDeliverySeed[];
}

/** Who else works in each author's workspace (the owner is always its OWNER member). */
const WORKSPACE_MEMBERS: Record<string, readonly (readonly [string, WorkspaceRole])[]> = {
  pixelforge: [
    ['codecraft', 'ADMIN'],
    [JOHNDOE.username, 'MEMBER'],
  ],
  codecraft: [['pixelforge', 'MEMBER']],
  soundwave: [['framelight', 'ADMIN']],
  framelight: [
    ['soundwave', 'MEMBER'],
    [JOHNDOE.username, 'MEMBER'],
  ],
};

export function buildWorkspaces(random: Random, authors: readonly AccountSeed[], accounts: readonly AccountSeed[]): WorkspaceSeed[] {
  const byName = new Map(accounts.map((account) => [account.username, account]));
  return authors.map((owner) => {
    const createdAt = addDays(owner.registeredAt, random.int(3, 30));
    const others = (WORKSPACE_MEMBERS[owner.username] ?? []).map(([username, role]) => {
      const member = byName.get(username);
      if (!member) throw new Error(`unknown demo workspace member ${username}`);
      return { username, role, joinedAt: addDays(maxDate(createdAt, member.registeredAt), random.int(1, 60)) };
    });
    return {
      slug: `${owner.username}-studio`,
      name: `${owner.profileHeading ?? owner.username} Studio`,
      ownerUsername: owner.username,
      createdAt,
      members: [{ username: owner.username, role: 'OWNER' as const, joinedAt: createdAt }, ...others],
    };
  });
}

/** The body of a delivery about a sale. */
export function saleEvent(sale: PurchaseSeed): Record<string, unknown> {
  return {
    event: 'purchase.created',
    data: {
      purchase_code: sale.code,
      license_type: sale.licenseType,
      price: sale.pricePaidCents / 100,
      currency: 'USD',
      item: { slug: sale.item.slug, name: sale.item.name },
      date: sale.purchasedAt.toISOString(),
    },
  };
}

/** A webhook for `owner`, whose log shows the delivery of its two latest sales. */
export function buildWebhook(random: Random, owner: AccountSeed, purchases: readonly PurchaseSeed[]): WebhookSeed {
  const sales = purchases.filter((p) => p.item.authorUsername === owner.username).slice(-2);
  const deliveries: WebhookDeliverySeed[] = [];
  const [first, second] = sales;
  if (first) {
    const at = addMinutes(first.purchasedAt, 1);
    deliveries.push(
      {
        event: 'purchase.created',
        sale: first,
        attempt: 1,
        responseStatus: 503,
        success: false,
        durationMs: 1200,
        error: 'HTTP 503 Service Unavailable',
        createdAt: at,
      },
      {
        event: 'purchase.created',
        sale: first,
        attempt: 2,
        responseStatus: 200,
        success: true,
        durationMs: 84,
        error: null,
        createdAt: addMinutes(at, 1),
      },
    );
  }
  if (second) {
    deliveries.push({
      event: 'purchase.created',
      sale: second,
      attempt: 1,
      responseStatus: 200,
      success: true,
      durationMs: 97,
      error: null,
      createdAt: addMinutes(second.purchasedAt, 1),
    });
  }
  return {
    ownerUsername: owner.username,
    url: `https://hooks.example.com/${owner.username}/marketplace`,
    events: ['purchase.created', 'purchase.refunded'],
    secret: `whsec_${random.hex(32)}`,
    createdAt: addDays(owner.registeredAt, 30),
    deliveries,
  };
}

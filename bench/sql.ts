// The hand-written statements of the raw floors: one statement per request, answering
// exactly what the gateway answers (the same rows, in the same order).

/**
 * Request 1: the token's buyer's newest purchases with item, author and category. The
 * token check (hash, not revoked, not expired, scope) is part of the same statement: no
 * row means the token is refused; one row with a null code means no purchases.
 */
export const FLOOR_PURCHASES_SQL = `
SELECT x.code, x.item_name, x.regular_price_cents, x.username, x.category_name
  FROM personal_access_tokens t
  LEFT JOIN LATERAL (
        SELECT p.id, p.purchased_at, p.code, i.name AS item_name, i.regular_price_cents, a.username, c.name AS category_name
          FROM purchases p
          JOIN items i ON i.id = p.item_id
          JOIN accounts a ON a.id = i.author_id
          JOIN categories c ON c.id = i.category_id
         WHERE p.buyer_id = t.account_id
         ORDER BY p.purchased_at DESC, p.id DESC
         LIMIT $2
       ) x ON true
 WHERE t.token_hash = $1
   AND t.revoked_at IS NULL
   AND (t.expires_at IS NULL OR t.expires_at > now())
   AND 'purchase:list' = ANY (t.scopes)
 ORDER BY x.purchased_at DESC, x.id DESC`;

/** Request 3: listed items of one category, newest first, with author and category. */
export const FLOOR_CATALOG_SQL = `
SELECT i.id, i.name, i.regular_price_cents, a.username, c.name AS category_name
  FROM items i
  JOIN categories c ON c.id = i.category_id
  JOIN accounts a ON a.id = i.author_id
 WHERE c.slug = $1
   AND i.status = 'PUBLISHED'
 ORDER BY i.published_at DESC, i.id DESC
 LIMIT $2`;

/** The GraphQL documents the gateway targets send. */
export const GRAPHQL_PURCHASES = `query BenchPurchases($first: Int!) {
  viewer {
    purchases(first: $first) {
      edges { node { code item { name price { regular { amount } } author { username } category { name } } } }
    }
  }
}`;

export const GRAPHQL_CATALOG = `query BenchCatalog($category: String!, $first: Int!) {
  items(first: $first, filter: { category: $category }, sort: NEWEST) {
    edges { node { databaseId name price { regular { amount } } author { username } category { name } } }
  }
}`;

/** 1999 → "19.99" (cents are never negative here). */
export function amount(cents: number): string {
  return `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`;
}

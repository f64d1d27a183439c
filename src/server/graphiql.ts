// GraphiQL as the gateway serves it: a static page (assets from the gateway itself, no
// CDN, so it works on closed networks) that opens on a query running against the demo
// data. The page never executes anything on the server: the browser sends its queries to
// /graphql like any client, through admission. It is 9 MB of HTML and scripts, rendered
// and compressed once per process on its first visit, and served with an ETag, so
// repeated visits cost a 304.
import { createHash } from 'node:crypto';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';

export const GRAPHIQL_DEFAULT_QUERY = `# Welcome to the marketplace gateway.
#
# The catalog is public. For your own account, purchases or sales, paste a
# personal access token (or a session access token from the login mutation)
# into the Headers tab below:
#
#   { "Authorization": "Bearer mpg_pat_..." }
#
# Then try:  query { viewer { username balance { amount currency } } }

query Catalog {
  items(first: 5, sort: NEWEST) {
    totalCount
    edges {
      node {
        name
        slug
        type
        price { regular { amount currency } }
        author { username }
        category { name }
      }
    }
  }
}
`;

export const graphiqlOptions = {
  title: 'Marketplace Gateway · GraphiQL',
  defaultQuery: GRAPHIQL_DEFAULT_QUERY,
  headers: '{}',
  // The headers survive reloads and new browser tabs (kept in this browser's localStorage);
  // GraphiQL tabs opened with "+" keep the Authorization header too (see withAuthorizationInNewTabs).
  shouldPersistHeaders: true,
};

/**
 * GraphiQL (5.x, bundled by @graphql-yoga/render-graphiql) opens every new tab with the
 * fixed `defaultHeaders`, and has no prop to derive them from the tab the user is in: an
 * analyst who pasted a token would paste it again in every tab. Its `addTab` action is
 * patched in the bundle so that a new tab starts with the active tab's Authorization header
 * (that header only, whatever its case; any other header, or headers that are not valid
 * JSON, give the defaults as before). The pattern is from the pinned version: when an
 * upgrade changes it, the page is served unpatched and the browser test
 * (test/server/graphiql.test.ts) fails, naming this.
 */
export const GRAPHIQL_ADD_TAB = 'const d=s({tabs:l,activeTabIndex:u}),h={tabs:[...d.tabs,kbe({headers:o})],activeTabIndex:d.tabs.length}';
const NEW_TAB_HEADERS =
  '((t,f)=>{try{const j=JSON.parse(t||"{}"),k=j&&typeof j=="object"&&!Array.isArray(j)&&Object.keys(j).find(x=>x.toLowerCase()=="authorization");' +
  'return k&&typeof j[k]=="string"?JSON.stringify({[k]:j[k]},null,2):f}catch{return f}})(d.tabs[u]?.headers,o)';
const PATCHED_ADD_TAB = GRAPHIQL_ADD_TAB.replace('kbe({headers:o})', `kbe({headers:${NEW_TAB_HEADERS}})`);

export function withAuthorizationInNewTabs(html: string): { html: string; patched: boolean } {
  if (html.split(GRAPHIQL_ADD_TAB).length !== 2) return { html, patched: false };
  return { html: html.replace(GRAPHIQL_ADD_TAB, () => PATCHED_ADD_TAB), patched: true };
}

interface Page {
  etag: string;
  gzip: Uint8Array<ArrayBuffer>;
  brotli: Uint8Array<ArrayBuffer>;
}

let page: Promise<Page> | undefined;

async function build(): Promise<Page> {
  // Imported on the first visit, not at start: the bundle is a 9 MB module that holds
  // ≈ 78 MB of RSS once loaded, which a process nobody opens GraphiQL on never pays.
  const { renderGraphiQL } = await import('@graphql-yoga/render-graphiql');
  const html = Buffer.from(withAuthorizationInNewTabs(renderGraphiQL(graphiqlOptions as never)).html);
  const [gzipped, brotli] = await Promise.all([
    promisify(gzip)(html, { level: 9 }),
    promisify(brotliCompress)(html, { params: { [constants.BROTLI_PARAM_QUALITY]: 7 } }),
  ]);
  const etag = `"${createHash('sha256').update(html).digest('base64url').slice(0, 27)}"`;
  return { etag, gzip: new Uint8Array(gzipped), brotli: new Uint8Array(brotli) };
}

/** Whether a request asks for the page rather than for a GraphQL answer. */
export function wantsGraphiQL(request: Request): boolean {
  return request.method === 'GET' && (request.headers.get('accept') ?? '').includes('text/html');
}

/** The page, compressed as the browser accepts it (every browser accepts gzip). */
export async function graphiqlResponse(request: Request): Promise<Response> {
  page ??= build();
  const { etag, gzip: gzipped, brotli } = await page;
  const headers: Record<string, string> = {
    'content-type': 'text/html; charset=utf-8',
    'cache-control': 'public, max-age=3600',
    etag,
    vary: 'Accept-Encoding',
  };
  if (request.headers.get('if-none-match') === etag) return new Response(null, { status: 304, headers });
  const accepted = request.headers.get('accept-encoding') ?? '';
  if (/\bbr\b/.test(accepted)) return new Response(brotli, { headers: { ...headers, 'content-encoding': 'br' } });
  if (/\bgzip\b/.test(accepted)) return new Response(gzipped, { headers: { ...headers, 'content-encoding': 'gzip' } });
  // Rare (browsers take both): unpack on the way out rather than keep 9 MB around.
  return new Response(new Blob([gzipped]).stream().pipeThrough(new DecompressionStream('gzip')), { headers });
}

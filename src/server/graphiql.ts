// GraphiQL as the gateway serves it: assets from the gateway itself (no CDN, so it works
// on closed networks), opening on a query that runs against the demo data.
import { renderGraphiQL } from '@graphql-yoga/render-graphiql';

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
  shouldPersistHeaders: false,
};

export { renderGraphiQL };

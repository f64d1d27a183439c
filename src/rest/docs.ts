// The REST layer describes itself: GET /api/openapi.json (OpenAPI 3.1, generated from the
// route table) and GET /api/docs, a Swagger UI page whose assets the gateway serves itself
// from the swagger-ui-dist package (no CDN: the gateway runs on closed networks).
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import { notFound } from './errors';
import { openApiDocument } from './openapi';
import type { Route, StaticRoute } from './route';

const require = createRequire(import.meta.url);
const API_VERSION = (require('../../package.json') as { version: string }).version;
const SWAGGER_DIR = dirname(require.resolve('swagger-ui-dist/package.json'));

const PAGE = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <title>Marketplace REST API</title>
    <link rel="stylesheet" href="/api/docs/swagger-ui.css">
    <link rel="icon" type="image/png" href="/api/docs/favicon-32x32.png">
  </head>
  <body>
    <div id="swagger-ui"></div>
    <script src="/api/docs/swagger-ui-bundle.js"></script>
    <script src="/api/docs/init.js"></script>
  </body>
</html>
`;

// validatorUrl: null keeps Swagger UI from sending the document to an outside validator.
const INIT = `window.ui = SwaggerUIBundle({
  url: '/api/openapi.json',
  dom_id: '#swagger-ui',
  deepLinking: true,
  validatorUrl: null,
  presets: [SwaggerUIBundle.presets.apis],
  layout: 'BaseLayout',
});
`;

/** The files the page loads, and nothing else of the package. */
const ASSETS: Record<string, { file?: string; text?: string; type: string }> = {
  'swagger-ui.css': { file: 'swagger-ui.css', type: 'text/css; charset=utf-8' },
  'swagger-ui-bundle.js': { file: 'swagger-ui-bundle.js', type: 'text/javascript; charset=utf-8' },
  'favicon-32x32.png': { file: 'favicon-32x32.png', type: 'image/png' },
  'init.js': { text: INIT, type: 'text/javascript; charset=utf-8' },
};

const assetCache = new Map<string, Uint8Array<ArrayBuffer> | string>();

async function asset(name: string): Promise<Uint8Array<ArrayBuffer> | string> {
  const entry = ASSETS[name]!;
  let content = assetCache.get(name);
  if (content === undefined) {
    content = entry.text ?? new Uint8Array(await readFile(join(SWAGGER_DIR, entry.file!)));
    assetCache.set(name, content);
  }
  return content;
}

/** The docs routes; `routes` gives the whole table (these included) when the document is built. */
export function docsRoutes(routes: () => readonly Route[]): StaticRoute[] {
  let document: string | undefined;
  return [
    {
      method: 'GET',
      path: '/api/openapi.json',
      profile: 'v1',
      summary: 'This API as an OpenAPI 3.1 document',
      public: true,
      docs: { tag: 'docs', response: { description: 'The OpenAPI document', schema: z.record(z.string(), z.unknown()) } },
      async serve() {
        document ??= JSON.stringify(openApiDocument(routes(), API_VERSION));
        return { raw: document, headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-cache' } };
      },
    },
    {
      method: 'GET',
      path: '/api/docs',
      profile: 'v1',
      summary: 'This API as a readable page (Swagger UI, served offline)',
      public: true,
      docs: { tag: 'docs', response: { description: 'An HTML page', schema: z.string(), contentType: 'text/html' } },
      async serve() {
        return { raw: PAGE, headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-cache' } };
      },
    },
    {
      method: 'GET',
      path: '/api/docs/:asset',
      profile: 'v1',
      summary: 'Assets of the docs page',
      public: true,
      docs: {
        tag: 'docs',
        description: 'The files the docs page loads (Swagger UI, served by the gateway itself); no other name answers.',
        parameters: [{ name: 'asset', in: 'path', description: 'The file', schema: z.enum(Object.keys(ASSETS) as [string, ...string[]]) }],
        response: {
          description: 'The file, cached for a day',
          schema: z.string(),
          contentType: [...new Set(Object.values(ASSETS).map((entry) => entry.type.split(';')[0]!))],
        },
        errors: { 404: 'No such asset' },
      },
      async serve({ params }) {
        const entry = Object.hasOwn(ASSETS, params.asset!) ? ASSETS[params.asset!] : undefined;
        if (!entry) throw notFound('Not Found');
        const content = await asset(params.asset!);
        return {
          raw: content,
          headers: { 'content-type': entry.type, 'cache-control': 'public, max-age=86400' },
        };
      },
    },
  ];
}

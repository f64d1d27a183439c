// Your legacy api key over REST (004_…'s "workspace settings", v1 envelope): POST
// /api/v1/users/me/api-key issues it (`createLegacyApiKey`, a session only: a token or a
// key could hand out more than it holds) and DELETE revokes it (`revokeLegacyApiKey`,
// tokens:manage). The key is in the POST's answer only; only its hash is kept.
import { z } from 'zod';
import { graphql } from '../generated/gql';
import { v1Data } from '../rest/envelopes';
import { restDate } from '../rest/format';
import { Count, named } from '../rest/registry';
import { route } from '../rest/route';
import { DateTimeText } from '../rest/shapes';

const CreateApiKey = graphql(`
  mutation RestCreateLegacyApiKey {
    createLegacyApiKey { apiKey prefix createdAt replacedKeys }
  }
`);

const RevokeApiKey = graphql(`
  mutation RestRevokeLegacyApiKey {
    revokeLegacyApiKey { revokedKeys }
  }
`);

const ApiKey = named(
  'LegacyApiKey',
  z.strictObject({
    api_key: z.string().describe('Shown this once: send it as ?api_key= or X-API-Key on the legacy paths'),
    prefix: z.string().describe('Its first characters, to recognise it later'),
    created_at: DateTimeText,
    replaced_keys: Count.describe('Earlier keys of yours this one revoked (one key per account)'),
  }),
  'Your new legacy api key (deprecated).',
  { api_key: 'mpg_key_…', prefix: 'mpg_key_AbCd', created_at: '2024-04-27T12:00:00Z', replaced_keys: 0 },
);

export const apiKeyRoutes = [
  route({
    method: 'POST',
    path: '/api/v1/users/me/api-key',
    profile: 'v1',
    summary: 'Issue your legacy api key (deprecated; replaces the one you had)',
    operation: CreateApiKey,
    reply: ({ createLegacyApiKey: issued }) => ({
      status: 201,
      body: {
        status: 'success',
        data: { api_key: issued.apiKey, prefix: issued.prefix, created_at: restDate(issued.createdAt)!, replaced_keys: issued.replacedKeys },
      },
    }),
    docs: {
      description:
        'The api_key of the legacy paths (001_…), as workspace settings issue it. It holds user:account, items:read, purchase:verify ' +
        'and purchase:list, and is shown in this answer only (only its hash is kept). One key per account: the one you had stops ' +
        'working. A session access token only (POST /api/v1/auth/login): a personal access token or a key is refused with 403.',
      response: { status: 201, description: 'The key, shown this once', schema: v1Data('LegacyApiKeyResponse', ApiKey) },
      errors: { 403: 'Not a session (a token or a key), or legacy keys are turned off' },
    },
  }),
  route({
    method: 'DELETE',
    path: '/api/v1/users/me/api-key',
    profile: 'v1',
    summary: 'Revoke your legacy api key',
    operation: RevokeApiKey,
    reply: () => ({ status: 204 }),
    docs: {
      description: 'Every key of yours stops working at once (CLI-issued ones too). Idempotent: 204 when you had none.',
      response: { status: 204, description: 'Revoked (or there was none)' },
    },
  }),
];

// Version checks in GraphQL (public): `latestVersion(slug)` and `checkVersions(products)`.
// Semantics and choices: src/catalog/versions.ts.
import { builder } from '../graphql/builder';
import { atMost } from '../graphql/validation';
import { enforceRateLimit } from '../limits/enforce';
import { MAX_VERSION_CHECKS, checkVersions, findLatestVersion, type LatestVersionInfo, type VersionCheckResult } from './versions';

const LatestVersion = builder.objectRef<LatestVersionInfo>('LatestVersion').implement({
  description: 'The newest release of an item, for auto-updaters.',
  fields: (t) => ({
    slug: t.exposeString('slug', { description: "The item's slug.", authScopes: { public: true } }),
    version: t.exposeString('version', { description: 'The current version, e.g. "1.2.0".', authScopes: { public: true } }),
    changelog: t.exposeString('changelog', { description: 'What changed in this version.', authScopes: { public: true } }),
    releasedAt: t.expose('releasedAt', { type: 'DateTime', description: 'When this version was published.', authScopes: { public: true } }),
  }),
});

const VersionCheck = builder.objectRef<VersionCheckResult>('VersionCheck').implement({
  description: 'Whether a newer version of one item exists.',
  fields: (t) => ({
    slug: t.exposeString('slug', { description: 'The slug you sent.', authScopes: { public: true } }),
    currentVersion: t.exposeString('currentVersion', { description: 'The version you sent.', authScopes: { public: true } }),
    latestVersion: t.exposeString('latestVersion', {
      nullable: true,
      description: 'The newest version; null when the slug is unknown or the item is not visible to you.',
      authScopes: { public: true },
    }),
    updateAvailable: t.exposeBoolean('updateAvailable', {
      description: 'True when latestVersion is newer than currentVersion by semantic-version order (1.10.0 > 1.9.0).',
      authScopes: { public: true },
    }),
  }),
});

const VersionCheckInput = builder.inputType('VersionCheckInput', {
  description: 'An installed item: its slug and the version installed.',
  fields: (t) => ({
    slug: t.string({ required: true, description: "The item's slug (Item.slug)." }),
    version: t.string({ required: true, description: 'A semantic version such as "1.2.0".' }),
  }),
});

builder.queryFields((t) => ({
  latestVersion: t.field({
    type: LatestVersion,
    nullable: true,
    description: 'The newest release of an item by slug; null when the slug is unknown or the item is not visible to you.',
    authScopes: { public: true },
    args: { slug: t.arg.string({ required: true, description: "The item's slug (Item.slug)." }) },
    resolve: async (_root, args, context) => {
      await enforceRateLimit(context, 'versionChecks');
      return findLatestVersion(context.services.db.prisma, context.viewer, args.slug);
    },
  }),
  checkVersions: t.field({
    type: [VersionCheck],
    description:
      `Checks up to ${MAX_VERSION_CHECKS} installed items for updates at once: one answer per entry, in order. ` +
      'Unknown or hidden slugs answer latestVersion null and updateAvailable false; an invalid version is BAD_USER_INPUT.',
    authScopes: { public: true },
    args: {
      products: t.arg({
        type: [VersionCheckInput],
        required: true,
        ...atMost(MAX_VERSION_CHECKS),
        description: `The installed items: slug and version of each, at most ${MAX_VERSION_CHECKS}.`,
      }),
    },
    resolve: async (_root, args, context) => {
      await enforceRateLimit(context, 'versionChecks');
      return checkVersions(context.services.db.prisma, context.viewer, args.products);
    },
  }),
}));

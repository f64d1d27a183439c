// The URL, EmailAddress and UUID scalars (src/graphql/scalars.ts): the fields that carry
// them, stored values answered byte for byte (compiled and interpreted execution, and the
// REST answers built on them), and bad input refused as BAD_USER_INPUT naming the field,
// as a literal and as a variable, while the REST route for the same input keeps its shape.
import { encodeGlobalID } from '@pothos/plugin-relay';
import { GraphQLError } from 'graphql';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalFileStore } from '../../src/downloads/file-store';
import { EmailAddress, Url, Uuid } from '../../src/graphql/scalars';
import { createGateway, type Gateway } from '../../src/server/app';
import { tokenFor } from '../support/accounts';
import { startTestGateway, type TestGateway } from '../support/gateway';

let t: TestGateway;
let interpreted: Gateway;
/** johndoe: reads and updates his account. */
let john: string;
/** pixelforge, an author: writes and reads his items. */
let author: string;

beforeAll(async () => {
  t = await startTestGateway({ GRAPHQL_JIT: 'true' });
  const config = { ...t.gateway.services.config, GRAPHQL_JIT: false };
  interpreted = createGateway({ config, db: t.db, logger: pino({ level: 'silent' }), fileStore: new LocalFileStore(config.FILES_DIR) });
  john = await tokenFor(t, 'johndoe', ['user:account', 'user:account_update', 'purchase:list']);
  author = await tokenFor(t, 'pixelforge', ['items:write', 'items:read']);
});
afterAll(async () => {
  await interpreted?.close();
  await t?.close();
});

interface Answer {
  status: number;
  data?: Record<string, any> | null;
  errors?: Array<{ message: string; extensions?: Record<string, unknown> }>;
}

/** A GraphQL request to the compiled gateway, or to the interpreted one. */
async function send(query: string, variables: Record<string, unknown> = {}, token?: string, gateway?: Gateway): Promise<Answer> {
  if (!gateway) return (await t.graphql(query, variables as never, { token })) as Answer;
  const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/json' };
  if (token) headers.authorization = `Bearer ${token}`;
  const response = await gateway.fetch(
    new Request('http://gateway.test/graphql', { method: 'POST', headers, body: JSON.stringify({ query, variables }) }),
    {},
  );
  return { status: response.status, ...((await response.json()) as Omit<Answer, 'status'>) };
}

const rest = async (path: string, init: { method?: string; json?: unknown; token?: string } = {}) => {
  const response = await t.request(path, {
    method: init.method ?? 'GET',
    token: init.token,
    ...(init.json !== undefined && { headers: { 'content-type': 'application/json' }, body: JSON.stringify(init.json) }),
  });
  return { status: response.status, body: (await response.json()) as Record<string, any> };
};

/** "URL", "[URL!]!", ... from introspection's nested type. */
interface TypeRef {
  kind: string;
  name: string | null;
  ofType: TypeRef | null;
}
const printed = (type: TypeRef): string =>
  type.kind === 'NON_NULL' ? `${printed(type.ofType!)}!` : type.kind === 'LIST' ? `[${printed(type.ofType!)}]` : type.name!;

const TYPE_REF = 'kind name ofType { kind name ofType { kind name ofType { kind name } } }';

async function fieldTypes(typeName: string): Promise<Record<string, string>> {
  const { data } = await send(
    `query ScalarsFieldTypes($name: String!) { __type(name: $name) { fields { name type { ${TYPE_REF} } args { name type { ${TYPE_REF} } } } inputFields { name type { ${TYPE_REF} } } } }`,
    { name: typeName },
  );
  const type = data!.__type as {
    fields: Array<{ name: string; type: TypeRef; args: Array<{ name: string; type: TypeRef }> }> | null;
    inputFields: Array<{ name: string; type: TypeRef }> | null;
  };
  const entries = [
    ...(type.fields ?? []).flatMap((field) => [
      [field.name, printed(field.type)],
      ...field.args.map((arg) => [`${field.name}(${arg.name})`, printed(arg.type)]),
    ]),
    ...(type.inputFields ?? []).map((field) => [field.name, printed(field.type)]),
  ];
  return Object.fromEntries(entries);
}

describe('the schema', () => {
  it('declares the scalars, with descriptions and where they are specified', async () => {
    const { data } = await send(
      `query ScalarsDeclared { url: __type(name: "URL") { kind description specifiedByURL }
        email: __type(name: "EmailAddress") { kind description specifiedByURL } uuid: __type(name: "UUID") { kind description specifiedByURL } }`,
    );
    expect(data!.url).toMatchObject({ kind: 'SCALAR', specifiedByURL: 'https://url.spec.whatwg.org/#absolute-url-string' });
    expect(data!.email).toMatchObject({ kind: 'SCALAR', specifiedByURL: null });
    expect(data!.uuid).toMatchObject({ kind: 'SCALAR', specifiedByURL: 'https://www.rfc-editor.org/rfc/rfc9562' });
    for (const scalar of Object.values(data!)) expect((scalar as { description: string }).description).toMatch(/stored/);
  });

  it('types URLs, email addresses and purchase codes with them on output', async () => {
    expect(await fieldTypes('Profile')).toMatchObject({ avatarUrl: 'URL', coverUrl: 'URL', contactEmail: 'EmailAddress' });
    expect(await fieldTypes('Account')).toMatchObject({ email: 'EmailAddress' });
    expect(await fieldTypes('QueryAccountsConnectionEdge')).toMatchObject({ email: 'EmailAddress' });
    expect(await fieldTypes('Item')).toMatchObject({ demoUrl: 'URL' });
    expect(await fieldTypes('ItemMedia')).toEqual({
      thumbnail: 'URL',
      previewImage: 'URL',
      previewVideo: 'URL',
      previewAudio: 'URL',
      screenshots: '[URL!]!',
    });
    expect(await fieldTypes('Webhook')).toMatchObject({ url: 'URL' });
    expect(await fieldTypes('DownloadLink')).toMatchObject({ url: 'URL!', version: 'String!' });
    expect(await fieldTypes('Purchase')).toMatchObject({ code: 'UUID' });
    expect(await fieldTypes('LedgerEntry')).toMatchObject({ purchaseCode: 'UUID', reference: 'String' });
  });

  it('types the inputs whose rules they are', async () => {
    expect(await fieldTypes('UpdateProfileInput')).toMatchObject({ avatarUrl: 'URL', coverUrl: 'URL', contactEmail: 'EmailAddress' });
    for (const input of ['CreateItemInput', 'UpdateItemInput']) {
      expect(await fieldTypes(input)).toMatchObject({
        demoUrl: 'URL',
        thumbnailUrl: 'URL',
        previewImageUrl: 'URL',
        previewVideoUrl: 'URL',
        previewAudioUrl: 'URL',
        screenshots: '[URL!]',
      });
    }
  });

  it('keeps String where the documented rules are not the scalar’s', async () => {
    // Login forgives case and blanks; registration and webhooks report every problem at once.
    expect(await fieldTypes('LoginInput')).toMatchObject({ email: 'String!' });
    expect(await fieldTypes('RegisterInput')).toMatchObject({ email: 'String!' });
    expect(await fieldTypes('CreateWebhookInput')).toMatchObject({ url: 'String!' });
    expect(await fieldTypes('UpdateWebhookInput')).toMatchObject({ url: 'String' });
    // Links are answered as they were given (the documents' own are "/").
    expect(await fieldTypes('SocialLink')).toMatchObject({ url: 'String!' });
    expect(await fieldTypes('SocialLinkInput')).toMatchObject({ url: 'String!' });
    // A malformed code answers null like an unknown one; stored versions need not be SemVer.
    expect(await fieldTypes('Query')).toMatchObject({ 'purchase(code)': 'String!', 'verifyPurchase(code)': 'String!' });
    expect(await fieldTypes('Mutation')).toMatchObject({ 'requestDownload(purchaseCode)': 'String' });
    expect(await fieldTypes('ItemVersion')).toMatchObject({ version: 'String!' });
    expect(await fieldTypes('VersionCheckInput')).toMatchObject({ version: 'String!' });
    expect(await fieldTypes('PublishItemVersionInput')).toMatchObject({ version: 'String!' });
  });
});

describe('the scalars themselves', () => {
  it('answer a stored string unchanged, where graphql-scalars would rewrite it', () => {
    for (const text of ['HTTPS://CDN.Example.COM', 'https://cdn.example.com/ä b.png', 'not even a URL']) {
      expect(Url.serialize(text)).toBe(text);
    }
    expect(new URL('HTTPS://CDN.Example.COM').toString()).toBe('https://cdn.example.com/');
    expect(EmailAddress.serialize('Jane.Doe@Example.COM')).toBe('Jane.Doe@Example.COM');
    expect(Uuid.serialize('5f0c2b7e-3a41-4c1e-9d5b-2f7a8e6c1d90')).toBe('5f0c2b7e-3a41-4c1e-9d5b-2f7a8e6c1d90');
    expect(() => Url.serialize(42)).toThrow(GraphQLError);
  });

  it('parse by our rules: trimmed, http(s) only, BAD_USER_INPUT with a reason', () => {
    expect(Url.parseValue('  https://Example.COM  ')).toBe('https://Example.COM');
    expect(EmailAddress.parseValue(' Jane@Example.com ')).toBe('Jane@Example.com');
    const refusal = (parse: () => unknown) => {
      try {
        parse();
      } catch (error) {
        return (error as GraphQLError).extensions;
      }
      throw new Error('accepted');
    };
    expect(refusal(() => Url.parseValue('ftp://example.com/'))).toEqual({ code: 'BAD_USER_INPUT', reason: 'must be an absolute http or https URL' });
    expect(refusal(() => Url.parseValue('https://user:pw@example.com/'))).toMatchObject({ reason: 'must not contain credentials' });
    expect(refusal(() => Url.parseValue(5))).toMatchObject({ reason: 'must be a string' });
    expect(refusal(() => EmailAddress.parseValue('not-an-email'))).toMatchObject({ reason: 'must be an email address' });
    expect(refusal(() => Uuid.parseValue('not-a-uuid'))).toMatchObject({ code: 'BAD_USER_INPUT' });
  });
});

describe('stored values', () => {
  // Accepted as input (kept as sent, trimmed), and rewritten by `new URL(x).toString()`.
  const avatar = 'HTTPS://CDN.Example.COM';
  const cover = 'https://cdn.example.com/covers/jöhn.jpg?size=Large#top';
  const contact = 'Jane.Doe@Example.COM';

  it('come back byte for byte, compiled and interpreted, and over REST', async () => {
    expect(new URL(avatar).toString()).not.toBe(avatar);
    expect(new URL(cover).toString()).not.toBe(cover);
    const written = await send(
      'mutation ScalarsWriteProfile($input: UpdateProfileInput!) { updateProfile(input: $input) { account { email profile { avatarUrl coverUrl contactEmail } } } }',
      { input: { avatarUrl: ` ${avatar} `, coverUrl: cover, contactEmail: ` ${contact}` } },
      john,
    );
    expect(written.errors).toBeUndefined();
    expect(written.data!.updateProfile.account.profile).toEqual({ avatarUrl: avatar, coverUrl: cover, contactEmail: contact });
    const row = await t.db.prisma.account.findUniqueOrThrow({ where: { username: 'johndoe' } });
    expect(row).toMatchObject({ avatarUrl: avatar, coverUrl: cover, contactEmail: contact });

    const query =
      'query ScalarsReadProfile { viewer { email profile { avatarUrl coverUrl contactEmail } purchases(first: 3) { edges { node { code } } } } }';
    const codes = new Set((await t.db.prisma.purchase.findMany({ where: { buyerId: row.id }, select: { code: true } })).map((p) => p.code));
    for (const gateway of [undefined, interpreted]) {
      const { data, errors } = await send(query, {}, john, gateway);
      expect(errors).toBeUndefined();
      expect(data!.viewer.email).toBe(row.email);
      expect(data!.viewer.profile).toEqual({ avatarUrl: avatar, coverUrl: cover, contactEmail: contact });
      const answered = data!.viewer.purchases.edges.map((edge: { node: { code: string } }) => edge.node.code) as string[];
      expect(answered).toHaveLength(3);
      for (const code of answered) expect(codes.has(code), code).toBe(true);
    }
    const me = await rest('/api/v1/users/me', { token: john });
    expect(me.status).toBe(200);
    expect(me.body.data.profile.avatar_url).toBe(avatar);
  });

  it('of items (media, screenshots, demo) come back byte for byte, in GraphQL and REST', async () => {
    const item = await t.db.prisma.item.findFirstOrThrow({ where: { author: { username: 'pixelforge' }, type: { not: 'AUDIO' } } });
    const media = {
      demoUrl: 'https://Demo.Example.com',
      thumbnailUrl: 'https://cdn.example.com/Thumb%20Nail.PNG',
      previewImageUrl: 'http://cdn.example.com:80/preview.jpg',
      screenshots: ['https://cdn.example.com/a/../b.png', 'https://CDN.example.com/ü.png'],
    };
    for (const url of [media.demoUrl, media.previewImageUrl, ...media.screenshots]) expect(new URL(url).toString()).not.toBe(url);
    const id = encodeGlobalID('Item', item.id);
    const updated = await send(
      'mutation ScalarsWriteItem($id: ID!, $input: UpdateItemInput!) { updateItem(id: $id, input: $input) { item { databaseId } } }',
      { id, input: media },
      author,
    );
    expect(updated.errors).toBeUndefined();
    const query = `query ScalarsReadItem($id: Int!) { item(databaseId: $id) { demoUrl media { thumbnail previewImage screenshots } } }`;
    for (const gateway of [undefined, interpreted]) {
      const { data, errors } = await send(query, { id: item.id }, author, gateway);
      expect(errors).toBeUndefined();
      expect(data!.item).toEqual({
        demoUrl: media.demoUrl,
        media: { thumbnail: media.thumbnailUrl, previewImage: media.previewImageUrl, screenshots: media.screenshots },
      });
    }
    const one = await rest(`/api/v1/items/${item.id}`, { token: author });
    expect(one.status).toBe(200);
    expect(one.body.data).toMatchObject({
      demo_link: media.demoUrl,
      media: { thumbnail: media.thumbnailUrl, preview_image: media.previewImageUrl, screenshots: media.screenshots },
    });
  });
});

describe('bad input', () => {
  const UPDATE_PROFILE = 'mutation ScalarsBadProfile($input: UpdateProfileInput!) { updateProfile(input: $input) { account { username } } }';

  /** The first error: 400, BAD_USER_INPUT, naming `field` with `reason`; nothing stands. */
  function expectRefusal(answer: Answer, field: string, reason: string) {
    expect(answer.status, JSON.stringify(answer.errors)).toBe(400);
    expect(answer.data?.updateProfile ?? answer.data?.createItem ?? null).toBeNull();
    const error = answer.errors![0]!;
    expect(error.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field, reason });
    expect(error.message).toContain(field);
    expect(error.message).toContain(reason);
  }

  it('as a variable: the path inside the input, the rule’s reason', async () => {
    const before = await t.db.prisma.account.findUniqueOrThrow({ where: { username: 'johndoe' } });
    const cases: Array<[Record<string, unknown>, string, string]> = [
      [{ avatarUrl: 'ftp://example.com/me.png' }, 'avatarUrl', 'must be an absolute http or https URL'],
      [{ coverUrl: '/relative.jpg' }, 'coverUrl', 'must be an absolute http or https URL'],
      [{ coverUrl: 'https://user:secret@example.com/c.jpg' }, 'coverUrl', 'must not contain credentials'],
      [{ avatarUrl: 42 }, 'avatarUrl', 'must be a string'],
      [{ contactEmail: 'not-an-email' }, 'contactEmail', 'must be an email address'],
      [{ heading: 'Fine', contactEmail: ' @example.com' }, 'contactEmail', 'must be an email address'],
    ];
    for (const [input, field, reason] of cases) {
      for (const gateway of [undefined, interpreted]) expectRefusal(await send(UPDATE_PROFILE, { input }, john, gateway), field, reason);
    }
    const after = await t.db.prisma.account.findUniqueOrThrow({ where: { username: 'johndoe' } });
    expect(after.updatedAt).toEqual(before.updatedAt);
  });

  it('as a literal: where it stands in the document, with the same reason', async () => {
    const literal = (name: string, input: string) => `mutation ScalarsBadLiteral${name} { updateProfile(input: ${input}) { account { username } } }`;
    expectRefusal(
      await send(literal('Scheme', '{ avatarUrl: "javascript:alert(1)" }'), {}, john),
      'avatarUrl',
      'must be an absolute http or https URL',
    );
    expectRefusal(await send(literal('Email', '{ heading: "Fine", contactEmail: "nobody" }'), {}, john), 'contactEmail', 'must be an email address');
    expectRefusal(await send(literal('Number', '{ coverUrl: 12 }'), {}, john), 'coverUrl', 'must be a string');
    const answer = await send(literal('Message', '{ avatarUrl: "nope" }'), {}, john);
    expect(answer.errors![0]!.message).toBe('Invalid avatarUrl: must be an absolute http or https URL');

    // Inside a list, and in a variable's default value.
    const createItem = await send(
      `mutation ScalarsBadScreenshot { createItem(input: { name: "Scalar Theme", type: SCRIPT, category: "themes", regularPrice: "1", extendedPrice: "2",
        screenshots: ["https://cdn.example.com/1.png", "file:///etc/passwd"] }) { item { id } } }`,
      {},
      author,
    );
    expectRefusal(createItem, 'screenshots[1]', 'must be an absolute http or https URL');
    const defaulted = await send(
      'mutation ScalarsBadDefault($input: UpdateProfileInput = { avatarUrl: "nope" }) { updateProfile(input: $input) { account { username } } }',
      {},
      john,
    );
    expectRefusal(defaulted, 'avatarUrl', 'must be an absolute http or https URL');
  });

  it('over REST, the route taking the same input answers in its documented shape', async () => {
    const refused = await rest('/api/v1/users/me', { method: 'PATCH', token: john, json: { profile: { avatar_url: 'ftp://example.com/a.png' } } });
    expect(refused.status).toBe(400);
    expect(refused.body).toMatchObject({
      status: 'error',
      code: 400,
      msg: 'Invalid profile.avatar_url: must be an absolute http or https URL',
      details: { field: 'profile.avatar_url', reason: 'must be an absolute http or https URL' },
    });
    const accepted = await rest('/api/v1/users/me', {
      method: 'PATCH',
      token: john,
      json: { profile: { avatar_url: ' https://Example.COM/me.png ' } },
    });
    expect(accepted.status).toBe(200);
    expect(accepted.body.data.profile.avatar_url).toBe('https://Example.COM/me.png');
  });
});

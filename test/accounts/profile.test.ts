// updateProfile over HTTP: a partial update (only the fields sent change, null clears),
// validation that names the offending field and writes nothing, and the scope it needs.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { graphql } from '../../src/generated/gql';
import { accountId, tokenFor } from '../support/accounts';
import { startTestGateway, type TestGateway, nothingStands } from '../support/gateway';

let t: TestGateway;
let johndoe: number;
/** johndoe, allowed to update and read his account. */
let token: string;

beforeAll(async () => {
  t = await startTestGateway();
  johndoe = await accountId(t, 'johndoe');
  token = await tokenFor(t, 'johndoe', ['user:account_update', 'user:account']);
});
afterAll(() => t.close());

const UpdateProfile = graphql(`
  mutation UpdateProfile($input: UpdateProfileInput!) {
    updateProfile(input: $input) {
      account {
        username
        firstName
        lastName
        email
        profile {
          heading
          description
          contactEmail
          socialLinks { network url }
          avatarUrl
          coverUrl
        }
      }
    }
  }
`);

const stored = () =>
  t.db.prisma.account.findUniqueOrThrow({
    where: { id: johndoe },
    select: {
      firstName: true,
      lastName: true,
      profileHeading: true,
      profileDescription: true,
      contactEmail: true,
      socialLinks: true,
      avatarUrl: true,
      coverUrl: true,
      updatedAt: true,
    },
  });

describe('updateProfile', () => {
  it('changes only the fields sent, clears the ones sent as null, and returns the account', async () => {
    const before = await stored();
    const { data, errors } = await t.graphql(
      UpdateProfile,
      {
        input: {
          lastName: '  Doe-Smith ',
          heading: 'Buyer of fine themes',
          contactEmail: 'John.Doe@Example.com',
          socialLinks: [
            { network: 'GitHub', url: 'https://github.com/johndoe' },
            { network: 'x', url: 'http://x.com/johndoe' },
          ],
          avatarUrl: null,
        },
      },
      { token },
    );
    expect(errors).toBeUndefined();
    expect(data!.updateProfile.account).toEqual({
      username: 'johndoe',
      firstName: 'John',
      lastName: 'Doe-Smith',
      email: 'john.doe@example.com',
      profile: {
        heading: 'Buyer of fine themes',
        description: before.profileDescription,
        contactEmail: 'John.Doe@Example.com',
        socialLinks: expect.arrayContaining([
          { network: 'github', url: 'https://github.com/johndoe' },
          { network: 'x', url: 'http://x.com/johndoe' },
        ]),
        avatarUrl: null,
        coverUrl: before.coverUrl,
      },
    });
    expect(data!.updateProfile.account.profile.socialLinks).toHaveLength(2);

    const after = await stored();
    expect(after).toMatchObject({
      firstName: before.firstName,
      lastName: 'Doe-Smith',
      profileHeading: 'Buyer of fine themes',
      profileDescription: before.profileDescription,
      socialLinks: { github: 'https://github.com/johndoe', x: 'http://x.com/johndoe' },
      avatarUrl: null,
      coverUrl: before.coverUrl,
    });

    // "" clears a text field; [] removes every link; an empty input changes nothing.
    const cleared = await t.graphql(UpdateProfile, { input: { heading: '', socialLinks: [] } }, { token });
    expect(cleared.errors).toBeUndefined();
    expect(cleared.data!.updateProfile.account.profile).toMatchObject({ heading: null, socialLinks: [] });
    const noop = await t.graphql(UpdateProfile, { input: {} }, { token });
    expect(noop.errors).toBeUndefined();
    expect(noop.data!.updateProfile.account.profile.description).toBe(before.profileDescription);
  });

  it('refuses invalid values with BAD_USER_INPUT naming the field, and writes nothing', async () => {
    const before = await stored();
    const links = (n: number) => Array.from({ length: n }, (_, i) => ({ network: `net${i}`, url: `https://example.com/${i}` }));
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ socialLinks: [...links(2), { network: 'blog', url: 'ftp://example.com/me' }] }, 'socialLinks[2].url'],
      [{ socialLinks: [{ network: 'blog', url: 'not a url' }] }, 'socialLinks[0].url'],
      [{ socialLinks: [{ network: 'my network!', url: 'https://example.com' }] }, 'socialLinks[0].network'],
      [{ socialLinks: [{ network: '', url: 'https://example.com' }] }, 'socialLinks[0].network'],
      [{ socialLinks: [{ network: 'x'.repeat(31), url: 'https://example.com' }] }, 'socialLinks[0].network'],
      [{ socialLinks: [...links(1), { network: 'NET0', url: 'https://example.com/again' }] }, 'socialLinks[1].network'],
      [{ socialLinks: links(11) }, 'socialLinks'],
      [{ contactEmail: 'not-an-email' }, 'contactEmail'],
      [{ contactEmail: `${'a'.repeat(250)}@example.com` }, 'contactEmail'],
      [{ avatarUrl: 'javascript:alert(1)' }, 'avatarUrl'],
      [{ coverUrl: 'https://user:secret@example.com/cover.jpg' }, 'coverUrl'],
      [{ coverUrl: `https://example.com/${'a'.repeat(2048)}` }, 'coverUrl'],
      [{ heading: 'h'.repeat(101) }, 'heading'],
      [{ heading: 'two\nlines' }, 'heading'],
      [{ description: 'd'.repeat(5001) }, 'description'],
      [{ firstName: 'f'.repeat(51) }, 'firstName'],
      [{ firstName: null }, 'firstName'],
      [{ lastName: null }, 'lastName'],
      // A valid field next to an invalid one is not written either.
      [{ heading: 'Fine', avatarUrl: '/relative.jpg' }, 'avatarUrl'],
    ];
    for (const [input, field] of cases) {
      const { data, errors } = await t.graphql(UpdateProfile, { input } as never, { token });
      expect(nothingStands(data), field).toBe(true);
      expect(errors![0]!.extensions, JSON.stringify(input).slice(0, 120)).toMatchObject({ code: 'BAD_USER_INPUT', field });
      expect(errors![0]!.message).toContain(field);
    }
    expect(await stored()).toEqual(before);
  });

  it('needs the user:account_update scope', async () => {
    const readOnly = await tokenFor(t, 'johndoe', ['user:account']);
    const before = await stored();
    const { data, errors } = await t.graphql(UpdateProfile, { input: { heading: 'Nope' } }, { token: readOnly });
    expect(nothingStands(data)).toBe(true);
    expect(errors![0]!.extensions).toMatchObject({ code: 'FORBIDDEN', requiredScopes: ['user:account_update'] });
    expect(errors![0]!.message).toContain('user:account_update');

    const anonymous = await t.graphql(UpdateProfile, { input: { heading: 'Nope' } });
    expect(anonymous.errors![0]!.extensions).toMatchObject({ code: 'UNAUTHENTICATED' });
    expect(await stored()).toEqual(before);
  });

  it('updates only the caller’s own account', async () => {
    const author = await tokenFor(t, 'pixelforge', ['user:account_update']);
    const johnBefore = await stored();
    const { data, errors } = await t.graphql(
      graphql(`
        mutation UpdateOwnProfile($input: UpdateProfileInput!) {
          updateProfile(input: $input) { account { username profile { heading } } }
        }
      `),
      { input: { heading: 'Pixel Forge Studio' } },
      { token: author },
    );
    expect(errors).toBeUndefined();
    expect(data!.updateProfile.account).toEqual({ username: 'pixelforge', profile: { heading: 'Pixel Forge Studio' } });
    expect(await stored()).toEqual(johnBefore);
  });
});

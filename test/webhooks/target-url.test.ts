// Where webhooks may point: the SSRF rules, with the system resolver for real names and a
// resolver of the test's own where a name must resolve to something chosen.
import { describe, expect, it } from 'vitest';
import { checkTargetUrl, refusedAddress, type Resolver } from '../../src/webhooks';

const resolverOf =
  (table: Record<string, string[]>): Resolver =>
  async (hostname) => {
    const addresses = table[hostname];
    if (!addresses) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
    return addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
  };

async function reasonFor(url: string, resolve?: Resolver): Promise<string | null> {
  const check = await checkTargetUrl(url, { resolve });
  return check.ok ? null : check.reason;
}

describe('webhook URLs', () => {
  it.each([
    ['http://127.0.0.1/hook', 'a loopback address'],
    ['http://127.1.2.3:8080/hook', 'a loopback address'],
    ['http://2130706433/hook', 'a loopback address'], // 127.0.0.1 written as a number
    ['http://10.0.0.7/hook', 'a private address'],
    ['http://172.20.1.1/hook', 'a private address'],
    ['http://192.168.1.10/hook', 'a private address'],
    ['http://100.64.0.1/hook', 'a carrier-grade NAT (shared) address'],
    ['http://169.254.169.254/latest/meta-data/', 'a cloud metadata address'],
    ['http://169.254.10.1/', 'a link-local address'],
    ['http://0.0.0.0/', 'a "this network" address'],
    ['http://[::1]/hook', 'a loopback address'],
    ['http://[::ffff:127.0.0.1]/hook', 'a loopback address'],
    ['http://[::ffff:10.1.2.3]/hook', 'a private address'],
    ['http://[::ffff:169.254.169.254]/', 'a cloud metadata address'],
    ['http://[fd00:ec2::254]/', 'a cloud metadata address'],
    ['http://[fc00::1]/hook', 'a unique-local address'],
    ['http://[fe80::1]/hook', 'a link-local address'],
    ['http://[64:ff9b::7f00:1]/hook', 'a loopback address'],
    ['http://[2002:a00:1::]/hook', 'a private address'],
    ['http://[::]/hook', 'the unspecified address'],
  ])('refuses %s (%s)', async (url, what) => {
    expect(await reasonFor(url)).toBe(`its host is ${what}; webhooks are only sent to public addresses`);
  });

  it('refuses loopback names before any lookup, and names that resolve to refused addresses', async () => {
    expect(await reasonFor('http://localhost:3000/hook')).toMatch(/loopback name/);
    expect(await reasonFor('http://LOCALHOST./hook')).toMatch(/loopback name/);
    expect(await reasonFor('http://api.localhost/hook')).toMatch(/loopback name/);
    const dns = resolverOf({
      'loopback.example.com': ['127.0.0.1'],
      'mixed.example.com': ['93.184.215.14', '10.0.0.5'],
      'mapped.example.com': ['::ffff:127.0.0.1'],
      'public.example.com': ['93.184.215.14', '2606:2800:21f:cb07:6820:80da:af6b:8b2c'],
    });
    expect(await reasonFor('https://loopback.example.com/hook', dns)).toBe(
      'its host resolves to a loopback address; webhooks are only sent to public addresses',
    );
    // Every address counts, not only the first: the connection might pick another one.
    expect(await reasonFor('https://mixed.example.com/hook', dns)).toMatch(/resolves to a private address/);
    expect(await reasonFor('https://mapped.example.com/hook', dns)).toMatch(/resolves to a loopback address/);
    expect(await reasonFor('https://nowhere.example.com/hook', dns)).toBe('its host nowhere.example.com does not resolve');
    const ok = await checkTargetUrl('https://public.example.com/hooks?x=1', { resolve: dns });
    expect(ok).toMatchObject({ ok: true, host: 'public.example.com', address: '93.184.215.14', family: 4 });
  });

  it('refuses what is not an http(s) URL without credentials', async () => {
    expect(await reasonFor('ftp://example.com/')).toBe('must be an http or https URL');
    expect(await reasonFor('file:///etc/passwd')).toBe('must be an http or https URL');
    expect(await reasonFor('gopher://127.0.0.1:6379/_')).toBe('must be an http or https URL');
    expect(await reasonFor('not a url')).toBe('must be an absolute http or https URL');
    expect(await reasonFor('https://user:pw@example.com/')).toBe('must not hold a user name or password');
    expect(await reasonFor('https://example.com/#x')).toBe('must not have a #fragment');
    expect(await reasonFor(`https://example.com/${'a'.repeat(2100)}`)).toMatch(/at most 2048/);
  });

  it('names the url field, for a BAD_USER_INPUT', async () => {
    expect(await checkTargetUrl('http://127.0.0.1/')).toMatchObject({ ok: false, field: 'url' });
  });

  it('accepts private targets when allowPrivateTargets is set (tests, private networks)', async () => {
    const check = await checkTargetUrl('http://localhost:8080/hook', { allowPrivateTargets: true });
    expect(check.ok).toBe(true);
    expect(await checkTargetUrl('http://[::1]:8080/hook', { allowPrivateTargets: true })).toMatchObject({ ok: true, address: '::1', family: 6 });
    // The scheme rules still hold.
    expect(await checkTargetUrl('ftp://127.0.0.1/', { allowPrivateTargets: true })).toMatchObject({ ok: false });
  });

  it('lets public addresses through', () => {
    for (const address of ['93.184.215.14', '1.1.1.1', '8.8.8.8', '2606:4700::1111', '::ffff:8.8.8.8', '64:ff9b::808:808']) {
      expect(refusedAddress(address), address).toBeNull();
    }
  });
});

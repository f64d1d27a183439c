// GraphiQL in a real browser (headless Chromium): it renders from the gateway's own
// assets with no request leaving the machine, and its default query runs.
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderGraphiQL } from '@graphql-yoga/render-graphiql';
import { GRAPHIQL_DEFAULT_QUERY, graphiqlOptions, withAuthorizationInNewTabs } from '../../src/server/graphiql';
import { tokenFor } from '../support/accounts';
import { launchBrowser, offlinePage } from '../support/browser';
import { startTestGateway, type TestGateway } from '../support/gateway';
import { listen, type Listening } from '../support/http';

/**
 * Replaces what a GraphiQL editor holds with `text`, and checks the editor shows that
 * before going on. The text is inserted whole (typed key by key, it races the editor's
 * bracket completion), and on a busy machine a select-all can land before the editor has
 * focus: the insert then joins what was there (in the query editor, two operations, and
 * the execute button opens an operation menu instead of sending). So: retry until `holds`.
 */
async function replaceEditorText(page: Page, editor: Locator, text: string, holds: (shown: string) => boolean): Promise<void> {
  const shown = async () => (await editor.innerText()).replace(/\u00a0/g, ' ');
  await expect
    .poll(
      async () => {
        if (holds(await shown())) return true;
        await editor.click();
        await page.keyboard.press('Control+A');
        await page.keyboard.press('Delete');
        await page.keyboard.insertText(text);
        return holds(await shown());
      },
      { timeout: 30_000, interval: 500 },
    )
    .toBe(true);
}

/** Opens the headers editor and replaces what it holds with `json`. */
async function pasteHeaders(page: Page, json: string): Promise<void> {
  await page.getByText('Headers', { exact: true }).first().click();
  const editor = page.locator('.graphiql-editor-tool .graphiql-editor').last();
  await replaceEditorText(page, editor, json, (shown) => shown.replace(/\s+/g, ' ').includes(json));
}

/** Replaces the query editor's text with the one operation `query`, none of the default query left. */
async function replaceQuery(page: Page, query: string): Promise<void> {
  const editor = page.locator('.graphiql-query-editor').first();
  await replaceEditorText(page, editor, query, (shown) => shown.includes(query) && !shown.includes('items(') && shown.split('query ').length === 2);
}

let t: TestGateway;
let http: Listening;
let browser: Browser;

beforeAll(async () => {
  t = await startTestGateway();
  http = await listen(t.gateway);
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await http?.close();
  await t?.close();
});

describe('GraphiQL', () => {
  it('renders offline from the gateway and runs its default catalog query', async () => {
    const { page, foreign, pageErrors } = await offlinePage(browser);

    await page.goto(`${http.url}/graphql`, { headers: { accept: 'text/html' } } as never);
    await page.locator('.graphiql-container').first().waitFor({ timeout: 20_000 });
    // The editor opens on the example query.
    // Monaco renders spaces as no-break spaces.
    const editorText = async () => (await page.locator('.graphiql-query-editor').first().innerText()).replace(/\u00a0/g, ' ');
    await expect.poll(editorText, { timeout: 10_000 }).toContain('items(first: 5');

    await page.locator('.graphiql-execute-button').first().click();
    const result = page.locator('.result-window').first();
    await expect.poll(() => result.innerText(), { timeout: 15_000 }).toContain('"totalCount"');
    const text = await result.innerText();
    expect(text).toContain('"author"');
    expect(text).not.toContain('"errors"');

    expect(foreign).toEqual([]);
    expect(pageErrors).toEqual([]);
    expect(GRAPHIQL_DEFAULT_QUERY).toContain('Authorization');
    await page.close();
  });

  it('sends a token pasted into the headers editor', async () => {
    const token = await tokenFor(t, 'johndoe', ['user:account']);
    const page = await browser.newPage();
    const query = encodeURIComponent('query Me { viewer { username email } }');
    await page.goto(`${http.url}/graphql?query=${query}`);
    await page.locator('.graphiql-container').first().waitFor({ timeout: 20_000 });

    await pasteHeaders(page, `{"Authorization": "Bearer ${token}"}`);

    const sent = page.waitForRequest((request) => request.url().endsWith('/graphql') && request.method() === 'POST');
    await page.locator('.graphiql-execute-button').first().click();
    expect((await sent).headers().authorization).toBe(`Bearer ${token}`);
    const result = page.locator('.result-window').first();
    await expect.poll(() => result.innerText(), { timeout: 15_000 }).toContain('john.doe@example.com');

    // The header survives a reload (kept in the browser): an analyst pastes a token once.
    // GraphiQL writes its state to localStorage shortly after an edit: reload once it has.
    await expect
      .poll(() => page.evaluate(() => Object.values(globalThis.localStorage).some((value) => String(value).includes('Bearer'))), { timeout: 15_000 })
      .toBe(true);
    await page.reload();
    await page.locator('.graphiql-container').first().waitFor({ timeout: 20_000 });
    const again = page.waitForRequest((request) => request.url().endsWith('/graphql') && request.method() === 'POST');
    await page.locator('.graphiql-execute-button').first().click();
    expect((await again).headers().authorization).toBe(`Bearer ${token}`);
    await page.close();
  });

  it('keeps the Authorization header in a GraphiQL tab opened with "+"', async () => {
    // The page is patched for this (src/server/graphiql.ts); an upgrade that moves the code fails here first.
    expect(withAuthorizationInNewTabs(renderGraphiQL(graphiqlOptions as never)).patched, 'GRAPHIQL_ADD_TAB no longer matches the bundle').toBe(true);
    const token = await tokenFor(t, 'johndoe', ['user:account']);
    const page = await browser.newPage();
    await page.goto(`${http.url}/graphql?query=${encodeURIComponent('query MeInTabs { viewer { username email } }')}`);
    await page.locator('.graphiql-container').first().waitFor({ timeout: 20_000 });

    await pasteHeaders(page, `{"Authorization": "Bearer ${token}", "X-Trace": "tab-one"}`);

    await page.locator('.graphiql-tab-add').first().click();
    await expect.poll(() => page.locator('.graphiql-tab').count(), { timeout: 10_000 }).toBe(2);
    // The new tab's headers editor shows the token (only the Authorization header: X-Trace stays in its tab).
    const shown = async () => (await page.locator('.graphiql-editor-tool .graphiql-editor').last().innerText()).replace(/\u00a0/g, ' ');
    await expect.poll(shown, { timeout: 10_000 }).toContain(`Bearer ${token}`);
    expect(await shown()).not.toContain('X-Trace');

    // ...and it is sent from there.
    await replaceQuery(page, 'query MeInNewTab { viewer { email } }');
    const sent = page.waitForRequest((request) => request.url().endsWith('/graphql') && request.method() === 'POST', { timeout: 60_000 });
    await page.locator('.graphiql-execute-button').first().click();
    const request = await sent;
    expect(request.headers().authorization).toBe(`Bearer ${token}`);
    expect(request.headers()['x-trace']).toBeUndefined();
    const result = page.locator('.result-window').first();
    await expect.poll(() => result.innerText(), { timeout: 30_000 }).toContain('john.doe@example.com');
    await page.close();
  });
});

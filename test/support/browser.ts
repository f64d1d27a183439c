// Headless Chromium (Debian's; a Playwright browser download is impossible offline) and
// pages that refuse every request leaving the machine, recording what tried to.
import { existsSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';

export async function launchBrowser(): Promise<Browser> {
  const executablePath = process.env.CHROMIUM_PATH ?? ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find(existsSync);
  if (!executablePath) throw new Error('Chromium not found: run `bash scripts/ensure-chromium.sh` or set CHROMIUM_PATH');
  return chromium.launch({
    executablePath,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/** A page whose requests to other hosts are aborted and listed in `foreign`; script errors go to `pageErrors`. */
export async function offlinePage(browser: Browser): Promise<{ page: Page; foreign: string[]; pageErrors: string[] }> {
  const page = await browser.newPage();
  const foreign: string[] = [];
  const pageErrors: string[] = [];
  await page.route('**/*', (route) => {
    const url = new URL(route.request().url());
    if (url.hostname === '127.0.0.1' || url.protocol === 'data:' || url.protocol === 'blob:') return route.continue();
    foreign.push(url.href);
    return route.abort();
  });
  page.on('pageerror', (error) => pageErrors.push(error.message));
  return { page, foreign, pageErrors };
}

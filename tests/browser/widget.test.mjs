// SPDX-License-Identifier: GPL-3.0-or-later
// The embeddable widget on another site's page, in a real browser: the launcher opens the
// chat in an iframe, the host page's CSS cannot break it, and only allowed sites embed it.
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { after, before, describe, test } from 'node:test';
import { Frontline, launchBrowser } from './support.mjs';

// A shop's site on an origin of its own, whose CSS would break a widget living in its DOM.
// GET /?frontline=URL includes the widget of the Frontline server at URL.
async function startShop() {
  const server = createServer((request, response) => {
    const frontline = new URL(request.url, 'http://shop').searchParams.get('frontline');
    response.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
    response.end(`<!doctype html><html><head><title>Shop</title><style>
      * { color: transparent !important; font-size: 2px !important; }
      button, iframe, div { display: none !important; }
    </style></head><body><h1>Shop</h1>
    <script src="${frontline}/widget.js" data-title="Help me" data-color="#16a34a" data-position="left" defer></script>
    </body></html>`);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, origin: `http://127.0.0.1:${server.address().port}` };
}

describe('the widget', () => {
  let browser;
  let shop;
  let allowing;
  let refusing;
  before(async () => {
    browser = await launchBrowser();
    shop = await startShop();
    allowing = new Frontline(['--frame-ancestors', shop.origin]);
    await allowing.start();
    refusing = new Frontline();
    await refusing.start();
  });
  after(async () => {
    await browser?.close();
    await allowing?.dispose();
    await refusing?.dispose();
    shop?.server.close();
  });

  test('opens the chat in an iframe on an allowed site, whatever the site\'s CSS', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${shop.origin}/?frontline=${encodeURIComponent(allowing.url)}`);
    const launcher = page.getByRole('button', { name: 'Help me' });
    await launcher.waitFor();
    assert.equal(await launcher.evaluate((b) => getComputedStyle(b).backgroundColor), 'rgb(22, 163, 74)');
    assert.equal(await launcher.evaluate((b) => getComputedStyle(b).fontSize), '15px');
    const box = await launcher.boundingBox();
    assert.ok(box.x < 100, `data-position="left" put it at x=${box.x}`);

    await launcher.focus();
    await page.keyboard.press('Enter'); // the keyboard opens it too
    assert.equal(await launcher.getAttribute('aria-expanded'), 'true');
    const chat = page.frameLocator('iframe[title="Help me"]');
    await chat.locator('.message.assistant').first().waitFor({ timeout: 10000 });
    await chat.locator('#input').fill('Hello from the shop');
    await chat.locator('#input').press('Enter');
    await chat.locator('.message.assistant').nth(1).waitFor();
    await page.getByRole('button', { name: 'Close the chat' }).click();
    assert.equal(await launcher.getAttribute('aria-expanded'), 'false');
    await context.close();
  });

  test('is refused on a site the server does not allow', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${shop.origin}/?frontline=${encodeURIComponent(refusing.url)}`);
    await page.getByRole('button', { name: 'Help me' }).click();
    await page.locator('iframe[title="Help me"]').waitFor({ state: 'attached' });
    // The browser blocks the frame (frame-ancestors 'self'): the chat never appears in it.
    await page.waitForTimeout(2000);
    assert.equal(await page.frameLocator('iframe[title="Help me"]').locator('.message').count(), 0);
    await context.close();
  });

  test('the chat page is served with a strict policy', async () => {
    const response = await fetch(`${allowing.url}/support/chat`);
    assert.equal(response.status, 200);
    const policy = response.headers.get('content-security-policy');
    assert.match(policy, /script-src 'self';/);
    assert.doesNotMatch(policy, /unsafe-inline|unsafe-eval/);
    assert.match(policy, new RegExp(`frame-ancestors 'self' ${shop.origin}$`));
    assert.equal(response.headers.get('x-content-type-options'), 'nosniff');
    assert.equal(response.headers.get('referrer-policy'), 'no-referrer');
    // Revalidated cheaply.
    const again = await fetch(`${allowing.url}/support/chat`, { headers: { 'If-None-Match': response.headers.get('etag') } });
    assert.equal(again.status, 304);
    const widget = await fetch(`${allowing.url}/widget.js`);
    assert.match(widget.headers.get('content-type'), /^text\/javascript/);
    assert.equal(widget.headers.get('cross-origin-resource-policy'), 'cross-origin');
  });
});

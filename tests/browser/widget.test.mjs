// SPDX-License-Identifier: GPL-3.0-or-later
// The embeddable widget on another site's page, in a real browser: the launcher opens the
// chat in an iframe, the host page's CSS cannot break it, and only allowed sites embed it: on
// any other the launcher opens the chat in a new tab, and says the chat is unavailable when
// the server cannot be asked, never a frame the browser refuses.
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { after, before, describe, test } from 'node:test';
import { Frontline, launchBrowser } from './support.mjs';

// A shop's site on an origin of its own, whose CSS would break a widget living in its DOM:
// everything in its body hidden, and rules aimed at the widget's own element. (Not <html> or
// <body> themselves: a page that hides those shows nothing at all, widget or not.)
// GET /?frontline=URL includes the widget of the Frontline server at URL (titled "Help me"
// unless &untitled=1; with &strict=1 the shop's own Content-Security-Policy lets its pages
// fetch from the shop only, as a strict site's may).
async function startShop() {
  const server = createServer((request, response) => {
    const query = new URL(request.url, 'http://shop').searchParams;
    const frontline = query.get('frontline');
    const title = query.get('untitled') ? '' : 'data-title="Help me"';
    const headers = { 'Content-Type': 'text/html; charset=utf-8' };
    if (query.get('strict')) headers['Content-Security-Policy'] = "connect-src 'self'";
    response.writeHead(200, headers);
    response.end(`<!doctype html><html><head><title>Shop</title><style>
      body { visibility: hidden !important; pointer-events: none !important; color: transparent !important;
        font: 2px/1 serif !important; cursor: none !important; }
      body * { display: none !important; visibility: hidden !important; opacity: 0 !important;
        pointer-events: none !important; color: transparent !important; font-size: 2px !important;
        width: 0 !important; height: 0 !important; overflow: hidden !important; }
      button, iframe, div { display: none !important; }
      frontline-chat-widget, frontline-chat-widget:defined, body > frontline-chat-widget {
        display: none !important; position: fixed !important; left: -10000px !important; top: -10000px !important;
        transform: scale(0) !important; clip-path: inset(50%) !important; filter: opacity(0) !important;
        contain: strict !important; content-visibility: hidden !important; z-index: -1 !important;
        mix-blend-mode: difference !important; zoom: 0.1 !important; }
    </style></head><body><h1>Shop</h1><input id="search" aria-label="Search the shop">
    <script src="${frontline}/widget.js" ${title} data-color="#16a34a" data-position="left" defer></script>
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
    assert.ok(box.width > 40 && box.height > 20, `the launcher is ${box.width}×${box.height}`);
    assert.ok(box.y + box.height <= (page.viewportSize()).height, `the launcher is off screen at y=${box.y}`);
    // What is at the launcher's place on the screen is the launcher itself.
    assert.equal(await page.evaluate(({ x, y }) => {
      const host = document.elementFromPoint(x, y);
      return host && host.shadowRoot ? host.shadowRoot.elementFromPoint(x, y).className : null;
    }, { x: box.x + box.width / 2, y: box.y + box.height / 2 }), 'launcher');

    await launcher.focus();
    await page.keyboard.press('Enter'); // the keyboard opens it too
    assert.equal(await launcher.getAttribute('aria-expanded'), 'true');
    const chat = page.frameLocator('iframe[title="Help me"]');
    await chat.locator('.message.assistant').first().waitFor({ timeout: 10000 });
    await chat.locator('#input').fill('Hello from the shop');
    await chat.locator('#input').press('Enter');
    await chat.locator('.message.assistant').nth(1).waitFor();
    const frameBox = await page.locator('iframe[title="Help me"]').boundingBox();
    assert.ok(frameBox.width > 200 && frameBox.height > 200, `the chat is ${frameBox.width}×${frameBox.height}`);
    await page.getByRole('button', { name: 'Close the chat' }).click();
    assert.equal(await launcher.getAttribute('aria-expanded'), 'false');
    await context.close();
  });

  // Which element of the widget has the focus, or where else it is.
  const focused = (page) => page.evaluate(() => {
    const host = document.querySelector('frontline-chat-widget');
    if (document.activeElement !== host) return document.activeElement ? document.activeElement.tagName.toLowerCase() : null;
    const inside = host.shadowRoot.activeElement;
    return inside ? (inside.className || inside.tagName.toLowerCase()) : null;
  });

  test('Escape in the full size of an image closes the image, not the chat', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${shop.origin}/?frontline=${encodeURIComponent(allowing.url)}`);
    const launcher = page.getByRole('button', { name: 'Help me' });
    await launcher.click();
    const chat = page.frameLocator('iframe[title="Help me"]');
    await chat.locator('#attach').waitFor({ timeout: 10000 });
    const chatFrame = page.frame({ url: /\/support\/chat$/ });
    await chatFrame.waitForFunction(() => !document.querySelector('#attach').disabled);
    // A screenshot pasted into the message box, sent alone.
    await chatFrame.evaluate(async () => {
      const canvas = document.createElement('canvas');
      canvas.width = 40;
      canvas.height = 30;
      canvas.getContext('2d').fillRect(0, 0, 40, 30);
      const blob = await new Promise((resolve) => canvas.toBlob(resolve, 'image/png'));
      const data = new DataTransfer();
      data.items.add(new File([blob], 'shot.png', { type: 'image/png' }));
      document.querySelector('#input').dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
    });
    await chat.locator('.chip[data-state="done"]').waitFor();
    await chat.locator('#input').press('Enter');
    await chat.locator('.message.user:not(.pending) button.thumbnail').click();
    await chat.locator('#lightbox').waitFor();
    await page.keyboard.press('Escape');
    await chat.locator('#lightbox').waitFor({ state: 'hidden' });
    await page.waitForTimeout(300);
    assert.equal(await launcher.getAttribute('aria-expanded'), 'true');
    // Escape again, the image closed: now the chat closes.
    await page.keyboard.press('Escape');
    await page.waitForFunction(() => document.querySelector('frontline-chat-widget').shadowRoot.querySelector('.panel').hidden);
    assert.equal(await launcher.getAttribute('aria-expanded'), 'false');
    await context.close();
  });

  test('Escape inside the chat closes it and gives the focus back to the launcher', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${shop.origin}/?frontline=${encodeURIComponent(allowing.url)}`);
    const launcher = page.getByRole('button', { name: 'Help me' });
    await launcher.click();
    const chat = page.frameLocator('iframe[title="Help me"]');
    await chat.locator('.message.assistant').first().waitFor({ timeout: 10000 });
    // The chat page puts the focus in its message box.
    await chat.locator('#input').waitFor();
    const chatFrame = page.frame({ url: /\/support\/chat$/ });
    await chatFrame.waitForFunction(() => document.activeElement && document.activeElement.id === 'input');
    assert.equal(await focused(page), 'iframe');

    // The host page's own messages are not the chat's: they do not close it.
    await page.evaluate(() => window.postMessage({ frontline: 'close' }, '*'));
    await page.waitForTimeout(300);
    assert.equal(await launcher.getAttribute('aria-expanded'), 'true');

    // Tab past the end of the chat comes back to the panel, not into the host page.
    await chat.locator('#send').focus();
    await page.keyboard.press('Tab');
    assert.equal(await focused(page), 'close');
    await page.keyboard.press('Tab');
    assert.equal(await focused(page), 'iframe');

    await chat.locator('#input').focus();
    await page.keyboard.press('Escape');
    await page.waitForFunction(() => document.querySelector('frontline-chat-widget').shadowRoot.querySelector('.panel').hidden);
    assert.equal(await launcher.getAttribute('aria-expanded'), 'false');
    assert.equal(await focused(page), 'launcher');
    assert.equal(await page.locator('iframe[title="Help me"]').isVisible(), false);

    // Open again from the keyboard: the same conversation, and Escape still works.
    await page.keyboard.press('Enter');
    assert.equal(await launcher.getAttribute('aria-expanded'), 'true');
    await chat.locator('#input').focus();
    await page.keyboard.press('Escape');
    await page.waitForFunction(() => document.activeElement === document.querySelector('frontline-chat-widget')
      && document.querySelector('frontline-chat-widget').shadowRoot.activeElement.className === 'launcher');
    await context.close();
  });

  test('speaks French to a French browser', async () => {
    const context = await browser.newContext({ locale: 'fr-FR' });
    const page = await context.newPage();
    await page.goto(`${shop.origin}/?frontline=${encodeURIComponent(allowing.url)}&untitled=1`);
    await page.getByRole('button', { name: 'Besoin d’aide ?' }).click();
    await page.getByRole('button', { name: 'Fermer le chat' }).waitFor();
    const chat = page.frameLocator('iframe[title="Besoin d’aide ?"]');
    // Once the page in the frame has started (its welcome shown), not while it still loads.
    await chat.locator('.message.assistant').first().waitFor();
    assert.equal(await chat.locator('#handoff').textContent(), 'Parler à un conseiller');
    await context.close();
  });

  // Messages of the browser refusing a frame (frame-ancestors), which must never be seen.
  const watchRefusedFrames = (page) => {
    const refused = [];
    page.on('console', (message) => {
      if (/frame-ancestors|Refused to frame/i.test(message.text())) refused.push(message.text());
    });
    return refused;
  };

  test('opens the chat in a new tab on a site the server does not allow, never in a refused frame', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const refused = watchRefusedFrames(page);
    await page.goto(`${shop.origin}/?frontline=${encodeURIComponent(refusing.url)}`);
    // Its name says where it goes; it still looks like the launcher.
    const launcher = page.getByRole('link', { name: 'Help me (opens in a new tab)' });
    await launcher.waitFor();
    assert.equal(await launcher.evaluate((a) => getComputedStyle(a).backgroundColor), 'rgb(22, 163, 74)');
    assert.equal(await launcher.evaluate((a) => getComputedStyle(a).textDecorationLine), 'none');
    assert.equal(await launcher.getAttribute('href'), `${refusing.url}/support/chat`);
    assert.match(await launcher.getAttribute('rel'), /\bnoopener\b/);
    const box = await launcher.boundingBox();
    assert.ok(box.x < 100 && box.width > 40 && box.height > 20, `the launcher is ${box.width}×${box.height} at x=${box.x}`);

    const [chat] = await Promise.all([context.waitForEvent('page'), launcher.click()]);
    await chat.waitForLoadState();
    assert.equal(chat.url(), `${refusing.url}/support/chat`);
    // The chat works there, and cannot reach back into the shop's page.
    await chat.locator('.message.assistant').first().waitFor({ timeout: 10000 });
    assert.equal(await chat.evaluate(() => window.opener), null);
    assert.equal(await page.locator('iframe').count(), 0);

    // From the keyboard too.
    await page.bringToFront();
    await launcher.focus();
    const [again] = await Promise.all([context.waitForEvent('page'), page.keyboard.press('Enter')]);
    await again.waitForLoadState();
    assert.equal(again.url(), `${refusing.url}/support/chat`);
    assert.equal(await page.locator('iframe').count(), 0);
    assert.deepEqual(refused, []);
    await context.close();
  });

  test('says so in French on a site the server does not allow', async () => {
    const context = await browser.newContext({ locale: 'fr-FR' });
    const page = await context.newPage();
    await page.goto(`${shop.origin}/?frontline=${encodeURIComponent(refusing.url)}&untitled=1`);
    const launcher = page.getByRole('link', { name: 'Besoin d’aide ? (s’ouvre dans un nouvel onglet)', exact: true });
    await launcher.waitFor();
    const [chat] = await Promise.all([context.waitForEvent('page'), launcher.click()]);
    await chat.locator('.message.assistant').first().waitFor({ timeout: 10000 });
    assert.equal(await chat.locator('#handoff').textContent(), 'Parler à un conseiller');
    await context.close();
  });

  // What a launcher that cannot open anything looks like: a button that says why when pointed
  // at or focused, and does nothing.
  async function assertUnavailable(context, page, { name, hint }) {
    const launcher = page.getByRole('button', { name, exact: true });
    await launcher.waitFor();
    assert.equal(await launcher.getAttribute('aria-disabled'), 'true');
    assert.equal(await launcher.evaluate((b) => getComputedStyle(b).cursor), 'not-allowed');
    const why = page.getByText(hint, { exact: true });
    assert.equal(await why.isVisible(), false);
    assert.equal(await launcher.evaluate((b) => b.getRootNode().getElementById(b.getAttribute('aria-describedby')).textContent), hint);
    await launcher.hover();
    await why.waitFor();
    await page.mouse.move(0, 0);
    await why.waitFor({ state: 'hidden' });
    await launcher.focus();
    await why.waitFor();
    let opened = false;
    context.on('page', () => { opened = true; });
    await launcher.click({ force: true }); // aria-disabled: Playwright would wait for it to be enabled
    await page.keyboard.press('Enter');
    await page.waitForTimeout(500);
    assert.equal(opened, false);
    assert.equal(await page.locator('iframe').count(), 0);
  }

  test('says the chat is unavailable when the server cannot be asked', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    // The script came through; the network then fails for the question (a proxy, a cut).
    await page.route('**/api/chat/widget-config?*', (route) => route.abort('connectionrefused'));
    await page.goto(`${shop.origin}/?frontline=${encodeURIComponent(allowing.url)}`);
    await assertUnavailable(context, page, {
      name: 'Chat unavailable',
      hint: 'The chat cannot be reached from this page right now. Please try again later.',
    });
    await context.close();
  });

  test('says so in French when the host page\'s own policy forbids asking', async () => {
    const context = await browser.newContext({ locale: 'fr-FR' });
    const page = await context.newPage();
    const refused = watchRefusedFrames(page);
    // The browser itself refuses the request (connect-src 'self' on the shop's page).
    await page.goto(`${shop.origin}/?frontline=${encodeURIComponent(allowing.url)}&strict=1`);
    await assertUnavailable(context, page, {
      name: 'Chat indisponible',
      hint: 'Le chat est injoignable depuis cette page pour le moment. Réessayez plus tard.',
    });
    assert.deepEqual(refused, []);
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

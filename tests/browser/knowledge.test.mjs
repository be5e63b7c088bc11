// SPDX-License-Identifier: GPL-3.0-or-later
// The knowledge base on the customer's chat page, in a real browser against the real
// `frontline --headless` binary in mock mode: the assistant answers from an article and the
// page shows "Source: <title>" under the answer, a link to the article's address that opens
// in a new tab without reaching back; a title without address is text, and a title with HTML
// in it is shown as typed.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Frontline, launchBrowser, openChat, send } from './support.mjs';

let browser;
before(async () => { browser = await launchBrowser(); });
after(async () => { await browser?.close(); });

describe('knowledge base sources', () => {
  let frontline;
  before(async () => {
    frontline = new Frontline();
    await frontline.start();
    await frontline.agent('POST', '/api/agent/knowledge', {
      title: 'Resetting your <b>password</b>',
      body: 'To reset your password, open the sign-in page and choose "Forgot your password?". '
        + 'We e-mail you a link to reset it, valid for one hour.',
      url: 'https://help.example.com/password-reset',
      locale: 'en',
    });
    await frontline.agent('POST', '/api/agent/knowledge', {
      title: 'Parcel delivery times',
      body: 'Standard delivery of a parcel takes 2 to 4 business days; express delivery arrives the next business day.',
      locale: 'en',
    });
  });
  after(async () => { await frontline?.dispose(); });

  test('an answer from an article shows its source as a safe link', async () => {
    const page = await openChat(browser, frontline.url);
    await send(page, 'How do I reset my password?');
    const source = page.locator('.message.assistant .sources .source a').first();
    await source.waitFor();
    assert.equal(await source.textContent(), 'Resetting your <b>password</b>');
    assert.equal(await source.getAttribute('href'), 'https://help.example.com/password-reset');
    assert.equal(await source.getAttribute('target'), '_blank');
    assert.match(await source.getAttribute('rel'), /noopener/);
    // The title's HTML is text: no element was made of it.
    assert.equal(await page.locator('.message.assistant .sources b').count(), 0);
    assert.equal(await page.locator('.message.assistant .sources .source-label').first().textContent(), 'Source:');
    assert.deepEqual(page.problems, []);
  });

  test('a source without an address is plain text, in French too', async () => {
    const page = await openChat(browser, frontline.url, { locale: 'fr-FR' });
    await send(page, 'How long does parcel delivery take?');
    const item = page.locator('.message.assistant .sources .source').last();
    await item.waitFor();
    assert.equal(await item.locator('a').count(), 0);
    assert.equal(await item.locator('.source-title').textContent(), 'Parcel delivery times');
    assert.equal(await item.locator('.source-label').textContent(), 'Source\u00a0:');
    assert.deepEqual(page.problems, []);
  });
});

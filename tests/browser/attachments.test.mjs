// SPDX-License-Identifier: GPL-3.0-or-later
// Attachments on the customer's chat page, in a real browser (Debian's chromium) against the
// real `frontline --headless` binary: an image pasted into the message box is uploaded with its
// progress, sent, and shown as a thumbnail loaded from its signed URL, which opens in full size;
// a file over the limit is refused on the page; an upload cut by the network is sent again with
// the same clientId and stored once; a file that is not what its name says is refused with the
// server's words; a text file is a chip with its size; in French too.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Frontline, history, launchBrowser, openChat, session } from './support.mjs';

let browser;
before(async () => { browser = await launchBrowser(); });
after(async () => { await browser?.close(); });

const isUpload = (url) => url.pathname === '/api/chat/attachments';

// The chat, ready to take files: the session started and the server's limits read.
async function openReady(url, options = {}) {
  const page = await openChat(browser, url, options);
  await page.waitForFunction(() => !document.querySelector('#input').disabled);
  await page.locator('#attach').waitFor();
  await page.waitForFunction(() => !document.querySelector('#attach').disabled);
  return page;
}

// A PNG drawn in the page, as a screenshot tool would put it on the clipboard, pasted into the
// message box.
async function pasteImage(page, name = 'screenshot.png', width = 64, height = 48) {
  await page.evaluate(async ({ name, width, height }) => {
    const canvas = document.createElement('canvas');
    canvas.width = width;
    canvas.height = height;
    const g = canvas.getContext('2d');
    g.fillStyle = '#2563eb';
    g.fillRect(0, 0, width, height);
    g.fillStyle = '#f59e0b';
    g.fillRect(width / 4, height / 4, width / 2, height / 2);
    const blob = await new Promise((resolve) => canvas.toBlob(resolve, 'image/png'));
    const data = new DataTransfer();
    data.items.add(new File([blob], name, { type: 'image/png' }));
    const input = document.querySelector('#input');
    input.focus();
    input.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
  }, { name, width, height });
}

// A file chosen with the attach button, through the browser's file chooser.
async function choose(page, file) {
  const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.locator('#attach').click()]);
  await chooser.setFiles(file);
}

// The USER messages of the conversation as the server has them.
async function customerMessages(url, page) {
  return (await history(url, await session(page))).filter((m) => m.role === 'USER');
}

describe('attachments', () => {
  let server;
  before(async () => {
    server = new Frontline(['--rate-limits', 'create-session=1000/60,message=1000/60,history=10000/60']);
    await server.start();
  });
  after(async () => { await server.dispose(); });

  test('a pasted image: progress, then sent, then a thumbnail that opens in full size', async () => {
    let release;
    const held = new Promise((resolve) => { release = resolve; });
    const page = await openReady(server.url, {
      beforeLoad: (p) => p.route(isUpload, async (route) => { await held; await route.continue(); }),
    });
    assert.equal(await page.locator('#attach').getAttribute('aria-label'), 'Attach a file');
    assert.equal(await page.locator('#attach').getAttribute('title'), 'Attach a file');
    assert.match(await page.locator('#file').getAttribute('accept'), /image\/png/);

    const answered = page.waitForResponse((response) => isUpload(new URL(response.url())));
    await pasteImage(page);
    const chip = page.locator('.chip', { hasText: 'screenshot.png' });
    // Held on its way: the chip shows its progress bar, and the message waits for it.
    await chip.locator('.chip-bar[role="progressbar"]').waitFor();
    assert.equal(await chip.getAttribute('data-state'), 'uploading');
    assert.match(await chip.locator('.chip-status').textContent(), /^Uploading…\u00a0\d+%$/);
    assert.equal(await page.locator('#send').isDisabled(), true);
    assert.equal(await page.locator('#input').inputValue(), ''); // a file pasted, not its name
    release();
    const response = await answered;
    assert.equal(response.status(), 201);
    const { attachment } = await response.json();
    await page.locator('.chip[data-state="done"]', { hasText: 'Ready to send' }).waitFor();
    assert.equal(await chip.locator('.chip-bar').isHidden(), true);

    // Sent with no text: the bubble is the image alone, from its signed URL on the server.
    assert.equal(await page.locator('#send').isDisabled(), false);
    await page.locator('#input').press('Enter');
    await page.locator('#chips').waitFor({ state: 'hidden' });
    const bubble = page.locator('.message.user:not(.pending)', { has: page.locator('button.thumbnail') });
    await bubble.waitFor();
    assert.equal(await bubble.locator('.text').count(), 0, 'an empty text paragraph');
    const thumbnail = bubble.locator('button.thumbnail img');
    assert.equal(await thumbnail.getAttribute('alt'), 'screenshot.png');
    assert.equal(await thumbnail.getAttribute('width'), '64');
    assert.equal(await thumbnail.getAttribute('height'), '48');
    await page.waitForFunction(() => {
      const image = document.querySelector('.message.user:not(.pending) button.thumbnail img');
      return image && image.complete && image.naturalWidth > 0;
    });
    const source = new URL(await thumbnail.evaluate((image) => image.currentSrc));
    assert.equal(source.origin, server.url);
    assert.ok(source.pathname.startsWith(`/api/chat/attachments/${attachment.id}`), source.href);
    assert.ok(source.searchParams.get('signature'), `unsigned: ${source.href}`);

    // Click: the full size, named, with a download link; Escape closes it, the focus comes back.
    await bubble.locator('button.thumbnail').click();
    const lightbox = page.locator('#lightbox');
    await lightbox.waitFor();
    assert.equal(await page.locator('#lightbox-name').textContent(), 'screenshot.png');
    await page.waitForFunction(() => document.querySelector('#lightbox-image').naturalWidth === 64);
    assert.equal(await page.locator('#lightbox-download').getAttribute('download'), 'screenshot.png');
    assert.equal(new URL(await page.locator('#lightbox-download').getAttribute('href'), server.url).pathname,
      `/api/chat/attachments/${attachment.id}`);
    assert.equal(await page.evaluate(() => document.activeElement.id), 'lightbox-close');
    await page.keyboard.press('Escape');
    await lightbox.waitFor({ state: 'hidden' });
    assert.equal(await page.evaluate(() => document.activeElement.className), 'thumbnail');
    // Enter on the thumbnail opens it again; Close closes it.
    await page.keyboard.press('Enter');
    await lightbox.waitFor();
    await page.locator('#lightbox-close').click();
    await lightbox.waitFor({ state: 'hidden' });

    // The server has one message with that one attachment, and no text.
    const sent = await customerMessages(server.url, page);
    assert.equal(sent.length, 1);
    assert.equal(sent[0].content, '');
    assert.deepEqual(sent[0].attachments.map((a) => a.id), [attachment.id]);
    // After a reload, from the history.
    await page.reload();
    await page.waitForFunction(() => {
      const image = document.querySelector('.message.user button.thumbnail img');
      return image && image.complete && image.naturalWidth > 0;
    });
    assert.deepEqual(page.problems, []);
    await page.context().close();
  });

  test('a text file, dropped on the chat, is a file chip with its size and a download link', async () => {
    const page = await openReady(server.url);
    await page.evaluate(() => {
      const data = new DataTransfer();
      data.items.add(new File(['x'.repeat(1234)], 'server.log', { type: 'text/plain' }));
      const messages = document.querySelector('#messages');
      messages.dispatchEvent(new DragEvent('dragenter', { dataTransfer: data, bubbles: true, cancelable: true }));
      window.dropped = data;
    });
    await page.locator('#drop-zone', { hasText: 'Drop your files here to attach them' }).waitFor();
    await page.evaluate(() => {
      const messages = document.querySelector('#messages');
      messages.dispatchEvent(new DragEvent('drop', { dataTransfer: window.dropped, bubbles: true, cancelable: true }));
    });
    await page.locator('#drop-zone').waitFor({ state: 'hidden' });
    await page.locator('.chip[data-state="done"]', { hasText: 'server.log' }).waitFor();
    await page.locator('#input').fill('Here is the log.');
    await page.locator('#input').press('Enter');
    const link = page.locator('.message.user:not(.pending) a.file');
    await link.waitFor();
    assert.equal(await link.locator('.file-name').textContent(), 'server.log');
    assert.equal(await link.locator('.file-size').textContent(), '1.2\u00a0KB');
    assert.equal(await link.getAttribute('download'), 'server.log');
    const href = new URL(await link.getAttribute('href'), server.url);
    assert.match(href.pathname, /^\/api\/chat\/attachments\/[^/]+$/);
    // The link works: the file, as a download.
    const download = await fetch(href);
    assert.equal(download.status, 200);
    assert.equal(await download.text(), 'x'.repeat(1234));
    assert.match(download.headers.get('content-disposition'), /^attachment/);
    assert.equal(await page.locator('.message.user:not(.pending) .text').textContent(), 'Here is the log.');
    assert.deepEqual(page.problems, []);
    await page.context().close();
  });

  test('a file over the limit is refused on the page, and nothing is uploaded', async () => {
    const page = await openReady(server.url);
    const uploads = [];
    page.on('request', (request) => { if (isUpload(new URL(request.url()))) uploads.push(request.url()); });
    await choose(page, { name: 'video.png', mimeType: 'image/png', buffer: Buffer.alloc(11 * 1024 * 1024) });
    const chip = page.locator('.chip[data-state="refused"]', { hasText: 'video.png' });
    await chip.waitFor();
    assert.equal(await chip.locator('.chip-status').textContent(), 'This file is 11\u00a0MB: files can be 10\u00a0MB at most.');
    assert.equal(await chip.locator('.chip-retry').isHidden(), true);
    // Nothing to send with it: the message box is empty and Enter sends nothing.
    await page.locator('#input').press('Enter');
    await page.waitForTimeout(500);
    assert.equal(await page.locator('.message.user').count(), 0);
    assert.deepEqual(uploads, []);
    // Its × removes it, and the keyboard goes back to the message box.
    await chip.locator('.chip-remove').click();
    await page.locator('#chips').waitFor({ state: 'hidden' });
    assert.equal(await page.evaluate(() => document.activeElement.id), 'input');
    assert.deepEqual(page.problems, []);
    await page.context().close();
  });

  test('an upload cut by the network is sent again with the same id, and stored once', async () => {
    const seen = [];
    const answers = [];
    const page = await openReady(server.url, {
      beforeLoad: (p) => p.route(isUpload, async (route) => {
        seen.push(new URL(route.request().url()).searchParams.get('clientId'));
        if (seen.length === 1) {
          const reached = await route.fetch(); // the server stores it...
          answers.push({ status: reached.status(), json: await reached.json() });
          await route.abort('connectionreset'); // ...and its answer never reaches the page
        } else {
          await route.continue();
        }
      }),
    });
    const retried = page.waitForResponse((response) => isUpload(new URL(response.url())));
    await pasteImage(page, 'cut.png');
    const chip = page.locator('.chip', { hasText: 'cut.png' });
    await page.locator('.chip[data-state="failed"]', { hasText: 'The upload was interrupted.' }).waitFor();
    assert.equal(await page.locator('#send').isDisabled(), false);
    await chip.locator('.chip-retry').click();
    const response = await retried;
    await page.locator('.chip[data-state="done"]', { hasText: 'cut.png' }).waitFor();
    assert.equal(seen.length, 2);
    assert.ok(seen[0], 'no clientId');
    assert.equal(seen[1], seen[0], 'the retry has another clientId');
    assert.equal(answers[0].status, 201);
    // The server answers the attachment it stored the first time.
    assert.equal(response.status(), 200);
    const { attachment } = await response.json();
    assert.equal(attachment.id, answers[0].json.attachment.id);

    await page.locator('#input').fill('Sent once');
    await page.locator('#input').press('Enter');
    await page.locator('.message.user:not(.pending) button.thumbnail').waitFor();
    const sent = await customerMessages(server.url, page);
    assert.equal(sent.length, 1);
    assert.equal(sent[0].content, 'Sent once');
    assert.deepEqual(sent[0].attachments.map((a) => a.id), [attachment.id]);
    assert.deepEqual(page.problems, []);
    await page.context().close();
  });

  test('a message the server refuses gives its text and its files back', async () => {
    const page = await openReady(server.url);
    const answered = page.waitForResponse((response) => isUpload(new URL(response.url())));
    await pasteImage(page, 'again.png');
    const { attachment } = await (await answered).json();
    await page.locator('.chip[data-state="done"]').waitFor();
    await page.route('**/api/chat/message', (route) => route.fulfill({
      status: 400, contentType: 'application/json',
      body: JSON.stringify({ error: { code: 'invalid_input', message: 'Something is wrong.' } }),
    }));
    await page.locator('#input').fill('With my file');
    await page.locator('#input').press('Enter');
    await page.locator('#notice', { hasText: 'Something is wrong.' }).waitFor();
    assert.equal(await page.locator('#input').inputValue(), 'With my file');
    await page.locator('.chip[data-state="done"]', { hasText: 'again.png' }).waitFor();
    assert.equal(await page.locator('.chip').count(), 1);
    assert.equal(await page.locator('.message.user').count(), 0);
    await page.unroute('**/api/chat/message');
    await page.locator('#input').press('Enter');
    await page.locator('.message.user:not(.pending) button.thumbnail').waitFor();
    const sent = await customerMessages(server.url, page);
    assert.equal(sent.length, 1);
    assert.equal(sent[0].content, 'With my file');
    assert.deepEqual(sent[0].attachments.map((a) => a.id), [attachment.id]);
    assert.deepEqual(page.problems, []);
    await page.context().close();
  });

  test('an HTML file named x.png is refused with the server\'s words', async () => {
    const page = await openReady(server.url);
    const answered = page.waitForResponse((response) => isUpload(new URL(response.url())));
    await choose(page, { name: 'x.png', mimeType: 'image/png', buffer: Buffer.from('<!doctype html><html><body><script>alert(1)</script></body></html>') });
    const response = await answered;
    assert.equal(response.status(), 415);
    const refusal = (await response.json()).error.message;
    const chip = page.locator('.chip[data-state="refused"]', { hasText: 'x.png' });
    await chip.waitFor();
    assert.equal(await chip.locator('.chip-status').textContent(), refusal);
    assert.equal(await chip.locator('.chip-retry').isHidden(), true);
    // Nothing to send: the message box is empty.
    await page.locator('#input').press('Enter');
    await page.waitForTimeout(300);
    assert.equal(await page.locator('.message.user').count(), 0);
    assert.deepEqual(page.problems, []);
    await page.context().close();
  });

  test('an expired thumbnail URL is replaced by a fresh one from the history', async () => {
    const page = await openReady(server.url);
    await pasteImage(page, 'old.png');
    await page.locator('.chip[data-state="done"]').waitFor();
    await page.locator('#input').press('Enter');
    await page.locator('.message.user:not(.pending) button.thumbnail').waitFor();
    const stored = await session(page);
    await page.context().close();

    // The same conversation later, in a browser with nothing cached: the thumbnail's URL has
    // expired (as after a day) the first time it is asked for, not after.
    let refused = 0;
    const histories = [];
    const later = await openChat(browser, server.url, {
      beforeLoad: async (p) => {
        await p.addInitScript((s) => localStorage.setItem('frontline.chat', JSON.stringify(s)), stored);
        await p.route((url) => /^\/api\/chat\/attachments\/[^/]+\/thumbnail$/.test(url.pathname), async (route) => {
          if (refused++ === 0) {
            await route.fulfill({ status: 403, contentType: 'application/json', body: '{"error":{"code":"forbidden","message":"This link has expired."}}' });
          } else {
            await route.continue();
          }
        });
        p.on('request', (request) => {
          const url = new URL(request.url());
          if (url.pathname === '/api/chat/history' && url.searchParams.get('after') === '0') histories.push(refused);
        });
      },
    });
    await later.waitForFunction(() => {
      const image = document.querySelector('.message.user button.thumbnail img');
      return image && image.complete && image.naturalWidth > 0;
    });
    assert.equal(refused, 2, `the thumbnail was asked for ${refused} time(s)`);
    // Loaded once at the start, and once more after the refusal for fresh URLs.
    assert.equal(histories.length, 2, `histories: ${histories}`);
    assert.equal(histories[1], 1);
    assert.deepEqual(later.problems, []);
    await later.context().close();
  });

  test('in French', async () => {
    const page = await openReady(server.url, { locale: 'fr-FR' });
    assert.equal(await page.locator('#attach').getAttribute('aria-label'), 'Joindre un fichier');
    await choose(page, { name: 'journal.txt', mimeType: 'text/plain', buffer: Buffer.from('y'.repeat(1234)) });
    await page.locator('.chip[data-state="done"]', { hasText: 'Prêt à envoyer' }).waitFor();
    assert.equal(await page.locator('.chip .chip-size').textContent(), '1,2\u00a0Ko');
    assert.equal(await page.locator('.chip .chip-remove').getAttribute('aria-label'), 'Retirer journal.txt');
    await choose(page, { name: 'film.png', mimeType: 'image/png', buffer: Buffer.alloc(11 * 1024 * 1024) });
    await page.locator('.chip[data-state="refused"] .chip-status', {
      hasText: 'Ce fichier fait 11\u00a0Mo : un fichier peut faire 10\u00a0Mo au maximum.',
    }).waitFor();
    await page.locator('#input').press('Enter');
    const link = page.locator('.message.user:not(.pending) a.file');
    await link.waitFor();
    assert.equal(await link.getAttribute('title'), 'Télécharger journal.txt');
    assert.equal(await link.locator('.file-size').textContent(), '1,2\u00a0Ko');
    assert.equal(await page.locator('.chip').count(), 0); // the refused chip went with the send
    assert.deepEqual(page.problems, []);
    await page.context().close();
  });
});

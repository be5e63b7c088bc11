// SPDX-License-Identifier: GPL-3.0-or-later
// The customer's chat page in a real browser (Debian's chromium) against the real
// `frontline --headless` binary.
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { after, before, describe, test } from 'node:test';
import { Frontline, history, launchBrowser, openChat, send, session, shownMessages } from './support.mjs';

let browser;
before(async () => { browser = await launchBrowser(); });
after(async () => { await browser?.close(); });

// Seqs shown once each, in order, with nothing left pending.
function assertInOrderWithoutRepeats(messages) {
  const seqs = messages.map((m) => m.seq);
  assert.ok(!seqs.includes('pending'), `a message is still pending: ${JSON.stringify(messages)}`);
  assert.deepEqual(seqs, [...new Set(seqs)].sort((a, b) => a - b), `not in order or repeated: ${seqs}`);
}

describe('a conversation', () => {
  let server;
  before(async () => { server = new Frontline(['--rate-limits', 'create-session=1000/60,message=1000/60,history=10000/60']); await server.start(); });
  after(async () => { await server.dispose(); });

  test('with the mock assistant, then resumed after a reload', async () => {
    const page = await openChat(browser, server.url);
    assert.equal(await page.locator('#status').textContent(), 'Our assistant is answering');
    await send(page, 'How do I reset my password?');
    await page.locator('.message.assistant').nth(1).waitFor();
    await page.locator('.message.pending').waitFor({ state: 'detached' });
    const shown = await shownMessages(page);
    assert.deepEqual(shown.map((m) => m.role), ['assistant', 'user', 'assistant']);
    assert.equal(shown[1].text, 'How do I reset my password?');
    assertInOrderWithoutRepeats(shown);

    // The history is the server's, message for message.
    const stored = await session(page);
    assert.deepEqual((await history(server.url, stored)).map((m) => m.seq), shown.map((m) => m.seq));

    await page.reload();
    await page.locator('.message').nth(2).waitFor();
    assert.deepEqual(await shownMessages(page), shown);
    assert.deepEqual(await session(page), stored);
    assert.deepEqual(page.problems, []);
    await page.context().close();
  });

  test('script-injection strings are shown as written, and nothing runs', async () => {
    const hostile = [
      '<script>window.__pwned = 1; alert(1)</script>',
      '<img src=x onerror="window.__pwned = 2; alert(2)">',
      '<svg onload="window.__pwned = 3"><circle r="10"/></svg>',
      '<a href="javascript:window.__pwned = 4">click me</a>',
      '<iframe src="javascript:alert(5)"></iframe>',
      '&lt;b&gt;entities&lt;/b&gt; &#60;script&#62;alert(6)&#60;/script&#62;',
      '"><script>alert(7)</script>',
      "'; window.__pwned = 8; //",
      '<style>body { display: none }</style>',
      '{{constructor.constructor("alert(9)")()}}',
      '<math><mtext><table><mglyph><style><img src=x onerror=alert(10)>',
      '<details open ontoggle="alert(11)">',
    ];
    const page = await openChat(browser, server.url);
    for (const text of hostile) {
      await send(page, text);
      await page.locator('.message.user .text', { hasText: text }).first().waitFor();
    }
    await page.locator('.message.pending').waitFor({ state: 'detached' });
    // An agent's reply is treated the same way.
    const stored = await session(page);
    await server.agent('POST', `/api/agent/sessions/${stored.sessionId}/claim`);
    await server.agent('POST', `/api/agent/sessions/${stored.sessionId}/reply`, { message: '<b onmouseover="alert(12)">bold?</b>' });
    await page.locator('.message.agent .text').waitFor();

    const shown = await shownMessages(page);
    const userTexts = shown.filter((m) => m.role === 'user').map((m) => m.text);
    assert.deepEqual(userTexts, hostile);
    assert.equal(shown.find((m) => m.role === 'agent').text, '<b onmouseover="alert(12)">bold?</b>');
    await page.hover('.message.agent .text');
    assert.equal(await page.evaluate(() => window.__pwned), undefined);
    assert.equal(await page.locator('#message-list :is(script, img, svg, a, iframe, style, b, details, math)').count(), 0);
    assert.deepEqual(page.problems, []);
    await page.context().close();
  });

  test('an agent reply arrives within 1 s through the event stream', async () => {
    const page = await openChat(browser, server.url);
    await page.waitForFunction(() => document.querySelector('#input') && !document.querySelector('#input').disabled);
    const stored = await session(page);
    await server.agent('POST', `/api/agent/sessions/${stored.sessionId}/claim`);
    await page.locator('#status', { hasText: 'Support has joined' }).waitFor({ timeout: 1000 });
    const sent = Date.now();
    await server.agent('POST', `/api/agent/sessions/${stored.sessionId}/reply`, { message: 'Hello, I am Ana.' });
    await page.locator('.message.agent', { hasText: 'Hello, I am Ana.' }).waitFor({ timeout: 1000 });
    console.log(`agent reply shown ${Date.now() - sent} ms after the agent API acknowledged it (event stream)`);
    assert.equal(await page.locator('#status').textContent(), 'Support has joined');
    assert.deepEqual(page.problems, []);
    await page.context().close();
  });

  test('the agent who takes the conversation over is named at once, before any reply', async () => {
    const token = await server.addAgent('ana', 'Ana Lima');
    const page = await openChat(browser, server.url);
    await page.waitForFunction(() => document.documentElement.dataset.updates === 'stream');
    const stored = await session(page);
    const claimed = Date.now();
    await server.agent('POST', `/api/agent/sessions/${stored.sessionId}/claim`, undefined, token);
    await page.locator('#status', { hasText: 'Ana Lima has joined' }).waitFor({ timeout: 1000 });
    console.log(`agent named ${Date.now() - claimed} ms after the claim was acknowledged (event stream)`);
    assert.equal(await page.locator('.message.agent').count(), 0);
    // Still named after a reload, from the history's session.
    const answer = await fetch(`${server.url}/api/chat/history?sessionId=${stored.sessionId}`, {
      headers: { Authorization: `Bearer ${stored.sessionToken}` },
    });
    assert.equal((await answer.json()).session.agentName, 'Ana Lima');
    await page.reload();
    await page.locator('#status', { hasText: 'Ana Lima has joined' }).waitFor({ timeout: 5000 });
    // Gone when the agent hands the conversation back.
    await server.agent('POST', `/api/agent/sessions/${stored.sessionId}/release`, undefined, token);
    await page.locator('#status', { hasText: 'Our assistant is answering' }).waitFor({ timeout: 1000 });
    assert.deepEqual(page.problems, []);
    await page.context().close();
  });

  test('a message is shown at once, marked as sending, before the server answers', async () => {
    let release;
    const held = new Promise((resolve) => { release = resolve; });
    let answered = false;
    const page = await openChat(browser, server.url, {
      beforeLoad: (p) => p.route('**/api/chat/message', async (route) => {
        await held;
        await route.continue();
      }),
    });
    page.on('requestfinished', (request) => { if (request.url().endsWith('/api/chat/message')) answered = true; });
    await send(page, 'Shown before the answer');
    const pending = page.locator('.message.user.pending', { hasText: 'Shown before the answer' });
    await pending.waitFor({ timeout: 500 });
    assert.match(await pending.locator('.meta').textContent(), /Sending…/);
    await page.waitForTimeout(1000); // the server still has not answered: the copy stays
    assert.equal(await pending.isVisible(), true);
    assert.equal(answered, false);
    release();
    await pending.waitFor({ state: 'detached' });
    assert.equal(answered, true);
    const shown = await shownMessages(page);
    assert.equal(shown.filter((m) => m.text === 'Shown before the answer').length, 1);
    assertInOrderWithoutRepeats(shown);
    await page.context().close();
  });

  test('a send whose answer is lost is retried with the same id and stored once', async () => {
    const ids = [];
    const page = await openChat(browser, server.url, {
      beforeLoad: (p) => p.route('**/api/chat/message', async (route) => {
        ids.push(JSON.parse(route.request().postData()).clientMessageId);
        if (ids.length === 1) {
          const reached = await route.fetch(); // the server stores it...
          assert.equal(reached.status(), 200);
          await route.abort(); // ...and its answer never reaches the page
        } else {
          await route.continue();
        }
      }),
    });
    await send(page, 'Stored once');
    await page.locator('.message.user:not(.pending) .text', { hasText: 'Stored once' }).waitFor({ timeout: 10000 });
    await page.locator('.message.assistant').nth(1).waitFor();
    await page.waitForTimeout(2500); // anything repeated would be here by now
    assert.ok(ids.length >= 2, `sent ${ids.length} time(s)`);
    assert.deepEqual(new Set(ids).size, 1, `different ids: ${ids}`);
    const stored = await history(server.url, await session(page));
    assert.equal(stored.filter((m) => m.role === 'USER' && m.content === 'Stored once').length, 1);
    const shown = await shownMessages(page);
    assert.equal(shown.filter((m) => m.text === 'Stored once').length, 1);
    assertInOrderWithoutRepeats(shown);
    assert.deepEqual(shown.map((m) => m.seq), stored.map((m) => m.seq));
    assert.deepEqual(page.problems, []);
    await page.context().close();
  });

  test('the session token never travels in a URL: each stream connection takes a new ticket', async () => {
    const urls = [];
    const page = await openChat(browser, server.url, {
      beforeLoad: (p) => p.on('request', (request) => urls.push(request.url())),
    });
    await page.waitForFunction(() => document.documentElement.dataset.updates === 'stream');
    const stored = await session(page);
    const streams = () => urls.filter((u) => new URL(u).pathname === '/api/chat/events');
    assert.equal(streams().length, 1);
    const first = new URL(streams()[0]).searchParams.get('ticket');
    assert.ok(first && first.length >= 43, `no ticket in ${streams()[0]}`);

    // A used ticket is worth nothing: the next connection (here after a reload) takes a new one.
    const used = await fetch(`${server.url}/api/chat/events?sessionId=${stored.sessionId}&ticket=${first}`);
    assert.equal(used.status, 401);
    assert.match((await used.json()).error.message, /POST \/api\/chat\/events\/ticket/);
    await page.reload();
    await page.waitForFunction(() => document.documentElement.dataset.updates === 'stream');
    const tickets = streams().map((u) => new URL(u).searchParams.get('ticket')).filter(Boolean);
    assert.ok(tickets.length >= 2, `one stream only: ${streams()}`);
    assert.equal(new Set(tickets).size, tickets.length, 'a ticket was used twice');
    for (const u of urls) assert.ok(!u.includes(stored.sessionToken), `the token is in ${u}`);
    assert.ok(urls.every((u) => !new URL(u).searchParams.has('token')));
    assert.deepEqual(page.problems, []);
    await page.context().close();
  });

  test('from the event stream to polling while it is blocked, and back to it', async () => {
    let historyRequests = 0;
    const page = await openChat(browser, server.url, {
      beforeLoad: async (p) => {
        await p.route('**/api/chat/events**', (route) => route.abort());
        p.on('request', (request) => { if (request.url().includes('/api/chat/history')) historyRequests += 1; });
      },
    });
    await page.waitForFunction(() => document.documentElement.dataset.updates === 'polling');
    const stored = await session(page);
    await server.agent('POST', `/api/agent/sessions/${stored.sessionId}/claim`);
    await server.agent('POST', `/api/agent/sessions/${stored.sessionId}/reply`, { message: 'Brought by polling.' });
    await page.locator('.message.agent', { hasText: 'Brought by polling.' }).waitFor({ timeout: 2500 });
    assert.ok(historyRequests >= 1);

    await page.unroute('**/api/chat/events**');
    const unblocked = Date.now();
    await page.waitForFunction(() => document.documentElement.dataset.updates === 'stream', null, { timeout: 8000 });
    console.log(`back to the event stream ${Date.now() - unblocked} ms after it was unblocked`);
    const polled = historyRequests;
    await page.waitForTimeout(2500); // more than a polling interval
    assert.equal(historyRequests, polled, 'still polling with the event stream open');
    const sent = Date.now();
    await server.agent('POST', `/api/agent/sessions/${stored.sessionId}/reply`, { message: 'Brought by the stream.' });
    await page.locator('.message.agent', { hasText: 'Brought by the stream.' }).waitFor({ timeout: 1000 });
    console.log(`agent reply shown ${Date.now() - sent} ms after it was sent (the event stream again)`);
    assert.equal(historyRequests, polled);
    assertInOrderWithoutRepeats(await shownMessages(page));
    assert.deepEqual(page.problems, []);
    await page.context().close();
  });

  test('with the event stream blocked, polling brings the agent reply within 2.5 s', async () => {
    let blocked = 0;
    const page = await openChat(browser, server.url, {
      beforeLoad: (p) => p.route('**/api/chat/events**', (route) => { blocked += 1; return route.abort(); }),
    });
    const stored = await session(page);
    await server.agent('POST', `/api/agent/sessions/${stored.sessionId}/claim`);
    const sent = Date.now();
    await server.agent('POST', `/api/agent/sessions/${stored.sessionId}/reply`, { message: 'Polling works too.' });
    await page.locator('.message.agent', { hasText: 'Polling works too.' }).waitFor({ timeout: 2500 });
    console.log(`agent reply shown ${Date.now() - sent} ms after the agent API acknowledged it (polling)`);
    assert.ok(blocked >= 1, 'the event stream was never tried');
    // A message sent meanwhile is shown once.
    await send(page, 'Thanks!');
    await page.locator('.message.pending').waitFor({ state: 'detached' });
    await page.waitForTimeout(2500); // a poll or two more
    assertInOrderWithoutRepeats(await shownMessages(page));
    assert.equal((await shownMessages(page)).filter((m) => m.text === 'Thanks!').length, 1);
    await page.context().close();
  });

  test('a closed conversation says so, and a new one can start', async () => {
    const page = await openChat(browser, server.url);
    const first = await session(page);
    await server.agent('POST', `/api/agent/sessions/${first.sessionId}/close`);
    await page.locator('#status', { hasText: 'This conversation is closed' }).waitFor({ timeout: 3000 });
    assert.equal(await page.locator('#input').isDisabled(), true);
    assert.equal(await page.locator('#send').isDisabled(), true);
    await page.getByRole('button', { name: 'Start a new conversation' }).click();
    await page.locator('#status', { hasText: 'Our assistant is answering' }).waitFor();
    assert.notEqual((await session(page)).sessionId, first.sessionId);
    assert.equal(await page.locator('#input').isDisabled(), false);
    await page.context().close();
  });

  test('in French for a French browser', async () => {
    const page = await openChat(browser, server.url, { locale: 'fr-FR' });
    assert.equal(await page.getAttribute('html', 'lang'), 'fr');
    assert.equal(await page.locator('#handoff').textContent(), 'Parler à un conseiller');
    assert.equal(await page.locator('#status').textContent(), 'Notre assistant vous répond');
    assert.match(await page.locator('.message.assistant .text').first().textContent(), /Bonjour/);
    // The administrator's default name, in the customer's language (issue 17, point 8).
    const stored = await session(page);
    await server.agent('POST', `/api/agent/sessions/${stored.sessionId}/claim`);
    await page.locator('#status', { hasText: 'Service client a rejoint la conversation' }).waitFor({ timeout: 2000 });
    await server.agent('POST', `/api/agent/sessions/${stored.sessionId}/reply`, { message: 'Je regarde.' });
    await page.locator('.message.agent', { hasText: 'Je regarde.' }).waitFor({ timeout: 2000 });
    assert.equal(await page.locator('.message.agent .author').textContent(), 'Service client');
    await page.context().close();
  });

  test('keyboard only: write, send, ask for a human, with visible focus', async () => {
    const page = await openChat(browser, server.url);
    await page.locator('#input').waitFor();
    await page.waitForFunction(() => document.activeElement === document.querySelector('#input'));
    await page.keyboard.type('First line');
    await page.keyboard.press('Shift+Enter');
    await page.keyboard.type('second line');
    await page.keyboard.press('Enter');
    await page.locator('.message.user .text', { hasText: 'First line' }).waitFor();
    assert.equal(await page.locator('.message.user .text').first().textContent(), 'First line\nsecond line');

    // Shift+Tab from the composer goes back through the conversation to "Talk to a human".
    const focusOrder = [];
    for (let i = 0; i < 3; i++) {
      await page.keyboard.press('Shift+Tab');
      focusOrder.push(await page.evaluate(() => document.activeElement.id));
      const outline = await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle);
      assert.notEqual(outline, 'none', `no visible focus on #${focusOrder.at(-1)}`);
      if (focusOrder.at(-1) === 'handoff') break;
    }
    assert.equal(focusOrder.at(-1), 'handoff', `focus went ${focusOrder}`);
    await page.keyboard.press('Enter');
    // No agent is online in this test: the page says so honestly (offhours.test.mjs has more).
    await page.locator('#status', { hasText: 'Our assistant is still helping you' }).waitFor();
    await page.locator('.message.system').waitFor();
    assert.equal(await page.locator('#handoff').isDisabled(), true);
    // The system message was announced to screen readers.
    assert.notEqual(await page.locator('#announcer').textContent(), '');
    await page.context().close();
  });

  test('usable at 320 px wide, with a "new messages" pill when scrolled up', async () => {
    const page = await openChat(browser, server.url, { viewport: { width: 320, height: 480 } });
    for (let i = 0; i < 6; i++) {
      await send(page, `Question number ${i} with enough words to wrap on a narrow screen`);
      await page.locator('.message.assistant').nth(i + 1).waitFor();
    }
    assert.ok(await page.evaluate(() => document.scrollingElement.scrollWidth <= 320), 'the page scrolls sideways');
    // Scrolled up to read: a new message does not move the view; a pill says it came.
    await page.evaluate(() => { document.querySelector('#messages').scrollTop = 0; });
    const stored = await session(page);
    await server.agent('POST', `/api/agent/sessions/${stored.sessionId}/claim`);
    await server.agent('POST', `/api/agent/sessions/${stored.sessionId}/reply`, { message: 'Look below' });
    await page.locator('#new-messages').waitFor();
    assert.equal(await page.evaluate(() => document.querySelector('#messages').scrollTop), 0);
    await page.locator('#new-messages').click();
    await page.locator('#new-messages').waitFor({ state: 'hidden' });
    assert.ok(await page.evaluate(() => {
      const m = document.querySelector('#messages');
      return m.scrollHeight - m.scrollTop - m.clientHeight < 48;
    }));
    await page.context().close();
  });
});

describe('rate limits', () => {
  let server;
  before(async () => { server = new Frontline(['--rate-limits', 'message=2/4,create-session=1000/60']); await server.start(); });
  after(async () => { await server.dispose(); });

  test('a countdown from Retry-After, sending disabled until it ends', async () => {
    const page = await openChat(browser, server.url);
    await send(page, 'one');
    await page.locator('.message.assistant').nth(1).waitFor();
    await send(page, 'two');
    await page.locator('.message.assistant').nth(2).waitFor();
    await send(page, 'three');
    await page.locator('#notice', { hasText: 'too quickly' }).waitFor();
    assert.equal(await page.locator('#send').isDisabled(), true);
    assert.match(await page.locator('#send').textContent(), /^Wait \d s$/);
    assert.equal(await page.locator('#input').inputValue(), 'three'); // nothing the customer wrote is lost
    const first = Number(/(\d+) s/.exec(await page.locator('#notice-text').textContent())[1]);
    await page.waitForTimeout(1200);
    const later = Number(/(\d+) s/.exec(await page.locator('#notice-text').textContent())[1]);
    assert.ok(later < first, `the countdown did not move: ${first} then ${later}`);
    // When it ends, sending works again.
    await page.waitForFunction(() => !document.querySelector('#send').disabled, null, { timeout: 6000 });
    assert.equal(await page.locator('#notice').isHidden(), true);
    await page.locator('#input').press('Enter');
    await page.locator('.message.user .text', { hasText: 'three' }).waitFor();
    assertInOrderWithoutRepeats(await shownMessages(page).then((m) => m.filter((x) => x.seq !== 'pending')));
    await page.context().close();
  });
});

describe('errors', () => {
  let server;
  before(async () => { server = new Frontline(['--rate-limits', 'off']); await server.start(); });
  after(async () => { await server.dispose(); });

  const failWith = (status, code, message) => (route) => route.fulfill({
    status, contentType: 'application/json', body: JSON.stringify({ error: { code, message } }),
  });

  test('a message the server refuses says why and what to do, and nothing is lost', async () => {
    const page = await openChat(browser, server.url);
    // Only invisible characters (bidi controls, which the page does not trim): the sanitizer refuses it (400).
    await send(page, '\u202e\u2066\u2069');
    const notice = page.locator('#notice');
    await notice.waitFor();
    assert.match(await page.locator('#notice-text').textContent(), /^Your message was not sent: The message is empty after removing invisible characters; type some text\. It is back in the box below: change it, then send it again\.$/);
    assert.equal(await page.locator('#notice-action').isHidden(), true); // sending it again as it is would not help
    assert.equal(await page.locator('#input').inputValue(), '\u202e\u2066\u2069');
    assert.equal(await page.evaluate(() => document.activeElement.id), 'input');
    assert.equal(await page.locator('.message.user').count(), 0);

    // Too long for the server (413).
    await page.route('**/api/chat/message', failWith(413, 'payload_too_large', 'The request body is over 65536 bytes.'));
    await send(page, 'A message the server finds too long');
    await page.locator('#notice', { hasText: 'Your message is too long to send. Shorten it, then send it again.' }).waitFor();
    assert.equal(await page.locator('#input').inputValue(), 'A message the server finds too long');
    assert.equal(await page.locator('.message.user').count(), 0);
    assert.equal(await page.locator('#send').isDisabled(), false);

    // Once it is fixed, it is sent, and the notice goes.
    await page.unroute('**/api/chat/message');
    await page.locator('#input').press('Enter');
    await page.locator('.message.user:not(.pending)', { hasText: 'too long' }).waitFor();
    await notice.waitFor({ state: 'hidden' });
    assert.deepEqual(page.problems, []);
    await page.context().close();
  });

  test('a server error offers to send again after its own attempts', async () => {
    const page = await openChat(browser, server.url, { beforeLoad: (p) => p.clock.install() });
    let attempts = 0;
    await page.route('**/api/chat/message', (route) => { attempts += 1; return failWith(503, 'unavailable', 'The database cannot be reached.')(route); });
    await send(page, 'Sent in the end');
    await page.locator('#notice', { hasText: 'The server is having trouble. Trying again…' }).waitFor();
    // Its own four attempts, 1 + 2 + 4 + 8 s apart, on the page's clock: half a second at a
    // time, so that each wait starts (after its request failed) before the clock passes it.
    for (let step = 0; step < 60 && attempts < 5; step++) {
      await page.clock.runFor(500);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    await page.locator('#notice', { hasText: 'Your message could not be sent: The database cannot be reached.' }).waitFor();
    assert.equal(attempts, 5);
    assert.match(await page.locator('.message.user.pending .meta').textContent(), /Not sent\./);
    await page.unroute('**/api/chat/message');
    await page.getByRole('button', { name: 'Retry' }).click();
    await page.locator('.message.user:not(.pending)', { hasText: 'Sent in the end' }).waitFor();
    assert.equal(await page.locator('.message.user').count(), 1);
    await page.context().close();
  });

  test('a session that is gone offers a new conversation', async () => {
    const page = await openChat(browser, server.url);
    const first = await session(page);
    await page.route('**/api/chat/message', failWith(401, 'unauthorized', 'Unknown session or wrong token.'));
    await send(page, 'Anyone there?');
    await page.locator('#notice', { hasText: 'This conversation is no longer available.' }).waitFor();
    assert.equal(await page.locator('#input').isDisabled(), true);
    assert.equal(await page.locator('#handoff').isDisabled(), true);
    await page.unroute('**/api/chat/message');
    await page.getByRole('button', { name: 'Start a new conversation' }).click();
    await page.locator('#status', { hasText: 'Our assistant is answering' }).waitFor();
    assert.notEqual((await session(page)).sessionId, first.sessionId);
    assert.equal(await page.locator('#input').isDisabled(), false);
    await page.context().close();
  });

  test('a failed "Talk to a human" says so and can be tried again', async () => {
    const page = await openChat(browser, server.url);
    await page.route('**/api/chat/handoff', failWith(500, 'internal', 'Something broke.'));
    await page.locator('#handoff').click();
    const notice = page.locator('#notice');
    await notice.waitFor();
    assert.equal(await page.locator('#notice-text').textContent(), 'We could not call an agent: Something broke.');
    assert.equal(await page.locator('#handoff').isDisabled(), false);
    assert.equal(await page.locator('#status').textContent(), 'Our assistant is answering');
    // Network down: the same, in its words.
    await page.route('**/api/chat/handoff', (route) => route.abort());
    await page.getByRole('button', { name: 'Retry' }).click();
    await page.locator('#notice-text', { hasText: 'We could not call an agent: the server cannot be reached' }).waitFor();
    await page.unroute('**/api/chat/handoff');
    await page.getByRole('button', { name: 'Retry' }).click();
    await page.locator('#status', { hasText: 'Our assistant is still helping you' }).waitFor();
    await notice.waitFor({ state: 'hidden' });
    await page.locator('.message.system').waitFor();
    assert.deepEqual(page.problems, []);
    await page.context().close();
  });

  test('polling says when it is refused: rate-limited, then the session gone', async () => {
    const page = await openChat(browser, server.url, {
      beforeLoad: (p) => p.route('**/api/chat/events**', (route) => route.abort()),
    });
    await page.waitForFunction(() => document.documentElement.dataset.updates === 'polling');
    await page.route('**/api/chat/history**', (route) => route.fulfill({
      status: 429, headers: { 'Retry-After': '3' }, contentType: 'application/json',
      body: JSON.stringify({ error: { code: 'rate_limited', message: 'Too many requests.' } }),
    }));
    await page.locator('#notice', { hasText: 'Too many requests: new messages will show again in 3 s.' }).waitFor({ timeout: 3000 });
    await page.route('**/api/chat/history**', failWith(401, 'unauthorized', 'Unknown session or wrong token.'));
    await page.locator('#notice', { hasText: 'This conversation is no longer available.' }).waitFor({ timeout: 6000 });
    await page.getByRole('button', { name: 'Start a new conversation' }).waitFor();
    assert.equal(await page.locator('#input').isDisabled(), true);
    await page.context().close();
  });
});

describe('a server restart', () => {
  let server;
  before(async () => { server = new Frontline(['--rate-limits', 'off']); await server.start(); });
  after(async () => { await server.dispose(); });

  test('mid-conversation: nothing lost, nothing repeated', async () => {
    const page = await openChat(browser, server.url);
    await send(page, 'Before the restart');
    await page.locator('.message.assistant').nth(1).waitFor();
    const stored = await session(page);

    await server.stop();
    // Sent while the server is down: retried with the same id until it is back.
    await send(page, 'While it was down');
    await page.locator('#notice', { hasText: 'Connection lost' }).waitFor({ timeout: 5000 });
    await server.start(); // same port, same database
    await page.locator('.message.user:not(.pending) .text', { hasText: 'While it was down' }).waitFor({ timeout: 15000 });
    await server.agent('POST', `/api/agent/sessions/${stored.sessionId}/claim`);
    await server.agent('POST', `/api/agent/sessions/${stored.sessionId}/reply`, { message: 'We are back.' });
    await page.locator('.message.agent', { hasText: 'We are back.' }).waitFor({ timeout: 10000 });
    await page.waitForTimeout(2500);

    const shown = await shownMessages(page);
    assertInOrderWithoutRepeats(shown);
    const server_ = await history(server.url, stored);
    assert.deepEqual(shown.map((m) => [m.seq, m.text]), server_.map((m) => [m.seq, m.content]));
    assert.equal(server_.filter((m) => m.content === 'While it was down').length, 1);
    assert.deepEqual(page.problems, []);
    await page.context().close();
  });
});

// An OpenAI-compatible provider that streams its answer a word at a time.
async function startStreamingProvider(words, gapMs) {
  const server = createServer((request, response) => {
    if (request.url.endsWith('/models')) {
      response.writeHead(200, { 'Content-Type': 'application/json' });
      response.end('{"data":[]}');
      return;
    }
    request.resume();
    response.writeHead(200, { 'Content-Type': 'text/event-stream' });
    let i = 0;
    const next = () => {
      if (i < words.length) {
        response.write(`data: ${JSON.stringify({ choices: [{ delta: { content: (i ? ' ' : '') + words[i] } }] })}\n\n`);
        i += 1;
        setTimeout(next, gapMs);
      } else {
        response.end('data: [DONE]\n\n');
      }
    };
    next();
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return server;
}

describe('a streamed answer', () => {
  const words = ['Open', 'Settings,', 'then', 'Security,', 'then', 'Reset', 'password.'];
  let provider;
  let server;
  before(async () => {
    provider = await startStreamingProvider(words, 250);
    server = new Frontline([], { OPENAI_API_KEY: 'sk-browser-test', OPENAI_BASE_URL: `http://127.0.0.1:${provider.address().port}/v1` });
    await server.start();
  });
  after(async () => {
    await server.dispose();
    provider.close();
  });

  test('arrives word by word, then as one message', async () => {
    const page = await openChat(browser, server.url);
    await send(page, 'How do I reset my password?');
    const streaming = page.locator('.message[data-pending="streaming"] .text');
    await streaming.waitFor();
    const seen = new Set();
    while (await streaming.count()) {
      const partial = await streaming.textContent().catch(() => null);
      if (partial !== null) seen.add(partial);
      await page.waitForTimeout(50);
    }
    const whole = words.join(' ');
    const partials = [...seen].filter((t) => t !== whole);
    assert.ok(partials.length >= 3, `seen only ${JSON.stringify([...seen])}`);
    for (const partial of partials) assert.ok(whole.startsWith(partial), `not a beginning of the answer: ${partial}`);
    await page.locator('.message.assistant .text', { hasText: whole }).waitFor();
    assert.equal(await page.locator('.message.assistant .text', { hasText: whole }).count(), 1);
    assertInOrderWithoutRepeats(await shownMessages(page));
    await page.context().close();
  });

  test('stops, and its words go, when an agent takes over while it is written', async () => {
    const page = await openChat(browser, server.url);
    await send(page, 'Can a human help me?');
    const streaming = page.locator('.message[data-pending="streaming"] .text');
    await streaming.waitFor();
    const stored = await session(page);
    await server.agent('POST', `/api/agent/sessions/${stored.sessionId}/claim`);
    await streaming.waitFor({ state: 'detached', timeout: 1000 });
    await page.waitForTimeout(words.length * 250 + 500); // the provider has finished by now
    assert.equal(await streaming.count(), 0);
    assert.equal(await page.locator('.message.assistant .text', { hasText: words.join(' ') }).count(), 0);
    const stored_ = await history(server.url, stored);
    assert.deepEqual(stored_.filter((m) => m.role === 'ASSISTANT' && m.content === words.join(' ')), []);
    await page.context().close();
  });
});

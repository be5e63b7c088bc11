// SPDX-License-Identifier: GPL-3.0-or-later
// Typing and seen on the customer's chat page, in a real browser (Debian's chromium) against
// the real `frontline --headless` binary: the customer types and the agents' event stream hears
// it; the agent who took over types and the page says "Marie is typing…" (in French too),
// until the reply comes; once the page shows the reply, the server has it as seen.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ADMIN_TOKEN, Frontline, launchBrowser, openChat, session } from './support.mjs';

let browser;
before(async () => { browser = await launchBrowser(); });
after(async () => { await browser?.close(); });

// The agents' event stream, read as it comes: waitFor(name, test) resolves with the data of the
// first event of that name (since the stream opened) that passes the test.
async function agentEvents(url, token = ADMIN_TOKEN) {
  const controller = new AbortController();
  const response = await fetch(`${url}/api/agent/events`, {
    headers: { Authorization: `Bearer ${token}` }, signal: controller.signal,
  });
  assert.equal(response.status, 200);
  const events = [];
  const waiting = [];
  let buffer = '';
  const settle = () => {
    for (const wait of [...waiting]) {
      const found = events.find((e) => e.name === wait.name && wait.test(e.data));
      if (found) { waiting.splice(waiting.indexOf(wait), 1); wait.resolve(found.data); }
    }
  };
  (async () => {
    const decoder = new TextDecoder();
    try {
      for await (const chunk of response.body) {
        buffer += decoder.decode(chunk, { stream: true });
        let end;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const name = /^event: (.*)$/m.exec(block)?.[1];
          const data = /^data: (.*)$/m.exec(block)?.[1];
          if (name) events.push({ name, data: data ? JSON.parse(data) : null });
        }
        settle();
      }
    } catch (aborted) { /* closed by the test */ }
  })();
  return {
    events,
    waitFor(name, passes = () => true, timeout = 5000) {
      return new Promise((resolve, reject) => {
        const wait = { name, test: passes, resolve };
        waiting.push(wait);
        settle();
        setTimeout(() => reject(new Error(`no "${name}" event within ${timeout} ms: ${JSON.stringify(events)}`)), timeout);
      });
    },
    close() { controller.abort(); },
  };
}

async function agentTyping(server, sessionId, token) {
  const response = await fetch(`${server.url}/api/agent/sessions/${sessionId}/typing`, {
    method: 'POST', headers: { Authorization: `Bearer ${token}` },
  });
  assert.equal(response.status, 204);
}

describe('typing and seen', () => {
  let server;
  let marie;
  before(async () => {
    server = new Frontline(['--rate-limits', 'create-session=1000/60,message=1000/60,history=10000/60']);
    await server.start();
    marie = await server.addAgent('marie', 'Marie');
  });
  after(async () => { await server.dispose(); });

  test('both ways, then the reply is seen', async () => {
    const stream = await agentEvents(server.url);
    await stream.waitFor('hello');
    const page = await openChat(browser, server.url);
    await page.waitForFunction(() => document.documentElement.dataset.updates === 'stream');
    const stored = await session(page);

    // The customer types: the agents hear it (one event for the whole burst: throttled).
    await page.locator('#input').focus();
    await page.keyboard.type('I have a question about my ord');
    const typed = await stream.waitFor('typing', (e) => e.sessionId === stored.sessionId);
    assert.equal(typed.who, 'customer');
    assert.equal(stream.events.filter((e) => e.name === 'typing').length, 1);
    assert.equal(await page.locator('#typing').isHidden(), true);

    // Marie takes over and types: the page names her, until her reply comes.
    await server.agent('POST', `/api/agent/sessions/${stored.sessionId}/claim`, undefined, marie);
    await agentTyping(server, stored.sessionId, marie);
    await page.locator('#typing', { hasText: 'Marie is typing…' }).waitFor({ timeout: 2000 });
    const reply = await server.agent('POST', `/api/agent/sessions/${stored.sessionId}/reply`, { message: 'Hello, Marie here.' }, marie);
    await page.locator('.message.agent', { hasText: 'Hello, Marie here.' }).waitFor({ timeout: 2000 });
    await page.locator('#typing').waitFor({ state: 'hidden', timeout: 2000 });

    // The page has shown the reply: the server has it as seen, and announced it.
    const seen = await stream.waitFor('seen', (e) => e.sessionId === stored.sessionId && e.seq === reply.message.seq);
    assert.equal(seen.seq, reply.message.seq);
    const listed = await server.agent('GET', '/api/agent/sessions');
    assert.equal(listed.sessions.find((s) => s.id === stored.sessionId).customerSeenSeq, reply.message.seq);

    // None of it is a message: the welcome, and the reply.
    const messages = (await (await fetch(`${server.url}/api/chat/history?sessionId=${stored.sessionId}`, {
      headers: { Authorization: `Bearer ${stored.sessionToken}` },
    })).json()).messages;
    assert.deepEqual(messages.map((m) => m.role), ['ASSISTANT', 'AGENT']);
    assert.deepEqual(page.problems, []);
    stream.close();
    await page.context().close();
  });

  test('in French', async () => {
    const page = await openChat(browser, server.url, { locale: 'fr-FR' });
    await page.waitForFunction(() => document.documentElement.dataset.updates === 'stream');
    const stored = await session(page);
    await server.agent('POST', `/api/agent/sessions/${stored.sessionId}/claim`, undefined, marie);
    await agentTyping(server, stored.sessionId, marie);
    await page.locator('#typing', { hasText: 'Marie est en train d’écrire…' }).waitFor({ timeout: 2000 });
    assert.deepEqual(page.problems, []);
    await page.context().close();
  });
});

// SPDX-License-Identifier: GPL-3.0-or-later
// When nobody is there (issue 20), in a real browser against the real binary, which sends
// e-mail to a real SMTP server the test starts (tests/support/smtpserver.py, on aiosmtpd):
// outside business hours the hand-off says when the team is back and offers to send the
// answer by e-mail; the operator's pre-chat form; a resume link that cannot open anything.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { Frontline, launchBrowser, openChat, send, session } from './support.mjs';

const HERE = dirname(fileURLToPath(import.meta.url));
// Debian's python, which has python3-aiosmtpd (another python3 on the PATH may not).
const PYTHON = process.env.FRONTLINE_TEST_PYTHON || '/usr/bin/python3';

// The SMTP server, recording each message it accepts as a file in its folder.
async function startSmtp() {
  const folder = mkdtempSync(join(tmpdir(), 'frontline-smtp-'));
  const child = spawn(PYTHON, [join(HERE, '..', 'support', 'smtpserver.py'), '--folder', folder], { stdio: ['pipe', 'pipe', 'pipe'] });
  let errors = '';
  child.stderr.on('data', (chunk) => { errors += chunk; });
  const port = await new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`the SMTP server did not start: ${errors}`)), 20000);
    child.stdout.on('data', (chunk) => {
      out += chunk;
      const match = /ready (\d+)/.exec(out);
      if (match) { clearTimeout(timer); resolve(Number(match[1])); }
    });
    child.on('exit', (code) => { clearTimeout(timer); reject(new Error(`the SMTP server exited (${code}): ${errors}`)); });
  });
  return {
    port,
    folder,
    async stop() {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.stdin.end(); // it stops when its standard input closes
      await exited;
      rmSync(folder, { recursive: true, force: true });
    },
  };
}

// A day in Paris, `days` from today, as the settings write closed days ("2026-12-25").
function parisDay(days) {
  const at = new Date(Date.now() + days * 24 * 3600 * 1000);
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris', year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
}
// The same day as the server says it to an English customer: "Wednesday 9 December".
function parisDayInWords(days) {
  const at = new Date(Date.now() + days * 24 * 3600 * 1000);
  const part = (options) => new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Paris', ...options }).format(at);
  return `${part({ weekday: 'long' })} ${part({ day: 'numeric' })} ${part({ month: 'long' })}`;
}
const EVERY_DAY = Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((day) => [day, [['09:00', '17:00']]]));

// The session as agents see it (the agent API has no single-session read: the list holds it).
async function agentSession(server, id) {
  const { sessions } = await server.agent('GET', '/api/agent/sessions?limit=200');
  return sessions.find((s) => s.id === id);
}

// The messages the SMTP server accepted, oldest first, as it recorded them.
function mails() {
  return readdirSync(smtp.folder).filter((name) => /^\d+\.json$/.test(name)).sort()
    .map((name) => JSON.parse(readFileSync(join(smtp.folder, name), 'utf8')));
}
// The first message accepted after the `count` there were that `wanted` picks (the outbox
// sends on its own: a reply mail may come before the one a test waits for).
async function nextMail(count, wanted) {
  for (let waited = 0; waited < 30000; waited += 100) {
    const found = mails().slice(count).find(wanted);
    if (found) return found;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`the mail awaited did not arrive within 30 s (${mails().length - count} others did)`);
}
// Its text part, as Python's mail parser decoded it.
function mailText(mail) {
  assert.ok(mail.parsed && Array.isArray(mail.parsed.parts), JSON.stringify(mail.parsed));
  const part = mail.parsed.parts.find((p) => p.type === 'text/plain');
  assert.ok(part, 'the mail has a text part');
  return part.content;
}

let browser;
let smtp;
let server;
before(async () => {
  browser = await launchBrowser();
  smtp = await startSmtp();
  server = new Frontline(['--rate-limits', 'create-session=1000/60,message=1000/60,history=10000/60'], {
    FRONTLINE_SMTP_URL: `smtp://127.0.0.1:${smtp.port}`,
    FRONTLINE_MAIL_FROM: 'Support <support@example.com>',
    FRONTLINE_EMAIL_AFTER_SECONDS: '2', // a customer who left is mailed the reply soon
  });
  await server.start();
});
after(async () => {
  await browser?.close();
  await server?.dispose();
  await smtp?.stop();
});

describe('outside business hours', () => {
  before(async () => {
    // Open every day from 09:00 to 17:00 in Paris, but closed today and tomorrow: whatever the
    // time the test runs, the team is back the day after tomorrow at 09:00.
    await server.agent('PUT', '/api/agent/settings', {
      businessHours: { enabled: true, timeZone: 'Europe/Paris', weekly: EVERY_DAY, closedDays: [parisDay(0), parisDay(1)] },
    });
  });
  after(async () => {
    await server.agent('PUT', '/api/agent/settings', { businessHours: { enabled: false } });
  });

  test('the hand-off says when the team is back, and the answer can go by e-mail', async () => {
    const page = await openChat(browser, server.url);
    await send(page, 'My parcel has not arrived.');
    await page.locator('.message.assistant').nth(1).waitFor();
    await page.locator('#handoff').click();

    const notice = page.locator('.message.system');
    await notice.waitFor();
    assert.match(await notice.textContent(), new RegExp(`Our team is away right now and back ${parisDayInWords(2)} at 09:00 \\(Europe/Paris\\)`));
    await page.locator('#status', { hasText: 'Our assistant is still helping you' }).waitFor();

    // The card, inline in the conversation.
    const card = page.locator('#email-card');
    await card.waitFor();
    assert.equal(await card.locator('h2').textContent(), 'Get the answer by e\u2011mail');
    const { sessionId } = await session(page);

    // A bad address: the server's sentence, next to the field; nothing is kept.
    await page.fill('#contact-email', 'camille@');
    await page.locator('#contact-submit').click();
    const error = page.locator('#contact-email-error');
    await error.waitFor();
    assert.notEqual((await error.textContent()).trim(), '');
    assert.equal(await page.locator('#contact-email').getAttribute('aria-invalid'), 'true');
    assert.equal((await agentSession(server, sessionId)).email, null);

    // A good one: the confirmation, and agents see the address and the name.
    await page.fill('#contact-email', 'camille@example.com');
    await page.fill('#contact-name', 'Camille');
    await page.locator('#contact-submit').click();
    const confirmed = page.locator('#email-confirmed');
    await confirmed.waitFor();
    assert.match(await confirmed.textContent(), /We will e-mail you at camille@example\.com/);
    assert.equal(await card.isHidden(), true);
    const seen = await agentSession(server, sessionId);
    assert.equal(seen.email, 'camille@example.com');
    assert.equal(seen.name, 'Camille');

    // After a reload the address is not asked for again.
    await page.reload();
    await page.locator('#email-confirmed').waitFor();
    assert.equal(await page.locator('#email-card').isHidden(), true);

    // An agent takes it over: nobody is missing any more, the card and its words go.
    await server.agent('POST', `/api/agent/sessions/${sessionId}/claim`);
    await page.locator('#status', { hasText: 'has joined' }).waitFor();
    assert.equal(await page.locator('#email-confirmed').isHidden(), true);
    assert.deepEqual(page.problems, []);
    await page.context().close();
  });

  test('in French, the same', async () => {
    const page = await openChat(browser, server.url, { locale: 'fr-FR' });
    await page.locator('#handoff').click();
    await page.locator('.message.system', { hasText: 'Notre équipe est absente pour le moment' }).waitFor();
    await page.locator('#email-card h2', { hasText: 'Recevoir la réponse par e\u2011mail' }).waitFor();
    assert.equal(await page.locator('#contact-submit').textContent(), 'M’envoyer la réponse par e\u2011mail');
    assert.deepEqual(page.problems, []);
    await page.context().close();
  });
});

describe('within hours with nobody online', () => {
  test('the hand-off is honest too, and offers the e-mail', async () => {
    const page = await openChat(browser, server.url);
    await page.locator('#handoff').click();
    await page.locator('.message.system', { hasText: 'No agent is online right now' }).waitFor();
    await page.locator('#email-card').waitFor();
    assert.deepEqual(page.problems, []);
    await page.context().close();
  });
});

describe('the pre-chat form', () => {
  const consentText = 'I agree that my details are kept for 30 days to handle my request.';
  before(async () => {
    await server.agent('PUT', '/api/agent/settings', {
      preChat: { enabled: true, name: 'optional', email: 'required', consent: { text: consentText, required: true } },
    });
  });
  after(async () => {
    await server.agent('PUT', '/api/agent/settings', { preChat: { enabled: false } });
  });

  test('asks for the required e-mail and the consent before the first message', async () => {
    const context = await browser.newContext({ locale: 'en-US' });
    const page = await context.newPage();
    const problems = [];
    page.on('pageerror', (e) => problems.push(e.message));
    await page.goto(`${server.url}/support/chat`);
    const form = page.locator('#prechat');
    await form.waitFor();
    assert.equal(await page.locator('#prechat-consent-text').textContent(), consentText);
    assert.equal(await page.locator('#prechat-name-field .optional').isVisible(), true);
    assert.equal(await page.locator('#prechat-email-field .optional').isVisible(), false);
    assert.equal(await page.locator('.message').count(), 0);

    // Nothing given: said next to each field, and no conversation is started.
    await page.locator('#prechat-submit').click();
    await page.locator('#prechat-email-error', { hasText: 'Enter your e\u2011mail address.' }).waitFor();
    await page.locator('#prechat-consent-error', { hasText: 'Tick this box' }).waitFor();
    assert.equal(await session(page), null);

    // An address the server refuses: its sentence next to the field, still no conversation.
    await page.fill('#prechat-email', 'not an address');
    await page.check('#prechat-consent');
    await page.locator('#prechat-submit').click();
    await page.locator('#prechat-email-error:not(:empty)').waitFor();
    assert.equal(await page.locator('#prechat-consent-error').isHidden(), true);
    assert.equal(await session(page), null);

    await page.fill('#prechat-name', 'Ana');
    await page.fill('#prechat-email', 'ana@example.com');
    await page.locator('#prechat-submit').click();
    await page.locator('.message.assistant').first().waitFor();
    assert.equal(await form.isHidden(), true);
    const stored = await session(page);
    const seen = await agentSession(server, stored.sessionId);
    assert.equal(seen.email, 'ana@example.com');
    assert.equal(seen.name, 'Ana');
    assert.ok(seen.consentedAt, 'the consent is kept with its time');

    // A reload goes on with the conversation: the form is not asked again.
    await page.reload();
    await page.locator('.message.assistant').first().waitFor();
    assert.equal(await form.isHidden(), true);
    assert.deepEqual(problems, []);
    await context.close();
  });
});

describe('by e-mail, through the real SMTP server', () => {
  test('a closed conversation sends its transcript on request, without the notes', async () => {
    const page = await openChat(browser, server.url);
    await send(page, 'Where is my invoice?');
    await page.locator('.message.assistant').nth(1).waitFor();
    await page.locator('#handoff').click();
    await page.locator('#email-card').waitFor();
    await page.fill('#contact-email', 'lou@example.com');
    await page.locator('#contact-submit').click();
    await page.locator('#email-confirmed').waitFor();
    const { sessionId } = await session(page);
    await server.agent('POST', `/api/agent/sessions/${sessionId}/claim`);
    await server.agent('POST', `/api/agent/sessions/${sessionId}/notes`, { text: 'Internal: refund approved by Sam' });
    await server.agent('POST', `/api/agent/sessions/${sessionId}/reply`, { message: 'Your invoice is in your account, under Billing.' });
    await page.locator('.message.agent').waitFor();
    await server.agent('POST', `/api/agent/sessions/${sessionId}/close`);

    const card = page.locator('#transcript-card');
    await card.waitFor();
    assert.equal(await page.locator('#transcript-email').inputValue(), 'lou@example.com');
    const before = mails().length;
    await page.locator('#transcript-submit').click();
    await page.locator('#transcript-sent', { hasText: 'The transcript is on its way to lou@example.com.' }).waitFor();
    assert.equal(await card.isHidden(), true);

    const mail = await nextMail(before, (m) => /Where is my invoice\?/.test(mailText(m)));
    assert.deepEqual(mail.rcptTos, ['lou@example.com']);
    const text = mailText(mail);
    assert.match(text, /Where is my invoice\?/);
    assert.match(text, /Your invoice is in your account, under Billing\./);
    assert.doesNotMatch(text, /refund approved/);
    assert.deepEqual(page.problems, []);
    await page.context().close();
  });

  test('a reply to a customer who left arrives with a link that resumes the conversation', async () => {
    const page = await openChat(browser, server.url);
    await page.locator('#handoff').click();
    await page.locator('#email-card').waitFor();
    await page.fill('#contact-email', 'noa@example.com');
    await page.locator('#contact-submit').click();
    await page.locator('#email-confirmed').waitFor();
    const { sessionId } = await session(page);
    await page.context().close(); // the customer leaves: no stream, no polling

    const before = mails().length;
    await server.agent('POST', `/api/agent/sessions/${sessionId}/claim`);
    await server.agent('POST', `/api/agent/sessions/${sessionId}/reply`, { message: 'Found it: your parcel is at the post office.' });
    const mail = await nextMail(before, (m) => /post office/.test(mailText(m)));
    assert.deepEqual(mail.rcptTos, ['noa@example.com']);
    const text = mailText(mail);
    assert.match(text, /your parcel is at the post office/);
    const link = /\/support\/chat#resume=([^\s"<>]+)/.exec(text);
    assert.ok(link, `no resume link in ${text}`);

    // Opened in another browser: the same conversation, with the reply, under a new token.
    const context = await browser.newContext({ locale: 'en-US' });
    const opened = await context.newPage();
    const problems = [];
    opened.on('pageerror', (e) => problems.push(e.message));
    await opened.goto(`${server.url}/support/chat#resume=${link[1]}`);
    await opened.locator('.message.agent', { hasText: 'your parcel is at the post office' }).waitFor();
    assert.equal(await opened.evaluate(() => window.location.hash), '');
    const stored = await session(opened);
    assert.equal(stored.sessionId, sessionId);
    // The address is known: not asked for again.
    assert.equal(await opened.locator('#email-card').isHidden(), true);
    assert.deepEqual(problems, []);
    await context.close();
  });
});

describe('resume links', () => {
  test('an invalid link gets a clear page, and no conversation', async () => {
    const before = (await server.agent('GET', '/api/agent/sessions?limit=200')).sessions.length;
    const context = await browser.newContext({ locale: 'en-US' });
    const page = await context.newPage();
    await page.goto(`${server.url}/support/chat#resume=3f0c0000-0000-4000-8000-000000000000.1999999999.bm90LWEtc2lnbmF0dXJl`);
    await page.locator('#link-page').waitFor();
    assert.equal(await page.locator('#link-page-title').textContent(), 'This link is not valid');
    assert.equal(await page.locator('.chat').isHidden(), true);
    assert.equal(await page.evaluate(() => window.location.hash), '', 'the link is out of the address bar');
    assert.equal(await session(page), null);
    assert.equal((await server.agent('GET', '/api/agent/sessions?limit=200')).sessions.length, before);

    // The way on: a new conversation, of its own.
    await page.locator('#link-page-new').click();
    await page.locator('.message.assistant').first().waitFor();
    assert.equal(await page.locator('#link-page').isHidden(), true);
    assert.ok(await session(page));
    await context.close();
  });
});

describe('an older server, without these routes', () => {
  test('offers no form, and the chat works as before', async () => {
    const page = await openChat(browser, server.url, {
      beforeLoad: (p) => p.route('**/api/chat/availability', (route) => route.fulfill({
        status: 404, json: { error: { code: 'not_found', message: 'No such route.' } },
      })),
    });
    await page.locator('#handoff').click();
    await page.locator('.message.system').waitFor();
    await page.locator('#status[data-status="WAITING"]').waitFor();
    assert.equal(await page.locator('#email-card').isHidden(), true);
    assert.equal(await page.locator('#notice').isHidden(), true);
    assert.deepEqual(page.problems, []);
    await page.context().close();
  });
});

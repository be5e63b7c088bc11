// SPDX-License-Identifier: GPL-3.0-or-later
// What the browser tests share: the real `frontline --headless` binary on a free port, and
// Debian's chromium driven by playwright-core.
import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

export const ADMIN_TOKEN = 'browser-tests-admin-token-0123456789';
const BINARY = process.env.FRONTLINE_BINARY;
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';

// A Frontline server with a private home and database. `options` are extra command-line
// options; start() may be called again after stop() to restart on the same port and data.
export class Frontline {
  constructor(options = [], environment = {}) {
    if (!BINARY) throw new Error('Set FRONTLINE_BINARY to the frontline binary (CTest does).');
    this.options = options;
    this.environment = environment;
    this.home = mkdtempSync(join(tmpdir(), 'frontline-browser-'));
    this.port = 0;
    this.process = null;
    this.url = null;
  }

  get env() {
    return {
      PATH: process.env.PATH,
      HOME: this.home,
      XDG_CONFIG_HOME: join(this.home, 'config'),
      XDG_DATA_HOME: join(this.home, 'data'),
      LANG: 'C.UTF-8',
      FRONTLINE_ADMIN_TOKEN: ADMIN_TOKEN,
      ...this.environment,
    };
  }

  get database() {
    return `sqlite:${join(this.home, 'frontline.db')}`;
  }

  async start() {
    const env = this.env;
    const args = ['--headless', '--listen', `127.0.0.1:${this.port}`, '--database', this.database, ...this.options];
    const child = spawn(BINARY, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    this.process = child;
    let errors = '';
    child.stderr.on('data', (chunk) => { errors += chunk; });
    this.url = await new Promise((resolve, reject) => {
      let out = '';
      const timer = setTimeout(() => reject(new Error(`frontline did not start: ${errors}`)), 20000);
      child.stdout.on('data', (chunk) => {
        out += chunk;
        const match = /Listening on (http:\/\/127\.0\.0\.1:(\d+))/.exec(out);
        if (match) {
          clearTimeout(timer);
          this.port = Number(match[2]);
          resolve(match[1]);
        }
      });
      child.on('exit', (code) => { clearTimeout(timer); reject(new Error(`frontline exited (${code}): ${errors}`)); });
    });
    return this.url;
  }

  async stop() {
    const child = this.process;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
    this.process = null;
  }

  async dispose() {
    await this.stop();
    rmSync(this.home, { recursive: true, force: true });
  }

  // A new agent in this server's database, as an operator creates one (`frontline agent
  // add`); its token.
  async addAgent(username, displayName) {
    const output = await new Promise((resolve, reject) => {
      execFile(BINARY, ['agent', 'add', username, '--display-name', displayName, '--database', this.database],
        { env: this.env }, (error, stdout, stderr) => (error ? reject(new Error(`agent add: ${stderr}`)) : resolve(stdout)));
    });
    return output.trim().split('\n').at(-1);
  }

  // The agent API, as the console or automation would use it (as the administrator unless
  // another agent's token is given).
  async agent(method, path, body, token = ADMIN_TOKEN) {
    const response = await fetch(this.url + path, {
      method,
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json = await response.json();
    if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${JSON.stringify(json)}`);
    return json;
  }
}

export async function launchBrowser() {
  // Flags that keep chromium from calling home: this machine's network is closed.
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
  });
}

// A page of a fresh browser context, failing the test on any page error or dialog.
export async function openChat(browser, url, { locale = 'en-US', viewport, beforeLoad } = {}) {
  const context = await browser.newContext({ locale, viewport });
  const page = await context.newPage();
  page.problems = [];
  page.on('pageerror', (error) => page.problems.push(`page error: ${error.message}`));
  page.on('dialog', async (dialog) => { page.problems.push(`dialog: ${dialog.message()}`); await dialog.dismiss(); });
  page.on('console', (message) => {
    if (message.type() === 'error' && /Content Security Policy|Refused/.test(message.text())) page.problems.push(`csp: ${message.text()}`);
  });
  if (beforeLoad) await beforeLoad(page);
  await page.goto(`${url}/support/chat`);
  await page.locator('.message.assistant').first().waitFor();
  return page;
}

// The messages as shown: seq (or "pending"), role and text, in page order.
export async function shownMessages(page) {
  return page.$$eval('#message-list > li', (items) => items.map((li) => ({
    seq: li.dataset.seq ? Number(li.dataset.seq) : 'pending',
    role: [...li.classList].find((c) => c !== 'message' && c !== 'pending'),
    text: li.querySelector('.text')?.textContent ?? '', // none in a message of attachments only
  })));
}

export async function session(page) {
  return page.evaluate(() => JSON.parse(localStorage.getItem('frontline.chat')));
}

export async function history(url, stored) {
  const response = await fetch(`${url}/api/chat/history?sessionId=${stored.sessionId}&limit=200`, {
    headers: { Authorization: `Bearer ${stored.sessionToken}` },
  });
  return (await response.json()).messages;
}

export async function send(page, text) {
  await page.locator('#input').fill(text);
  await page.locator('#input').press('Enter');
}

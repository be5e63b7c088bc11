// SPDX-License-Identifier: GPL-3.0-or-later
// Saves a screenshot of the customer's chat page mid-conversation, for the README.
// Usage: node screenshot-chat.mjs FRONTLINE_URL ADMIN_TOKEN OUTPUT.png [LANGUAGE]   (scripts/screenshots)
import { launchBrowser, send, session } from './support.mjs';

const [url, adminToken, output, language = 'en'] = process.argv.slice(2);
const french = language.startsWith('fr');
const agent = async (path, body) => {
  const response = await fetch(url + path, {
    method: 'POST',
    headers: { Authorization: `Bearer ${adminToken}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(body || {}),
  });
  if (!response.ok) throw new Error(`${path}: ${response.status}`);
};

const browser = await launchBrowser();
const page = await browser.newPage({ viewport: { width: 480, height: 760 }, locale: french ? 'fr-FR' : 'en-US' });
await page.goto(`${url}/support/chat`);
await page.locator('.message.assistant').first().waitFor();
await send(page, french ? 'Bonjour ! Ma facture de novembre a été débitée deux fois.' : 'Hi! I was charged twice for my November invoice.');
await page.locator('.message.assistant').nth(1).waitFor();
await page.locator('#handoff').click();
await page.locator('.message.system').waitFor();
const { sessionId } = await session(page);
await agent(`/api/agent/sessions/${sessionId}/claim`);
await agent(`/api/agent/sessions/${sessionId}/reply`, { message: french ? 'Bonjour, je vois le double débit. Je vous rembourse tout de suite ; vous recevrez un e-mail dans l’heure.' : 'Hello, I can see the double charge. I am refunding it now; you will get an e-mail within the hour.' });
await page.locator('.message.agent').waitFor();
await page.locator('#input').fill(french ? 'Merci !' : 'Thank you!');
await page.screenshot({ path: output });
await browser.close();

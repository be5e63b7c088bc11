// SPDX-License-Identifier: GPL-3.0-or-later
// Saves a screenshot of the customer's chat page mid-conversation, for the README: a pasted
// screenshot in the customer's bubble, a PDF in the agent's.
// Usage: node screenshot-chat.mjs FRONTLINE_URL ADMIN_TOKEN OUTPUT.png [LANGUAGE] [light|dark]
//        (scripts/screenshots)
import { launchBrowser, send, session } from './support.mjs';

const [url, adminToken, output, language = 'en', appearance = 'light'] = process.argv.slice(2);
const french = language.startsWith('fr');
const agent = async (path, body, raw) => {
  const response = await fetch(url + path, {
    method: 'POST',
    headers: { Authorization: `Bearer ${adminToken}`, 'Content-Type': raw ? 'application/octet-stream' : 'application/json' },
    body: raw || JSON.stringify(body || {}),
  });
  if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`);
  return response.json().catch(() => null);
};

// A small but real PDF: one page that says which invoice it is.
function invoicePdf(title) {
  const stream = `BT /F1 18 Tf 72 720 Td (${title}) Tj ET`;
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  let pdf = '%PDF-1.4\n';
  const offsets = objects.map((object, i) => {
    const at = pdf.length;
    pdf += `${i + 1} 0 obj\n${object}\nendobj\n`;
    return at;
  });
  const xref = pdf.length;
  pdf += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  pdf += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(pdf, 'latin1');
}

const browser = await launchBrowser();
const page = await browser.newPage({
  viewport: { width: 480, height: 860 }, locale: french ? 'fr-FR' : 'en-US', colorScheme: appearance === 'dark' ? 'dark' : 'light',
});
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

// The customer pastes a screenshot of the error they saw, with a word.
await page.evaluate(async (french) => {
  const canvas = document.createElement('canvas');
  canvas.width = 640;
  canvas.height = 400;
  const g = canvas.getContext('2d');
  g.fillStyle = '#e5e7eb';
  g.fillRect(0, 0, 640, 400);
  g.fillStyle = '#ffffff';
  g.fillRect(90, 70, 460, 260);
  g.fillStyle = '#dc2626';
  g.fillRect(90, 70, 460, 56);
  g.fillStyle = '#ffffff';
  g.font = 'bold 26px sans-serif';
  g.fillText(french ? 'Paiement refusé' : 'Payment failed', 114, 108);
  g.fillStyle = '#111827';
  g.font = '22px sans-serif';
  g.fillText(french ? 'Facture FR-2026-11 : 49,00 €' : 'Invoice EN-2026-11: €49.00', 114, 180);
  g.fillText(french ? 'Débitée 2 fois le 03/11' : 'Charged twice on 11/03', 114, 220);
  g.fillStyle = '#2563eb';
  g.fillRect(390, 266, 136, 44);
  g.fillStyle = '#ffffff';
  g.fillText('OK', 440, 296);
  const blob = await new Promise((resolve) => canvas.toBlob(resolve, 'image/png'));
  const data = new DataTransfer();
  data.items.add(new File([blob], french ? 'capture.png' : 'screenshot.png', { type: 'image/png' }));
  const input = document.querySelector('#input');
  input.focus();
  input.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
}, french);
await page.locator('.chip[data-state="done"]').waitFor();
await send(page, french ? 'Voici ce que j’ai vu.' : 'This is what I saw.');
await page.waitForFunction(() => {
  const image = document.querySelector('.message.user:not(.pending) button.thumbnail img');
  return image && image.complete && image.naturalWidth > 0;
});

// The agent answers with the credit note, a PDF.
const filename = french ? 'avoir-novembre.pdf' : 'credit-note-november.pdf';
const uploaded = await agent(`/api/agent/sessions/${sessionId}/attachments?filename=${encodeURIComponent(filename)}`, null,
  invoicePdf(french ? 'Avoir FR-2026-11' : 'Credit note EN-2026-11'));
await agent(`/api/agent/sessions/${sessionId}/reply`, {
  message: french ? 'C’est fait : voici votre avoir.' : 'Done: here is your credit note.',
  attachments: [uploaded.attachment.id],
});
await page.locator('.message.agent a.file').waitFor();
await page.locator('#input').fill(french ? 'Merci !' : 'Thank you!');
await page.screenshot({ path: output });
await browser.close();

// SPDX-License-Identifier: GPL-3.0-or-later
// The texts of the chat page and of the widget: every language has every text, with the same
// {placeholders}; the page uses every text it has and has every text it uses.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';

const WEB = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'resources', 'web');
const source = (name) => readFileSync(join(WEB, name), 'utf8');

// The page's tables, as the browser gets them (texts.js sets window.FrontlineTexts).
function pageTexts() {
  const window = {};
  vm.runInNewContext(source('texts.js'), { window });
  return window.FrontlineTexts;
}

// The widget's table: `const TEXTS = {...};` at the top of widget.js.
function widgetTexts() {
  const match = /\n {2}const TEXTS = (\{[\s\S]*?\n {2}\});\n/.exec(source('widget.js'));
  assert.ok(match, 'widget.js has no `const TEXTS = {...};` table');
  return vm.runInNewContext(`(${match[1]})`);
}

const placeholders = (text) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

function assertSameKeys(tables, what) {
  const languages = Object.keys(tables);
  assert.deepEqual(languages.sort(), ['en', 'fr'], `${what}: languages`);
  const english = Object.keys(tables.en).sort();
  for (const language of languages) {
    assert.deepEqual(Object.keys(tables[language]).sort(), english, `${what}: the keys of "${language}" differ from English`);
    for (const [key, text] of Object.entries(tables[language])) {
      assert.equal(typeof text, 'string', `${what}: ${language}.${key}`);
      assert.notEqual(text.trim(), '', `${what}: ${language}.${key} is empty`);
      assert.deepEqual(placeholders(text), placeholders(tables.en[key]), `${what}: ${language}.${key} placeholders`);
    }
  }
}

describe('texts', () => {
  test('the chat page has the same texts in English and French', () => {
    assertSameKeys(pageTexts(), 'texts.js');
  });

  test('the widget has the same texts in English and French', () => {
    assertSameKeys(widgetTexts(), 'widget.js');
  });

  test('the chat page uses every text it has, and has every text it uses', () => {
    const keys = new Set(Object.keys(pageTexts().en));
    const script = source('chat.js');
    const html = source('chat.html');
    // text('key', ...) in the script; data-text, data-placeholder, data-label and data-title="key" in the page.
    const used = new Set([
      ...[...script.matchAll(/\btext\('(\w+)'/g)].map((m) => m[1]),
      ...[...html.matchAll(/data-(?:text|placeholder|label|title)="(\w+)"/g)].map((m) => m[1]),
    ]);
    for (const key of used) assert.ok(keys.has(key), `"${key}" is used but has no text`);
    // Keys may also be chosen in an expression (text(a ? 'x' : 'y')): any quoted mention counts.
    for (const key of keys) {
      assert.ok(used.has(key) || script.includes(`'${key}'`), `the text "${key}" is never used`);
    }
  });
});

// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

namespace frontline {

class Store;

// A folder of Markdown files and the knowledge base (`frontline kb import DIR`, `frontline kb
// export DIR`, the demo's articles): one article per *.md file, in the format of
// knowledge::parseMarkdownArticle. On the calling thread, over a store of its own.
struct KnowledgeImport
{
    int added = 0;
    int updated = 0; // an article of the same title (whatever the case) is changed, not doubled
    int unchanged = 0;
};

// Reads and checks every file first: a file that cannot be read or parsed, or whose article
// breaks a rule, throws DomainError naming it, before anything is stored. Each article is then
// stored (and audited as `actor`) in its own transaction. A folder without *.md files throws.
KnowledgeImport importKnowledgeFolder(Store &store, const QString &folder, const QString &actor);

// Writes every article as a file of the folder (created if needed), named after its title
// (knowledge::markdownFileName); returns how many. Throws DomainError when a file cannot be
// written.
int exportKnowledgeFolder(Store &store, const QString &folder);

// The demo's articles (resources/knowledge/{en,fr}, built in), imported when the knowledge base
// has none; returns how many were added (0 when it had some).
int loadDemoKnowledge(Store &store);

} // namespace frontline

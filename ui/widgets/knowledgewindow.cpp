// SPDX-License-Identifier: GPL-3.0-or-later
#include "knowledgewindow.h"

#include "consolecontroller.h"
#include "icons.h"

#include <QComboBox>
#include <QDesktopServices>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QLocale>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPointer>
#include <QPushButton>
#include <QSplitter>
#include <QTabWidget>
#include <QTextBrowser>
#include <QTextDocument>
#include <QTreeWidget>
#include <QUrl>
#include <QVBoxLayout>

#include <algorithm>

namespace frontline::ui {

namespace {

constexpr int ArticleIdRole = Qt::UserRole;
constexpr int QuestionIdRole = Qt::UserRole;
constexpr int QuestionLocaleRole = Qt::UserRole + 1;

bool isWebAddress(const QUrl &url)
{
    return url.isValid() && !url.host().isEmpty()
        && (url.scheme() == QLatin1String("http") || url.scheme() == QLatin1String("https"));
}

} // namespace

KnowledgeWindow::KnowledgeWindow(ConsoleController &console, QWidget *parent)
    : QDialog(parent)
    , m_console(console)
    , m_tabs(new QTabWidget(this))
    , m_filter(new QLineEdit(this))
    , m_list(new QListWidget(this))
    , m_new(new QPushButton(tr("&New article"), this))
    , m_title(new QLineEdit(this))
    , m_url(new QLineEdit(this))
    , m_language(new QComboBox(this))
    , m_body(new QPlainTextEdit(this))
    , m_preview(new QTextBrowser(this))
    , m_save(new QPushButton(tr("&Save"), this))
    , m_delete(new QPushButton(tr("&Delete"), this))
    , m_readOnlyNote(new QLabel(this))
    , m_status(new QLabel(this))
    , m_unanswered(new QTreeWidget(this))
    , m_write(new QPushButton(tr("&Write an article"), this))
    , m_dismiss(new QPushButton(tr("D&ismiss"), this))
    , m_unansweredNote(new QLabel(this))
{
    setWindowTitle(tr("Knowledge base"));
    setObjectName(QStringLiteral("knowledgeWindow"));
    m_tabs->setObjectName(QStringLiteral("knowledgeTabs"));

    // The articles: the list and its filter on the left, the editor on the right.
    m_filter->setObjectName(QStringLiteral("knowledgeFilter"));
    m_filter->setPlaceholderText(tr("Filter articles"));
    m_filter->setClearButtonEnabled(true);
    m_list->setObjectName(QStringLiteral("knowledgeList"));
    m_new->setObjectName(QStringLiteral("newKnowledgeArticle"));
    // A long title wraps rather than hiding behind a scroll bar.
    m_list->setWordWrap(true);
    m_list->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    auto *listSide = new QWidget(this);
    listSide->setMinimumWidth(fontMetrics().averageCharWidth() * 24);
    auto *listLayout = new QVBoxLayout(listSide);
    listLayout->setContentsMargins(0, 0, 0, 0);
    listLayout->addWidget(m_filter);
    listLayout->addWidget(m_list, 1);
    listLayout->addWidget(m_new);

    m_title->setObjectName(QStringLiteral("knowledgeTitle"));
    m_title->setMaxLength(int(knowledge::MaxTitleLength));
    m_url->setObjectName(QStringLiteral("knowledgeUrl"));
    m_url->setMaxLength(int(knowledge::MaxUrlLength));
    m_url->setPlaceholderText(tr("https://… (optional: where customers can read it)"));
    m_language->setObjectName(QStringLiteral("knowledgeLanguage"));
    m_language->addItem(tr("Any language"), QString());
    m_language->addItem(tr("English"), QStringLiteral("en"));
    m_language->addItem(tr("French"), QStringLiteral("fr"));
    m_body->setObjectName(QStringLiteral("knowledgeBody"));
    m_body->setPlaceholderText(tr("The article, in Markdown: # headings, lists, **bold**, links…"));
    m_body->setTabChangesFocus(true);
    m_preview->setObjectName(QStringLiteral("knowledgePreview"));
    m_preview->setOpenLinks(false);
    connect(m_preview, &QTextBrowser::anchorClicked, this, [](const QUrl &url) {
        if (isWebAddress(url))
            QDesktopServices::openUrl(url);
    });
    auto *editors = new QSplitter(Qt::Horizontal, this);
    editors->setChildrenCollapsible(false);
    editors->addWidget(m_body);
    editors->addWidget(m_preview);

    m_save->setObjectName(QStringLiteral("saveKnowledgeArticle"));
    m_save->setDefault(true);
    m_delete->setObjectName(QStringLiteral("deleteKnowledgeArticle"));
    m_readOnlyNote->setObjectName(QStringLiteral("knowledgeReadOnly"));
    m_readOnlyNote->setWordWrap(true);
    m_readOnlyNote->setText(tr("Only an administrator can change the knowledge base."));
    m_status->setObjectName(QStringLiteral("knowledgeStatus"));
    m_status->setWordWrap(true);
    m_status->setTextFormat(Qt::PlainText);

    auto *editorSide = new QWidget(this);
    auto *form = new QFormLayout;
    form->addRow(tr("&Title"), m_title);
    form->addRow(tr("&Address"), m_url);
    form->addRow(tr("&Language"), m_language);
    auto *actions = new QHBoxLayout;
    actions->addWidget(m_readOnlyNote, 1);
    actions->addWidget(m_status, 1);
    actions->addWidget(m_delete);
    actions->addWidget(m_save);
    auto *editorLayout = new QVBoxLayout(editorSide);
    editorLayout->setContentsMargins(0, 0, 0, 0);
    editorLayout->addLayout(form);
    auto *labels = new QHBoxLayout;
    labels->addWidget(new QLabel(tr("Markdown"), this), 1);
    labels->addWidget(new QLabel(tr("Preview"), this), 1);
    editorLayout->addLayout(labels);
    editorLayout->addWidget(editors, 1);
    editorLayout->addLayout(actions);

    auto *articles = new QSplitter(Qt::Horizontal, this);
    articles->setObjectName(QStringLiteral("knowledgeArticles"));
    articles->setChildrenCollapsible(false);
    articles->addWidget(listSide);
    articles->addWidget(editorSide);
    articles->setStretchFactor(0, 1);
    articles->setStretchFactor(1, 3);
    // At first wide enough for a title of a few words ("Authentification à deux facteurs").
    const int listWidth = fontMetrics().averageCharWidth() * 40;
    articles->setSizes({ listWidth, 1080 - listWidth });
    m_tabs->addTab(articles, tr("&Articles"));

    // The unanswered questions.
    m_unanswered->setObjectName(QStringLiteral("unansweredQuestions"));
    m_unanswered->setRootIsDecorated(false);
    m_unanswered->setAlternatingRowColors(true);
    m_unanswered->setHeaderLabels({ tr("Question"), tr("Language"), tr("Asked") });
    m_unanswered->header()->setStretchLastSection(false);
    m_unanswered->header()->setSectionResizeMode(0, QHeaderView::Stretch);
    m_unanswered->header()->setSectionResizeMode(1, QHeaderView::ResizeToContents);
    m_unanswered->header()->setSectionResizeMode(2, QHeaderView::ResizeToContents);
    m_write->setObjectName(QStringLiteral("writeKnowledgeArticle"));
    m_dismiss->setObjectName(QStringLiteral("dismissUnansweredQuestion"));
    m_unansweredNote->setObjectName(QStringLiteral("unansweredNote"));
    m_unansweredNote->setWordWrap(true);
    m_unansweredNote->setTextFormat(Qt::PlainText);
    auto *unansweredPage = new QWidget(this);
    auto *unansweredLayout = new QVBoxLayout(unansweredPage);
    auto *intro = new QLabel(tr("Questions customers asked that the knowledge base had no "
                                "answer to: write an article for them, or dismiss them."),
        this);
    intro->setWordWrap(true);
    unansweredLayout->addWidget(intro);
    unansweredLayout->addWidget(m_unanswered, 1);
    unansweredLayout->addWidget(m_unansweredNote);
    auto *questionActions = new QHBoxLayout;
    questionActions->addStretch(1);
    questionActions->addWidget(m_dismiss);
    questionActions->addWidget(m_write);
    unansweredLayout->addLayout(questionActions);
    m_tabs->addTab(unansweredPage, tr("&Unanswered questions"));

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_tabs, 1);
    layout->addWidget(buttons);

    connect(m_filter, &QLineEdit::textChanged, this, &KnowledgeWindow::applyFilter);
    connect(m_list, &QListWidget::currentItemChanged, this, [this](QListWidgetItem *item) {
        if (m_filling || !item)
            return;
        const qint64 id = item->data(ArticleIdRole).toLongLong();
        if (id == m_editedId)
            return;
        for (const KnowledgeArticle &article : m_console.knowledgeArticles()) {
            if (article.id == id)
                edit(article);
        }
    });
    connect(m_new, &QPushButton::clicked, this, [this] { startArticle(); });
    for (QLineEdit *line : { m_title, m_url })
        connect(line, &QLineEdit::textChanged, this, &KnowledgeWindow::updateActions);
    connect(m_language, &QComboBox::currentIndexChanged, this, &KnowledgeWindow::updateActions);
    connect(m_body, &QPlainTextEdit::textChanged, this, [this] {
        updatePreview();
        updateActions();
    });
    connect(m_save, &QPushButton::clicked, this, &KnowledgeWindow::save);
    connect(m_delete, &QPushButton::clicked, this, &KnowledgeWindow::removeArticle);
    connect(m_unanswered, &QTreeWidget::currentItemChanged, this, &KnowledgeWindow::updateActions);
    connect(m_write, &QPushButton::clicked, this, [this] {
        const QTreeWidgetItem *item = m_unanswered->currentItem();
        if (!item)
            return;
        startArticle(item->text(0), item->data(0, QuestionLocaleRole).toString());
        m_tabs->setCurrentIndex(0);
        m_title->setFocus();
    });
    connect(m_dismiss, &QPushButton::clicked, this, [this] {
        const QTreeWidgetItem *item = m_unanswered->currentItem();
        if (!item)
            return;
        m_console.dismissUnansweredQuestion(item->data(0, QuestionIdRole).toLongLong(),
            [window = QPointer(this)](const QString &error) {
                if (window && !error.isEmpty())
                    window->m_unansweredNote->setText(error);
            });
    });
    connect(&console, &ConsoleController::knowledgeChanged, this, &KnowledgeWindow::showArticles);
    connect(&console, &ConsoleController::unansweredQuestionsChanged, this,
        &KnowledgeWindow::showUnanswered);

    startArticle();
    showArticles({});
    showUnanswered({});
    console.loadKnowledge();
    console.loadUnansweredQuestions();
    resize(1080, 640);
}

bool KnowledgeWindow::selectArticle(qint64 id)
{
    for (const KnowledgeArticle &article : m_console.knowledgeArticles()) {
        if (article.id == id) {
            edit(article);
            return true;
        }
    }
    return false;
}

void KnowledgeWindow::startArticle(const QString &title, const QString &locale)
{
    KnowledgeArticle article;
    article.title = title;
    article.locale = locale;
    edit(article);
    m_original = {}; // a prefilled title is the agent's change, to save
    updateActions();
}

void KnowledgeWindow::edit(const KnowledgeArticle &article)
{
    m_filling = true;
    m_editedId = article.id;
    m_original = article;
    m_title->setText(article.title);
    m_url->setText(article.url);
    const int language = m_language->findData(article.locale);
    m_language->setCurrentIndex(language < 0 ? 0 : language);
    m_body->setPlainText(article.body);
    m_list->setCurrentItem(nullptr);
    for (int row = 0; row < m_list->count(); ++row) {
        if (article.id != 0 && m_list->item(row)->data(ArticleIdRole).toLongLong() == article.id)
            m_list->setCurrentRow(row);
    }
    m_filling = false;
    setStatus({});
    updatePreview();
    updateActions();
}

KnowledgeArticle KnowledgeWindow::edited() const
{
    KnowledgeArticle article = m_original;
    article.id = m_editedId;
    article.title = m_title->text().trimmed();
    article.url = m_url->text().trimmed();
    article.locale = m_language->currentData().toString();
    article.body = m_body->toPlainText();
    return article;
}

bool KnowledgeWindow::isModified() const
{
    const KnowledgeArticle now = edited();
    return now.title != m_original.title || now.url != m_original.url
        || now.locale != m_original.locale || now.body != m_original.body;
}

void KnowledgeWindow::showArticles(const QString &error)
{
    if (!error.isEmpty()) {
        setStatus(error, true);
        return;
    }
    m_filling = true;
    m_list->clear();
    const QLocale locale;
    bool editedStillThere = m_editedId == 0;
    // The articles in the agent's language first, then those for any language, then the
    // others, each by title (as the server lists them).
    QList<KnowledgeArticle> articles = m_console.knowledgeArticles();
    const QString language = ConsoleController::agentLanguage();
    const auto rank = [&language](const KnowledgeArticle &article) {
        return article.locale == language ? 0 : article.locale.isEmpty() ? 1 : 2;
    };
    std::stable_sort(articles.begin(), articles.end(),
        [&rank](
            const KnowledgeArticle &a, const KnowledgeArticle &b) { return rank(a) < rank(b); });
    for (const KnowledgeArticle &article : std::as_const(articles)) {
        auto *item = new QListWidgetItem(article.title, m_list);
        item->setData(ArticleIdRole, article.id);
        QString tip = article.updatedBy.isEmpty()
            ? tr("Changed %1")
                  .arg(locale.toString(article.updatedAt.toLocalTime(), QLocale::ShortFormat))
            : tr("Changed %1 by %2")
                  .arg(locale.toString(article.updatedAt.toLocalTime(), QLocale::ShortFormat),
                      article.updatedBy);
        if (!article.url.isEmpty())
            tip += QLatin1Char('\n') + article.url;
        item->setToolTip(tip);
        if (article.id == m_editedId) {
            editedStillThere = true;
            m_list->setCurrentItem(item);
            // Changed elsewhere while the agent has not touched it here: shown as it is now.
            if (article != m_original && !isModified()) {
                m_filling = false;
                edit(article);
                m_filling = true;
            }
        }
    }
    m_filling = false;
    if (!editedStillThere) {
        // Deleted (here or by another administrator): what was typed stays, as a new article.
        m_editedId = 0;
        m_original = {};
        setStatus(tr("This article was deleted. Save to add it again."));
    }
    applyFilter();
    // Opened for the first time: the first article is shown, rather than an empty editor.
    if (!m_listShown && m_editedId == 0 && !isModified() && m_list->count() > 0)
        m_list->setCurrentRow(0);
    m_listShown = m_listShown || m_list->count() > 0;
    updateActions();
}

void KnowledgeWindow::applyFilter()
{
    const QString words = m_filter->text().simplified();
    for (int row = 0; row < m_list->count(); ++row) {
        QListWidgetItem *item = m_list->item(row);
        bool shown = true;
        if (!words.isEmpty()) {
            const qint64 id = item->data(ArticleIdRole).toLongLong();
            QString haystack = item->text();
            for (const KnowledgeArticle &article : m_console.knowledgeArticles()) {
                if (article.id == id)
                    haystack += QLatin1Char('\n') + article.body;
            }
            for (const QString &word : words.split(QLatin1Char(' '))) {
                if (!haystack.contains(word, Qt::CaseInsensitive))
                    shown = false;
            }
        }
        item->setHidden(!shown);
    }
}

void KnowledgeWindow::showUnanswered(const QString &error)
{
    m_unansweredNote->setText(error);
    const qint64 current = m_unanswered->currentItem()
        ? m_unanswered->currentItem()->data(0, QuestionIdRole).toLongLong()
        : 0;
    m_unanswered->clear();
    const QLocale locale;
    for (const UnansweredQuestion &question : m_console.unansweredQuestions()) {
        auto *item = new QTreeWidgetItem(m_unanswered);
        item->setText(0, question.question);
        item->setToolTip(0, question.question);
        item->setText(1,
            question.locale == QLatin1String("fr")       ? tr("French")
                : question.locale == QLatin1String("en") ? tr("English")
                                                         : question.locale);
        item->setText(2, locale.toString(question.askedAt.toLocalTime(), QLocale::ShortFormat));
        item->setData(0, QuestionIdRole, question.id);
        item->setData(0, QuestionLocaleRole, question.locale);
        if (question.id == current)
            m_unanswered->setCurrentItem(item);
    }
    if (error.isEmpty() && m_console.unansweredQuestions().isEmpty())
        m_unansweredNote->setText(tr("No unanswered question: the knowledge base answered every "
                                     "customer so far."));
    updateActions();
}

void KnowledgeWindow::updatePreview()
{
    // HTML in the Markdown is text, as in a message: never markup, never a script.
    m_preview->document()->setMarkdown(m_body->toPlainText(),
        QTextDocument::MarkdownFeatures(
            QTextDocument::MarkdownDialectGitHub | QTextDocument::MarkdownNoHTML));
}

void KnowledgeWindow::updateActions()
{
    const bool admin = m_console.isAdmin();
    for (QLineEdit *line : { m_title, m_url })
        line->setReadOnly(!admin);
    m_body->setReadOnly(!admin);
    m_language->setEnabled(admin);
    m_new->setVisible(admin);
    m_readOnlyNote->setVisible(!admin);
    m_save->setVisible(admin);
    m_delete->setVisible(admin);
    const bool modified = isModified();
    m_save->setEnabled(admin && modified && !m_title->text().trimmed().isEmpty()
        && !m_body->toPlainText().trimmed().isEmpty());
    m_delete->setEnabled(admin && m_editedId != 0);
    const bool question = m_unanswered->currentItem() != nullptr;
    m_write->setVisible(admin);
    m_write->setEnabled(admin && question);
    m_dismiss->setVisible(admin);
    m_dismiss->setEnabled(admin && question);
}

void KnowledgeWindow::save()
{
    const KnowledgeArticle article = edited();
    if (!article.url.isEmpty() && !isWebAddress(QUrl(article.url, QUrl::StrictMode))) {
        setStatus(tr("The address must start with http:// or https://, or be left empty."), true);
        m_url->setFocus();
        return;
    }
    if (article.body.toUtf8().size() > knowledge::MaxBodyBytes) {
        setStatus(
            tr("The article is too long: at most %1 KiB.").arg(knowledge::MaxBodyBytes / 1024),
            true);
        return;
    }
    m_save->setEnabled(false);
    setStatus(tr("Saving…"));
    m_console.saveKnowledgeArticle(
        article, [window = QPointer(this)](const KnowledgeArticle &saved, const QString &error) {
            if (!window)
                return;
            if (!error.isEmpty()) {
                window->setStatus(tr("Not saved: %1").arg(error), true);
                window->updateActions();
                return;
            }
            window->edit(saved);
            window->setStatus(tr("Saved."));
        });
}

void KnowledgeWindow::removeArticle()
{
    if (m_editedId == 0)
        return;
    const qint64 id = m_editedId;
    const auto answer = QMessageBox::question(this, tr("Delete the article"),
        tr("Delete “%1”? The assistant no longer answers from it.").arg(m_original.title),
        QMessageBox::Yes | QMessageBox::Cancel, QMessageBox::Cancel);
    if (answer != QMessageBox::Yes)
        return;
    m_console.removeKnowledgeArticle(id, [window = QPointer(this)](const QString &error) {
        if (!window)
            return;
        if (!error.isEmpty()) {
            window->setStatus(tr("Not deleted: %1").arg(error), true);
            return;
        }
        window->startArticle();
        window->setStatus(tr("Deleted."));
    });
}

void KnowledgeWindow::setStatus(const QString &text, bool error)
{
    m_status->setText(text);
    m_status->setProperty("error", error);
}

} // namespace frontline::ui

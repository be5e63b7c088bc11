// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/knowledge.h"

#include <QDialog>

class QComboBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QPlainTextEdit;
class QPushButton;
class QTabWidget;
class QTextBrowser;
class QTreeWidget;

namespace frontline::ui {

class ConsoleController;

// The knowledge base window (Ctrl+Shift+K): the articles the assistant answers from, with a
// filter, and an editor (title, public address, language, Markdown body) whose preview shows
// HTML in the Markdown as text, like a message. Administrators save and delete; other agents
// read. Its second tab lists the customers' questions the knowledge base had no answer to:
// "Write an article" starts one with the question as its title, Dismiss takes it off the list.
// Live on the `knowledge` events.
class KnowledgeWindow final : public QDialog
{
    Q_OBJECT
public:
    explicit KnowledgeWindow(ConsoleController &console, QWidget *parent = nullptr);

    QTabWidget *tabs() const { return m_tabs; }
    QLineEdit *filter() const { return m_filter; }
    QListWidget *articleList() const { return m_list; }
    QLineEdit *titleEdit() const { return m_title; }
    QLineEdit *urlEdit() const { return m_url; }
    QComboBox *languageBox() const { return m_language; }
    QPlainTextEdit *bodyEdit() const { return m_body; }
    QTextBrowser *preview() const { return m_preview; }
    QPushButton *newButton() const { return m_new; }
    QPushButton *saveButton() const { return m_save; }
    QPushButton *deleteButton() const { return m_delete; }
    QLabel *status() const { return m_status; }
    QTreeWidget *unansweredList() const { return m_unanswered; }
    QPushButton *writeArticleButton() const { return m_write; }
    QPushButton *dismissButton() const { return m_dismiss; }
    // The id of the article in the editor (0: a new one).
    qint64 editedId() const { return m_editedId; }
    // Puts article `id` in the editor (and selects it in the list); false when it is not there.
    bool selectArticle(qint64 id);
    // A new article in the editor, its title and language given.
    void startArticle(const QString &title = {}, const QString &locale = {});

private:
    void showArticles(const QString &error);
    void showUnanswered(const QString &error);
    void applyFilter();
    void edit(const KnowledgeArticle &article);
    void updatePreview();
    void updateActions();
    void save();
    void removeArticle();
    void setStatus(const QString &text, bool error = false);
    KnowledgeArticle edited() const;
    bool isModified() const;

    ConsoleController &m_console;
    QTabWidget *m_tabs;
    QLineEdit *m_filter;
    QListWidget *m_list;
    QPushButton *m_new;
    QLineEdit *m_title;
    QLineEdit *m_url;
    QComboBox *m_language;
    QPlainTextEdit *m_body;
    QTextBrowser *m_preview;
    QPushButton *m_save;
    QPushButton *m_delete;
    QLabel *m_readOnlyNote;
    QLabel *m_status;
    QTreeWidget *m_unanswered;
    QPushButton *m_write;
    QPushButton *m_dismiss;
    QLabel *m_unansweredNote;
    qint64 m_editedId = 0;
    KnowledgeArticle m_original; // as the server has it (empty for a new one)
    bool m_listShown = false; // the articles were listed once: the first is opened then
    bool m_filling = false; // the editor is being filled: no change of the agent's
};

} // namespace frontline::ui

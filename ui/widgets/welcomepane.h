// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QJsonObject>
#include <QUrl>
#include <QWidget>

class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;

namespace frontline::ui {

// What the middle of the window shows while no conversation is open: on the first run, how
// customers reach the chat (the page's address with Copy and Open, the website's button
// snippet, which sites may embed it) and a short checklist (the name customers see, the
// agents, the AI provider); later, how to pick a conversation. Everything is plain text.
class WelcomePane final : public QWidget
{
    Q_OBJECT
public:
    explicit WelcomePane(QWidget *parent = nullptr);

    // The server customers reach (the console's own, or the one it serves on).
    void setServer(const QUrl &server);
    // The server's settings as the agent API gives them (mock mode, assistant, names).
    void setSettings(const QJsonObject &settings);
    // Whether any conversation exists yet: the first run's title, or the everyday one.
    void setHasSessions(bool hasSessions);

    QUrl chatPageUrl() const;
    QString widgetSnippet() const;

Q_SIGNALS:
    void settingsRequested();

protected:
    void changeEvent(QEvent *event) override;

private:
    void showTexts();
    void applyIcons();
    // ✓ when done, a hollow circle while it is still to do.
    static QString checkMark(bool done);

    QUrl m_server;
    QJsonObject m_settings;
    bool m_hasSessions = false;

    QLabel *m_title;
    QLabel *m_reachHeading = nullptr;
    QLabel *m_embedHeading = nullptr;
    QLabel *m_stepsHeading = nullptr;
    QLabel *m_hint;
    QLineEdit *m_chatUrl;
    QPushButton *m_copyUrl;
    QPushButton *m_openUrl;
    QLabel *m_localOnly;
    QPlainTextEdit *m_snippet;
    QPushButton *m_copySnippet;
    QLabel *m_frameAncestors;
    QLabel *m_nameStep;
    QPushButton *m_nameSettings;
    QLabel *m_agentsStep;
    QPushButton *m_copyAgentCommand;
    QLabel *m_aiStep;
    QPushButton *m_aiSettings;
};

} // namespace frontline::ui

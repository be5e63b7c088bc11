// SPDX-License-Identifier: GPL-3.0-or-later
#include "welcomepane.h"

#include "icons.h"

#include <QApplication>
#include <QClipboard>
#include <QDesktopServices>
#include <QEvent>
#include <QFontDatabase>
#include <QGridLayout>
#include <QHostAddress>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace frontline::ui {

namespace {

const QString AgentCommand = QStringLiteral("frontline agent add NAME --display-name \"Name\"");

QLabel *plainLabel(QWidget *parent, const QString &objectName = {})
{
    auto *label = new QLabel(parent);
    label->setTextFormat(Qt::PlainText);
    label->setWordWrap(true);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    if (!objectName.isEmpty())
        label->setObjectName(objectName);
    return label;
}

QLabel *heading(QWidget *parent)
{
    QLabel *label = plainLabel(parent);
    QFont font = label->font();
    font.setBold(true);
    label->setFont(font);
    return label;
}

bool isThisComputerOnly(const QUrl &url)
{
    const QString host = url.host();
    return host == QLatin1String("localhost") || QHostAddress(host).isLoopback();
}

} // namespace

WelcomePane::WelcomePane(QWidget *parent)
    : QWidget(parent)
    , m_title(plainLabel(this, QStringLiteral("welcomeTitle")))
    , m_hint(plainLabel(this, QStringLiteral("welcomeHint")))
    , m_chatUrl(new QLineEdit(this))
    , m_copyUrl(new QPushButton(this))
    , m_openUrl(new QPushButton(this))
    , m_localOnly(plainLabel(this, QStringLiteral("welcomeLocalOnly")))
    , m_snippet(new QPlainTextEdit(this))
    , m_copySnippet(new QPushButton(this))
    , m_frameAncestors(plainLabel(this, QStringLiteral("welcomeFrameAncestors")))
    , m_nameStep(plainLabel(this, QStringLiteral("welcomeNameStep")))
    , m_nameSettings(new QPushButton(this))
    , m_agentsStep(plainLabel(this, QStringLiteral("welcomeAgentsStep")))
    , m_copyAgentCommand(new QPushButton(this))
    , m_aiStep(plainLabel(this, QStringLiteral("welcomeAiStep")))
    , m_aiSettings(new QPushButton(this))
{
    setObjectName(QStringLiteral("welcomePane"));
    QFont title = m_title->font();
    title.setPointSizeF(title.pointSizeF() * 1.35);
    title.setBold(true);
    m_title->setFont(title);
    m_chatUrl->setObjectName(QStringLiteral("welcomeChatUrl"));
    m_chatUrl->setReadOnly(true);
    m_copyUrl->setObjectName(QStringLiteral("welcomeCopyUrl"));
    m_openUrl->setObjectName(QStringLiteral("welcomeOpenUrl"));
    m_snippet->setObjectName(QStringLiteral("welcomeSnippet"));
    m_snippet->setReadOnly(true);
    m_snippet->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_snippet->setLineWrapMode(QPlainTextEdit::WidgetWidth);
    m_snippet->setFixedHeight(m_snippet->fontMetrics().lineSpacing() * 3 + 12);
    m_copySnippet->setObjectName(QStringLiteral("welcomeCopySnippet"));
    m_nameSettings->setObjectName(QStringLiteral("welcomeNameSettings"));
    m_copyAgentCommand->setObjectName(QStringLiteral("welcomeCopyAgentCommand"));
    m_aiSettings->setObjectName(QStringLiteral("welcomeAiSettings"));

    auto *reach = new QGridLayout;
    reach->setColumnStretch(0, 1);
    reach->addWidget(m_chatUrl, 0, 0);
    reach->addWidget(m_copyUrl, 0, 1);
    reach->addWidget(m_openUrl, 0, 2);
    reach->addWidget(m_localOnly, 1, 0, 1, 3);

    auto *embed = new QGridLayout;
    embed->setColumnStretch(0, 1);
    embed->addWidget(m_snippet, 0, 0);
    embed->addWidget(m_copySnippet, 0, 1, Qt::AlignTop);
    embed->addWidget(m_frameAncestors, 1, 0, 1, 2);

    auto *steps = new QGridLayout;
    steps->setColumnStretch(0, 1);
    steps->addWidget(m_nameStep, 0, 0);
    steps->addWidget(m_nameSettings, 0, 1);
    steps->addWidget(m_agentsStep, 1, 0);
    steps->addWidget(m_copyAgentCommand, 1, 1);
    steps->addWidget(m_aiStep, 2, 0);
    steps->addWidget(m_aiSettings, 2, 1);

    m_reachHeading = heading(this);
    m_embedHeading = heading(this);
    m_stepsHeading = heading(this);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(24, 20, 24, 20);
    layout->setSpacing(8);
    layout->addWidget(m_title);
    layout->addWidget(m_hint);
    layout->addSpacing(12);
    layout->addWidget(m_reachHeading);
    layout->addLayout(reach);
    layout->addSpacing(8);
    layout->addWidget(m_embedHeading);
    layout->addLayout(embed);
    layout->addSpacing(8);
    layout->addWidget(m_stepsHeading);
    layout->addLayout(steps);
    layout->addStretch(1);

    connect(m_copyUrl, &QPushButton::clicked, this,
        [this] { QApplication::clipboard()->setText(chatPageUrl().toString()); });
    connect(m_openUrl, &QPushButton::clicked, this,
        [this] { QDesktopServices::openUrl(chatPageUrl()); });
    connect(m_copySnippet, &QPushButton::clicked, this,
        [this] { QApplication::clipboard()->setText(widgetSnippet()); });
    connect(m_copyAgentCommand, &QPushButton::clicked, this,
        [] { QApplication::clipboard()->setText(AgentCommand); });
    connect(m_nameSettings, &QPushButton::clicked, this, &WelcomePane::settingsRequested);
    connect(m_aiSettings, &QPushButton::clicked, this, &WelcomePane::settingsRequested);
    applyIcons();
    showTexts();
}

void WelcomePane::setServer(const QUrl &server)
{
    m_server = server.adjusted(QUrl::RemoveUserInfo | QUrl::RemovePath | QUrl::RemoveQuery
        | QUrl::RemoveFragment | QUrl::StripTrailingSlash);
    showTexts();
}

void WelcomePane::setSettings(const QJsonObject &settings)
{
    m_settings = settings;
    showTexts();
}

void WelcomePane::setHasSessions(bool hasSessions)
{
    if (hasSessions == m_hasSessions)
        return;
    m_hasSessions = hasSessions;
    showTexts();
}

QUrl WelcomePane::chatPageUrl() const
{
    if (m_server.isEmpty())
        return {};
    QUrl url = m_server;
    url.setPath(QStringLiteral("/support/chat"));
    return url;
}

QString WelcomePane::widgetSnippet() const
{
    if (m_server.isEmpty())
        return {};
    QUrl script = m_server;
    script.setPath(QStringLiteral("/widget.js"));
    return QStringLiteral("<script src=\"%1\" defer\n        data-title=\"%2\"></script>")
        .arg(script.toString(QUrl::FullyEncoded), tr("Need help?"));
}

QString WelcomePane::checkMark(bool done)
{
    return done ? QStringLiteral("\u2714  ") : QStringLiteral("\u25CB  ");
}

void WelcomePane::showTexts()
{
    m_title->setText(m_hasSessions ? tr("Choose a conversation") : tr("No conversations yet"));
    m_hint->setText(m_hasSessions
            ? tr("Pick one in the list, or take the customer who has waited longest with "
                 "Ctrl+Shift+T. Ctrl+K finds any action or customer.")
            : tr("As soon as a customer writes, their conversation appears on the left; the AI "
                 "assistant answers until someone asks for a human."));
    m_reachHeading->setText(tr("How customers reach you"));
    m_chatUrl->setText(chatPageUrl().toString());
    m_chatUrl->setAccessibleName(tr("Chat page address"));
    m_copyUrl->setText(tr("Copy"));
    m_openUrl->setText(tr("Open"));
    m_copyUrl->setEnabled(!m_server.isEmpty());
    m_openUrl->setEnabled(!m_server.isEmpty());
    m_localOnly->setVisible(isThisComputerOnly(m_server));
    m_localOnly->setText(
        tr("This address works on this computer only. For customers, serve Frontline at an "
           "address they can reach (--listen, behind your web server's HTTPS)."));
    m_embedHeading->setText(tr("A chat button on your website"));
    m_snippet->setPlainText(widgetSnippet());
    m_snippet->setAccessibleName(tr("Website snippet"));
    m_copySnippet->setText(tr("Copy"));
    m_copySnippet->setEnabled(!m_server.isEmpty());
    m_frameAncestors->setText(
        tr("Paste it before </body>. To open the chat inside your pages, allow your site: start "
           "Frontline with --frame-ancestors https://your-site.example (or set "
           "FRONTLINE_FRAME_ANCESTORS). Until then the button opens the chat in a new tab."));

    m_stepsHeading->setText(tr("Before the first customer"));
    const QString name = m_settings.value(QStringLiteral("administratorName")).toString();
    m_nameStep->setText(checkMark(!name.isEmpty())
        + (name.isEmpty() ? tr("Choose the name customers see when you answer.")
                          : tr("Customers see you as %1.").arg(name)));
    m_nameSettings->setText(tr("Settings…"));
    m_agentsStep->setText(checkMark(false)
        + tr("Add your colleagues as agents, each with this command (it prints their token):")
        + QStringLiteral("\n    ") + AgentCommand);
    m_copyAgentCommand->setText(tr("Copy command"));
    const QString assistant = m_settings.value(QStringLiteral("assistant")).toString();
    const bool mock = m_settings.value(QStringLiteral("mockMode")).toBool(true);
    m_aiStep->setText(checkMark(!mock && assistant == QLatin1String("ok"))
        + (mock ? tr("The AI assistant gives sample answers (mock mode). Connect an "
                     "OpenAI-compatible provider, private or local, in Settings → AI provider.")
                : assistant == QLatin1String("ok")
                ? tr("The AI assistant answers with %1.")
                      .arg(m_settings.value(QStringLiteral("provider"))
                               .toObject()
                               .value(QStringLiteral("model"))
                               .toString())
                : tr("The AI provider does not answer well yet: check it in Settings → AI "
                     "provider.")));
    m_aiSettings->setText(tr("Settings…"));
}

void WelcomePane::applyIcons()
{
    const QPalette &colours = palette();
    m_copyUrl->setIcon(icons::named(QStringLiteral("edit-copy"), colours));
    m_copySnippet->setIcon(icons::named(QStringLiteral("edit-copy"), colours));
    m_copyAgentCommand->setIcon(icons::named(QStringLiteral("edit-copy"), colours));
    m_openUrl->setIcon(icons::named(QStringLiteral("document-open-remote"), colours));
    m_nameSettings->setIcon(icons::named(QStringLiteral("configure"), colours));
    m_aiSettings->setIcon(icons::named(QStringLiteral("configure"), colours));
}

void WelcomePane::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        showTexts();
    if (event->type() == QEvent::PaletteChange)
        applyIcons();
    QWidget::changeEvent(event);
}

} // namespace frontline::ui

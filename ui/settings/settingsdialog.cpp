// SPDX-License-Identifier: GPL-3.0-or-later
#include "settingsdialog.h"

#include "autoassignmentpage.h"
#include "businesshourspage.h"
#include "config/configuration.h"
#include "config/listenaddress.h"
#include "config/serveroptions.h"
#include "consolesettings.h"
#include "domain/administratorname.h"
#include "domain/cannedresponse.h"
#include "domain/customertexts.h"
#include "domain/displayname.h"
#include "keychainentry.h"
#include "prechatpage.h"
#include "security/ratelimiter.h"
#include "settings/runtimesettings.h"
#include "settingsnote.h"
#include "store/databasecheck.h"
#include "store/databaseurl.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QSettings>
#include <QSpinBox>
#include <QTabBar>
#include <QTabWidget>
#include <QTableWidget>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

namespace frontline::ui {

namespace {

QLineEdit *lineEdit(const QString &objectName, QWidget *parent)
{
    auto *edit = new QLineEdit(parent);
    edit->setObjectName(objectName);
    return edit;
}

} // namespace

SettingsDialog::SettingsDialog(QSettings &settings, QWidget *parent)
    : QDialog(parent)
    , m_settings(settings)
    , m_tabs(new QTabWidget(this))
    , m_keyEntry(new KeychainEntry(KeychainEntry::providerKey(), this))
    , m_tokenEntry(new KeychainEntry(KeychainEntry::agentToken(), this))
{
    setWindowTitle(tr("Frontline settings"));
    m_tabs->addTab(connectionPage(), tr("Connection"));
    m_tabs->addTab(serverPage(), tr("Server"));
    m_tabs->addTab(databasePage(), tr("Database"));
    m_tabs->addTab(providerPage(), tr("AI provider"));
    m_tabs->addTab(rateLimitsPage(), tr("Rate limits"));
    m_tabs->addTab(cannedPage(), tr("Canned responses"));
    m_tabs->addTab(generalPage(), tr("General"));
    m_tabs->addTab(chatPagePage(), tr("Chat page"));
    m_autoAssignment = new AutoAssignmentPage(this);
    m_tabs->addTab(m_autoAssignment, tr("Assignment"));
    m_businessHours = new BusinessHoursPage(this);
    m_tabs->addTab(m_businessHours, tr("Business hours"));
    m_preChat = new PreChatPage(this);
    m_preChat->setObjectName(QStringLiteral("preChatPage"));
    m_tabs->addTab(m_preChat, tr("Pre-chat form"));
    m_tabs->addTab(accountPage(), tr("Account"));

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    connect(buttons, &QDialogButtonBox::accepted, this, &SettingsDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &SettingsDialog::reject);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_tabs);
    layout->addWidget(buttons);

    connect(&m_databaseCheck, &QFutureWatcher<QString>::finished, this, [this] {
        const QString error = m_databaseCheck.result();
        m_testDatabase->setEnabled(true);
        m_databaseResult->setText(error.isEmpty() ? tr("Connection works.") : error);
        Q_EMIT databaseChecked(error);
    });
    for (KeychainEntry *entry : { m_keyEntry, m_tokenEntry })
        connect(entry, &KeychainEntry::secretWritten, this, [this](bool ok, const QString &error) {
            if (!ok)
                Q_EMIT secretNotSaved(error);
        });
    load();
    resize(640, 480);
    fitTabs();
}

void SettingsDialog::addPage(QWidget *page, const QString &title)
{
    m_tabs->addTab(page, title);
    fitTabs();
}

void SettingsDialog::fitTabs()
{
    // Wide enough for every tab's name, in English and French, without scroll arrows.
    resize(std::max(width(), m_tabs->tabBar()->sizeHint().width() + 48), height());
}

QWidget *SettingsDialog::connectionPage()
{
    auto *page = new QWidget(this);
    auto *form = new QFormLayout(page);
    m_embedded = new QRadioButton(tr("Run the chat server inside this console"), page);
    m_remote = new QRadioButton(tr("Connect to a remote Frontline server"), page);
    m_remote->setObjectName(QStringLiteral("remoteServer"));
    m_remoteUrl = lineEdit(QStringLiteral("remoteUrl"), page);
    m_remoteUrl->setPlaceholderText(QStringLiteral("https://support.example.com"));
    m_agentToken = lineEdit(QStringLiteral("agentToken"), page);
    m_agentToken->setEchoMode(QLineEdit::Password);
    m_agentToken->setPlaceholderText(tr("Unchanged (kept in the system keychain)"));
    form->addRow(m_embedded);
    form->addRow(m_remote);
    form->addRow(tr("Server URL"), m_remoteUrl);
    form->addRow(tr("Agent token"), m_agentToken);
    form->addRow(settingsNote(
        tr("'frontline agent add NAME' on the server prints a token. "
           "The token is kept in the system keychain. Takes effect at the next start."),
        page));
    const auto update = [this] {
        m_remoteUrl->setEnabled(m_remote->isChecked());
        m_agentToken->setEnabled(m_remote->isChecked());
    };
    connect(m_remote, &QRadioButton::toggled, this, update);
    return page;
}

QLineEdit *SettingsDialog::fileField(QWidget *page, QLineEdit *edit, const QString &filter)
{
    auto *row = new QWidget(page);
    auto *layout = new QHBoxLayout(row);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(edit);
    auto *browse = new QPushButton(tr("Browse…"), row);
    layout->addWidget(browse);
    connect(browse, &QPushButton::clicked, this, [this, edit, filter] {
        const QString file
            = QFileDialog::getOpenFileName(this, tr("Choose a file"), edit->text(), filter);
        if (!file.isEmpty())
            edit->setText(file);
    });
    edit->setProperty("row", QVariant::fromValue(row));
    return edit;
}

QWidget *SettingsDialog::serverPage()
{
    auto *page = new QWidget(this);
    auto *form = new QFormLayout(page);
    m_listen = lineEdit(QStringLiteral("listen"), page);
    m_listen->setPlaceholderText(configkeys::listen().defaultValue);
    m_tlsCert = fileField(
        page, lineEdit(QStringLiteral("tlsCertificate"), page), tr("PEM files (*.pem *.crt)"));
    m_tlsKey
        = fileField(page, lineEdit(QStringLiteral("tlsKey"), page), tr("PEM files (*.pem *.key)"));
    form->addRow(tr("Listen on"), m_listen);
    form->addRow(tr("TLS certificate"), m_tlsCert->property("row").value<QWidget *>());
    form->addRow(tr("TLS private key"), m_tlsKey->property("row").value<QWidget *>());
    form->addRow(
        settingsNote(tr("HOST:PORT; customers' chat page and agents' consoles use this address. "
                        "Leave both TLS files empty to serve plain HTTP (behind a TLS proxy). "
                        "Takes effect at the next start."),
            page));
    return page;
}

QWidget *SettingsDialog::databasePage()
{
    auto *page = new QWidget(this);
    auto *form = new QFormLayout(page);
    m_database = lineEdit(QStringLiteral("databaseUrl"), page);
    m_database->setPlaceholderText(
        tr("Default: an SQLite file in %1").arg(ServerOptions::defaultDataDir()));
    m_testDatabase = new QPushButton(tr("&Test connection"), page);
    m_testDatabase->setObjectName(QStringLiteral("testDatabase"));
    m_databaseResult = new QLabel(page);
    m_databaseResult->setObjectName(QStringLiteral("databaseResult"));
    m_databaseResult->setWordWrap(true);
    m_databaseResult->setTextFormat(Qt::PlainText);
    form->addRow(tr("Database"), m_database);
    form->addRow(m_testDatabase, m_databaseResult);
    form->addRow(settingsNote(
        tr("sqlite:/path/to/frontline.db or postgresql://user@host:5432/dbname. "
           "Keep the password out of the URL: put it in ~/.pgpass, or set DATABASE_URL "
           "in the environment. Takes effect at the next start."),
        page));
    connect(m_testDatabase, &QPushButton::clicked, this, &SettingsDialog::testDatabase);
    return page;
}

QWidget *SettingsDialog::providerPage()
{
    auto *page = new QWidget(this);
    auto *form = new QFormLayout(page);
    m_baseUrl = lineEdit(QStringLiteral("providerBaseUrl"), page);
    m_baseUrl->setPlaceholderText(configkeys::openAiBaseUrl().defaultValue);
    m_model = lineEdit(QStringLiteral("providerModel"), page);
    m_model->setPlaceholderText(configkeys::openAiModel().defaultValue);
    m_apiKey = lineEdit(QStringLiteral("providerApiKey"), page);
    m_apiKey->setEchoMode(QLineEdit::Password);
    m_apiKey->setPlaceholderText(tr("Unchanged (kept in the system keychain)"));
    m_systemPrompt = new QPlainTextEdit(page);
    m_systemPrompt->setObjectName(QStringLiteral("systemPrompt"));
    m_systemPrompt->setTabChangesFocus(true);
    form->addRow(tr("Base URL"), m_baseUrl);
    form->addRow(tr("Model"), m_model);
    form->addRow(tr("API key"), m_apiKey);
    form->addRow(tr("System prompt"), m_systemPrompt);
    form->addRow(settingsNote(
        tr("Any OpenAI-compatible provider. The key is stored in the system keychain, "
           "never in the settings file; OPENAI_API_KEY in the environment wins. "
           "Without a key the built-in mock assistant answers. An administrator's change of "
           "URL, model or prompt applies to the server at once; the key at the next start."),
        page));
    return page;
}

QWidget *SettingsDialog::rateLimitsPage()
{
    auto *page = new QWidget(this);
    auto *form = new QFormLayout(page);
    m_rateLimits = lineEdit(QStringLiteral("rateLimits"), page);
    m_rateLimits->setPlaceholderText(RateLimitPolicy::defaults().toString());
    form->addRow(tr("Limits"), m_rateLimits);
    form->addRow(
        settingsNote(tr("ROUTE=COUNT/SECONDS separated by commas, e.g. %1; \"off\" turns them off. "
                        "An administrator's change applies to the connected server at once; the "
                        "settings file holds them for the next start.")
                         .arg(RateLimitPolicy::defaults().toString()),
            page));
    return page;
}

QWidget *SettingsDialog::cannedPage()
{
    auto *page = new QWidget(this);
    auto *layout = new QVBoxLayout(page);
    m_canned = new QTableWidget(0, 3, page);
    m_canned->setObjectName(QStringLiteral("cannedResponses"));
    m_canned->setHorizontalHeaderLabels({ tr("Shortcut"), tr("Title"), tr("Text") });
    m_canned->horizontalHeader()->setStretchLastSection(true);
    m_canned->verticalHeader()->hide();
    auto *buttons = new QHBoxLayout;
    m_addCanned = new QPushButton(tr("&Add"), page);
    m_removeCanned = new QPushButton(tr("&Remove"), page);
    buttons->addWidget(m_addCanned);
    buttons->addWidget(m_removeCanned);
    buttons->addStretch();
    layout->addWidget(m_canned);
    layout->addLayout(buttons);
    layout->addWidget(
        settingsNote(tr("In a reply, type / and the shortcut, then Enter, to insert the "
                        "text. These variables are filled in then: {customer.name}, "
                        "{customer.email}, {agent.name}, {agent.username}, "
                        "{conversation.id}; one without a value is left empty, or "
                        "gives the text after a bar: {customer.name|there}."),
            page));
    m_cannedNote = settingsNote(QString(), page);
    m_cannedNote->setObjectName(QStringLiteral("cannedNote"));
    layout->addWidget(m_cannedNote);
    connect(m_addCanned, &QPushButton::clicked, this, [this] {
        const int row = m_canned->rowCount();
        m_canned->insertRow(row);
        for (int column = 0; column < 3; ++column)
            m_canned->setItem(row, column, new QTableWidgetItem());
        m_canned->editItem(m_canned->item(row, 0));
    });
    connect(m_removeCanned, &QPushButton::clicked, this, [this] {
        if (m_canned->currentRow() >= 0)
            m_canned->removeRow(m_canned->currentRow());
    });
    setCannedResponses({}, false, false);
    return page;
}

void SettingsDialog::setCannedResponses(
    const QList<CannedResponse> &responses, bool connected, bool admin)
{
    m_loadedCanned = responses;
    m_cannedEditable = connected && admin;
    m_canned->setRowCount(static_cast<int>(responses.size()));
    for (int row = 0; row < responses.size(); ++row) {
        const CannedResponse &response = responses.at(row);
        auto *shortcut = new QTableWidgetItem(response.shortcut);
        shortcut->setData(Qt::UserRole, response.id);
        m_canned->setItem(row, 0, shortcut);
        m_canned->setItem(row, 1, new QTableWidgetItem(response.title));
        m_canned->setItem(row, 2, new QTableWidgetItem(response.text));
    }
    m_canned->setEditTriggers(
        m_cannedEditable ? QAbstractItemView::AllEditTriggers : QAbstractItemView::NoEditTriggers);
    m_addCanned->setEnabled(m_cannedEditable);
    m_removeCanned->setEnabled(m_cannedEditable);
    m_cannedNote->setText(!connected ? tr("Connect to a server to see its canned responses.")
            : !admin
            ? tr("Only administrators edit the canned responses; every console of this server "
                 "uses them.")
            : tr("Shared by every console of this server: a change here is everyone's."));
}

QList<CannedResponse> SettingsDialog::editedCanned() const
{
    const auto text = [this](int row, int column) {
        const QTableWidgetItem *item = m_canned->item(row, column);
        return item ? item->text() : QString();
    };
    QList<CannedResponse> edited;
    for (int row = 0; row < m_canned->rowCount(); ++row) {
        QString problem;
        const QTableWidgetItem *shortcut = m_canned->item(row, 0);
        edited.append({ canned::parseShortcut(text(row, 0), &problem).value_or(text(row, 0)),
            canned::parseBody(text(row, 2), &problem).value_or(text(row, 2)),
            canned::parseTitle(text(row, 1), &problem).value_or(text(row, 1)),
            shortcut ? shortcut->data(Qt::UserRole).toLongLong() : 0 });
    }
    return edited;
}

QWidget *SettingsDialog::generalPage()
{
    auto *page = new QWidget(this);
    auto *form = new QFormLayout(page);
    m_repeat = new QSpinBox(page);
    m_repeat->setObjectName(QStringLiteral("notificationRepeat"));
    m_repeat->setRange(0, 3600);
    m_repeat->setSuffix(tr(" s"));
    m_repeat->setSpecialValueText(tr("Never"));
    m_sound = new QCheckBox(tr("Play a sound with notifications"), page);
    m_sound->setObjectName(QStringLiteral("notificationSound"));
    m_language = new QComboBox(page);
    m_language->setObjectName(QStringLiteral("language"));
    m_language->addItem(tr("Follow the system"), QString());
    m_language->addItem(QStringLiteral("English"), QStringLiteral("en"));
    m_language->addItem(QStringLiteral("Français"), QStringLiteral("fr"));
    m_appearance = new QComboBox(page);
    m_appearance->setObjectName(QStringLiteral("appearance"));
    m_appearance->addItem(tr("As the desktop"), QStringLiteral("desktop"));
    m_appearance->addItem(tr("Light"), QStringLiteral("light"));
    m_appearance->addItem(tr("Dark"), QStringLiteral("dark"));
    m_waitAmber = new QSpinBox(page);
    m_waitAmber->setObjectName(QStringLiteral("waitAmber"));
    m_waitAmber->setRange(1, 240);
    m_waitAmber->setSuffix(tr(" min"));
    m_waitRed = new QSpinBox(page);
    m_waitRed->setObjectName(QStringLiteral("waitRed"));
    m_waitRed->setRange(1, 480);
    m_waitRed->setSuffix(tr(" min"));
    // Red comes after amber: each box keeps the other consistent.
    connect(m_waitAmber, &QSpinBox::valueChanged, m_waitRed, [this](int amber) {
        if (m_waitRed->value() < amber)
            m_waitRed->setValue(amber);
    });
    connect(m_waitRed, &QSpinBox::valueChanged, m_waitAmber, [this](int red) {
        if (m_waitAmber->value() > red)
            m_waitAmber->setValue(red);
    });
    form->addRow(tr("Repeat the waiting notification every"), m_repeat);
    form->addRow(QString(), m_sound);
    form->addRow(tr("A waiting customer's time turns amber after"), m_waitAmber);
    form->addRow(tr("…and red after"), m_waitRed);
    m_awayAfterIdle = new QSpinBox(page);
    m_awayAfterIdle->setObjectName(QStringLiteral("awayAfterIdle"));
    m_awayAfterIdle->setRange(0, 240);
    m_awayAfterIdle->setSuffix(tr(" min"));
    m_awayAfterIdle->setSpecialValueText(tr("Never"));
    m_awayAfterIdle->setToolTip(
        tr("After this long without keyboard or mouse on the computer, you show as away to "
           "the team, and as online again when you are back."));
    form->addRow(tr("Show me as away after idle"), m_awayAfterIdle);
    form->addRow(tr("Language"), m_language);
    form->addRow(tr("Appearance"), m_appearance);
    return page;
}

QWidget *SettingsDialog::chatPagePage()
{
    auto *page = new QWidget(this);
    auto *form = new QFormLayout(page);
    m_administratorName = lineEdit(QStringLiteral("administratorName"), page);
    // The default as agents read it (the server names the administrator so in this language);
    // each customer reads it in theirs, as the note says.
    m_administratorName->setPlaceholderText(tr("Support"));
    m_administratorName->setMaxLength(static_cast<int>(administratorname::MaxLength));
    m_administratorNameNote = settingsNote(QString(), page);
    m_administratorNameNote->setObjectName(QStringLiteral("administratorNameNote"));
    form->addRow(tr("Administrator's display name"), m_administratorName);
    form->addRow(m_administratorNameNote);
    setServerSettings({}, false);
    return page;
}

QWidget *SettingsDialog::accountPage()
{
    auto *page = new QWidget(this);
    auto *form = new QFormLayout(page);
    m_displayName = lineEdit(QStringLiteral("displayName"), page);
    m_displayName->setMaxLength(static_cast<int>(displayname::MaxLength));
    m_accountNote = settingsNote(QString(), page);
    m_accountNote->setObjectName(QStringLiteral("accountNote"));
    m_changePassword = new QPushButton(tr("Change password…"), page);
    m_changePassword->setObjectName(QStringLiteral("changePassword"));
    connect(
        m_changePassword, &QPushButton::clicked, this, &SettingsDialog::changePasswordRequested);
    form->addRow(tr("Your name as customers see it"), m_displayName);
    form->addRow(m_accountNote);
    form->addRow(QString(), m_changePassword);
    setAccount(QString(), QString());
    return page;
}

void SettingsDialog::setAccount(const QString &username, const QString &displayName)
{
    const bool builtInAdministrator = username == QLatin1String("admin");
    m_accountEditable = !username.isEmpty() && !builtInAdministrator;
    m_loadedDisplayName = displayName;
    m_displayName->setText(displayName);
    m_displayName->setEnabled(m_accountEditable);
    m_changePassword->setEnabled(m_accountEditable);
    if (username.isEmpty()) {
        m_accountNote->setText(tr("Connect to a server to see or change your account."));
        m_changePassword->setToolTip(tr("Connect to a server first."));
    } else if (builtInAdministrator) {
        // One place for the administrator's name: the setting of the Chat page tab.
        m_accountNote->setText(tr("You are the built-in administrator: customers see you under "
                                  "the administrator's display name, set on the Chat page tab."));
        m_changePassword->setToolTip(
            tr("The built-in administrator has no password: it signs in with a token "
               "(FRONTLINE_ADMIN_TOKEN, or the console's own), which the operator changes."));
    } else {
        m_accountNote->setText(tr("Signed in as %1. A new name shows at once in every "
                                  "conversation you join and on your next messages.")
                                   .arg(username));
        m_changePassword->setToolTip(QString());
    }
}

void SettingsDialog::setServerSettings(const QJsonObject &settings, bool admin)
{
    const bool connected = settings.contains(QStringLiteral("administratorName"));
    if (m_autoAssignment)
        m_autoAssignment->setPolicy(
            settings.value(QStringLiteral("autoAssignment")).toObject(), connected, admin);
    if (m_businessHours)
        m_businessHours->setHours(
            settings.value(QStringLiteral("businessHours")).toObject(), connected, admin);
    if (m_preChat)
        m_preChat->setForm(settings.value(QStringLiteral("preChat")).toObject(), connected, admin);
    m_serverSettingsEditable = connected && admin;
    m_loadedAdministratorName = settings.value(QStringLiteral("administratorName")).toString();
    m_administratorName->setText(m_loadedAdministratorName);
    m_administratorName->setEnabled(m_serverSettingsEditable);
    const QString about = tr("The name customers see when the administrator answers them. Leave "
                             "it empty for the default, which each customer reads in their "
                             "language: “%1” in English, “%2” in French. A name set here is "
                             "shown as it is, in every conversation at once.")
                              .arg(customertexts::administratorName(QStringLiteral("en")),
                                  customertexts::administratorName(QStringLiteral("fr")));
    const QString who = !connected ? tr("Connect to a server to see or change it.")
        : !admin                   ? tr("Only an administrator can change it.")
                                   : QString();
    m_administratorNameNote->setText(who.isEmpty() ? about : about + QLatin1Char(' ') + who);
}

void SettingsDialog::load()
{
    ConsoleSettings console(m_settings);
    const QUrl remote = console.remoteServer();
    (remote.isEmpty() ? m_embedded : m_remote)->setChecked(true);
    m_remoteUrl->setText(remote.toString());
    m_remoteUrl->setEnabled(!remote.isEmpty());
    m_agentToken->setEnabled(!remote.isEmpty());
    m_listen->setText(m_settings.value(configkeys::listen().settingsKey).toString());
    m_tlsCert->setText(m_settings.value(configkeys::tlsCertificate().settingsKey).toString());
    m_tlsKey->setText(m_settings.value(configkeys::tlsKey().settingsKey).toString());
    m_database->setText(m_settings.value(configkeys::database().settingsKey).toString());
    m_baseUrl->setText(m_settings.value(configkeys::openAiBaseUrl().settingsKey).toString());
    m_model->setText(m_settings.value(configkeys::openAiModel().settingsKey).toString());
    m_systemPrompt->setPlainText(
        m_settings.value(configkeys::assistantSystemPrompt().settingsKey).toString());
    m_loadedProvider = providerFields();
    m_loadedRateLimits = m_settings.value(configkeys::rateLimits().settingsKey).toString();
    m_rateLimits->setText(m_loadedRateLimits);
    m_repeat->setValue(console.notificationRepeatSeconds());
    m_waitAmber->setValue(console.waitAmberMinutes());
    m_waitRed->setValue(console.waitRedMinutes());
    m_awayAfterIdle->setValue(console.awayAfterIdleMinutes());
    m_sound->setChecked(console.notificationSound());
    m_language->setCurrentIndex(std::max(0, m_language->findData(console.language())));
    m_appearance->setCurrentIndex(std::max(0, m_appearance->findData(console.appearance())));
}

void SettingsDialog::testDatabase()
{
    const QString url = m_database->text().trimmed();
    if (url.isEmpty()) {
        m_databaseResult->setText(tr("The default SQLite file is used; nothing to test."));
        Q_EMIT databaseChecked(QString());
        return;
    }
    m_testDatabase->setEnabled(false);
    m_databaseResult->setText(tr("Connecting…"));
    // Connecting may take seconds (an unreachable host): never on the GUI thread.
    m_databaseCheck.setFuture(
        QtConcurrent::run(checkDatabaseConnection, url, ServerOptions::defaultDataDir()));
}

bool SettingsDialog::validate()
{
    const auto refuse = [this](int tab, QWidget *field, const QString &message) {
        m_tabs->setCurrentIndex(tab);
        field->setFocus();
        QMessageBox::warning(this, windowTitle(), message);
        return false;
    };
    QString error;
    if (m_remote->isChecked()) {
        const QUrl url(m_remoteUrl->text().trimmed(), QUrl::StrictMode);
        if (!url.isValid()
            || (url.scheme() != QLatin1String("http") && url.scheme() != QLatin1String("https"))
            || url.host().isEmpty())
            return refuse(0, m_remoteUrl, tr("Enter the remote server as http(s)://HOST[:PORT]."));
    }
    if (!m_listen->text().trimmed().isEmpty()
        && !ListenAddress::parse(m_listen->text().trimmed(), &error))
        return refuse(1, m_listen, error);
    if (m_tlsCert->text().trimmed().isEmpty() != m_tlsKey->text().trimmed().isEmpty())
        return refuse(
            1, m_tlsCert, tr("Give both the TLS certificate and its private key, or neither."));
    const QString database = m_database->text().trimmed();
    if (!database.isEmpty()) {
        const auto url = DatabaseUrl::parse(database, ServerOptions::defaultDataDir(), &error);
        if (!url)
            return refuse(2, m_database, error);
        if (!url->password.isEmpty())
            return refuse(2, m_database,
                tr("Keep the password out of the settings file: put it in ~/.pgpass, "
                   "or set DATABASE_URL in the environment, and remove it from the URL."));
    }
    // The server's own rules: what passes here, the server takes at runtime too.
    if (!m_baseUrl->text().trimmed().isEmpty()
        && !RuntimeSettings::parseProviderBaseUrl(m_baseUrl->text(), &error))
        return refuse(3, m_baseUrl,
            tr("Enter the provider's base URL as http(s)://HOST/PATH, e.g. %1.")
                .arg(configkeys::openAiBaseUrl().defaultValue));
    if (!m_rateLimits->text().trimmed().isEmpty()
        && !RuntimeSettings::parseRateLimits(m_rateLimits->text().trimmed(), &error))
        return refuse(4, m_rateLimits, error);
    if (m_serverSettingsEditable
        && !RuntimeSettings::parseAdministratorName(m_administratorName->text(), &error))
        return refuse(m_tabs->indexOf(m_administratorName->parentWidget()), m_administratorName,
            tr("The administrator's display name %1").arg(error));
    if (const QString problem = m_autoAssignment->problem(); !problem.isEmpty())
        return refuse(
            m_tabs->indexOf(m_autoAssignment), m_autoAssignment->capacitiesField(), problem);
    if (const QString problem = m_businessHours->problem(); !problem.isEmpty())
        return refuse(m_tabs->indexOf(m_businessHours), m_businessHours->problemField(), problem);
    if (const QString problem = m_preChat->problem(); !problem.isEmpty())
        return refuse(m_tabs->indexOf(m_preChat), m_preChat->problemField(), problem);
    if (m_accountEditable && !displayname::parse(m_displayName->text(), &error))
        return refuse(m_tabs->indexOf(m_displayName->parentWidget()), m_displayName,
            tr("Your name %1").arg(error));
    if (m_cannedEditable) {
        QStringList shortcuts;
        for (int row = 0; row < m_canned->rowCount(); ++row) {
            const auto text = [this, row](int column) {
                return m_canned->item(row, column) ? m_canned->item(row, column)->text()
                                                   : QString();
            };
            const auto shortcut = canned::parseShortcut(text(0), &error);
            if (!shortcut)
                return refuse(m_tabs->indexOf(m_canned->parentWidget()), m_canned,
                    tr("Row %1: the shortcut %2").arg(row + 1).arg(error));
            if (shortcuts.contains(*shortcut))
                return refuse(m_tabs->indexOf(m_canned->parentWidget()), m_canned,
                    tr("Row %1: another row has the shortcut “/%2”.").arg(row + 1).arg(*shortcut));
            shortcuts.append(*shortcut);
            if (!canned::parseTitle(text(1), &error))
                return refuse(m_tabs->indexOf(m_canned->parentWidget()), m_canned,
                    tr("Row %1: the title %2").arg(row + 1).arg(error));
            if (!canned::parseBody(text(2), &error))
                return refuse(m_tabs->indexOf(m_canned->parentWidget()), m_canned,
                    tr("Row %1: the text %2").arg(row + 1).arg(error));
        }
    }
    return true;
}

void SettingsDialog::accept()
{
    if (!validate())
        return;
    const auto store = [this](const ConfigKey &key, const QString &value) {
        if (value.trimmed().isEmpty())
            m_settings.remove(key.settingsKey);
        else
            m_settings.setValue(key.settingsKey, value.trimmed());
    };
    store(configkeys::listen(), m_listen->text());
    store(configkeys::tlsCertificate(), m_tlsCert->text());
    store(configkeys::tlsKey(), m_tlsKey->text());
    store(configkeys::database(), m_database->text());
    store(configkeys::openAiBaseUrl(), m_baseUrl->text());
    store(configkeys::openAiModel(), m_model->text());
    store(configkeys::assistantSystemPrompt(), m_systemPrompt->toPlainText());
    store(configkeys::rateLimits(), m_rateLimits->text());

    ConsoleSettings console(m_settings);
    console.setRemoteServer(m_remote->isChecked() ? QUrl(m_remoteUrl->text().trimmed()) : QUrl());
    console.setNotificationRepeatSeconds(m_repeat->value());
    console.setWaitAmberMinutes(m_waitAmber->value());
    console.setWaitRedMinutes(m_waitRed->value());
    console.setAwayAfterIdleMinutes(m_awayAfterIdle->value());
    console.setNotificationSound(m_sound->isChecked());
    console.setLanguage(m_language->currentData().toString());
    console.setAppearance(m_appearance->currentData().toString());
    m_settings.sync();

    if (m_rateLimits->text().trimmed() != m_loadedRateLimits.trimmed())
        Q_EMIT rateLimitsChanged(m_rateLimits->text().trimmed());
    QJsonObject providerChange;
    const QJsonObject provider = providerFields();
    for (auto it = provider.constBegin(); it != provider.constEnd(); ++it) {
        // A field emptied goes back to the default at the next start; the server keeps its value.
        if (!it.value().toString().isEmpty() && it.value() != m_loadedProvider.value(it.key()))
            providerChange.insert(it.key(), it.value());
    }
    if (!providerChange.isEmpty())
        Q_EMIT providerChanged(providerChange);
    if (m_serverSettingsEditable) {
        QString problem;
        const QString name
            = RuntimeSettings::parseAdministratorName(m_administratorName->text(), &problem)
                  .value_or(m_loadedAdministratorName); // validate() took it
        if (name != m_loadedAdministratorName)
            Q_EMIT administratorNameChanged(name);
    }
    if (m_cannedEditable) {
        const QList<CannedResponse> edited = editedCanned();
        if (edited != m_loadedCanned)
            Q_EMIT cannedResponsesEdited(edited);
    }
    if (const auto policy = m_autoAssignment->change())
        Q_EMIT autoAssignmentChanged(*policy);
    if (const auto hours = m_businessHours->change())
        Q_EMIT businessHoursChanged(*hours);
    if (const auto form = m_preChat->change())
        Q_EMIT preChatChanged(*form);
    if (m_accountEditable) {
        QString problem;
        const QString name = displayname::parse(m_displayName->text(), &problem)
                                 .value_or(m_loadedDisplayName); // validate() took it
        if (name != m_loadedDisplayName)
            Q_EMIT displayNameChanged(name);
    }
    if (!m_apiKey->text().isEmpty())
        m_keyEntry->write(m_apiKey->text());
    if (m_remote->isChecked() && !m_agentToken->text().isEmpty())
        m_tokenEntry->write(m_agentToken->text());
    Q_EMIT saved();
    QDialog::accept();
}

QJsonObject SettingsDialog::providerFields() const
{
    return { { QStringLiteral("baseUrl"), m_baseUrl->text().trimmed() },
        { QStringLiteral("model"), m_model->text().trimmed() },
        { QStringLiteral("systemPrompt"), m_systemPrompt->toPlainText().trimmed() } };
}

} // namespace frontline::ui

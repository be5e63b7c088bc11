// SPDX-License-Identifier: GPL-3.0-or-later
// Desktop notifications over D-Bus: a private bus of its own (dbus-daemon), and on it a
// notification server as the freedesktop specification describes it, standing in for the
// desktop's (GNOME Shell, KDE, dunst) the way a real SMTP server stands in for mail. What the
// console sends arrives there as it would on an agent's desktop.

#include "desktopnotifications.h"
#include "privatebus.h"
#include "waitingnotifier.h"

#include <QDBusConnection>
#include <QDBusMessage>
#include <QFile>
#include <QProcess>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace frontline::ui;

namespace {

const QString Service = QStringLiteral("org.freedesktop.Notifications");
const QString Path = QStringLiteral("/org/freedesktop/Notifications");
const QString Interface = QStringLiteral("org.freedesktop.Notifications");
const QString ServerConnection = QStringLiteral("notification-server");
const QString ClientConnection = QStringLiteral("frontline-console");

// A customer's chosen name that a server reading markup would show bold, and whose image it
// would fetch.
const QString HostileName = QStringLiteral("<b>x</b><img src=y>");

struct NotifyCall
{
    QString appName;
    uint replacesId = 0;
    QString appIcon;
    QString summary;
    QString body;
    QStringList actions;
    QVariantMap hints;
    int expireTimeout = 0;
    uint id = 0; // what the server answered
};

} // namespace

// The desktop's notification server: the methods of the specification that Frontline calls,
// and its signals sent at the test's request.
class NotificationServer final : public QObject
{
    Q_OBJECT
    Q_CLASSINFO("D-Bus Interface", "org.freedesktop.Notifications")
public:
    explicit NotificationServer(QStringList capabilities)
        : m_capabilities(std::move(capabilities))
    {
    }

    QList<NotifyCall> calls;
    QList<uint> closeRequests;

    void clickOn(uint id)
    {
        send(QStringLiteral("ActionInvoked"), { id, QStringLiteral("default") });
    }
    void dismiss(uint id) { send(QStringLiteral("NotificationClosed"), { id, 2U }); } // by the user

public Q_SLOTS:
    QStringList GetCapabilities() { return m_capabilities; }

    uint Notify(const QString &appName, uint replacesId, const QString &appIcon,
        const QString &summary, const QString &body, const QStringList &actions,
        const QVariantMap &hints, int expireTimeout)
    {
        const uint id = replacesId != 0 ? replacesId : ++m_lastId;
        calls.append(
            { appName, replacesId, appIcon, summary, body, actions, hints, expireTimeout, id });
        return id;
    }

    void CloseNotification(uint id) { closeRequests.append(id); }

private:
    void send(const QString &signal, const QVariantList &arguments)
    {
        QDBusMessage message = QDBusMessage::createSignal(Path, Interface, signal);
        message.setArguments(arguments);
        QDBusConnection(ServerConnection).send(message);
    }

    QStringList m_capabilities;
    uint m_lastId = 0;
};

// Counts NotificationClosed as the console's connection receives it: once this has seen a
// signal, DesktopNotifications, which subscribed first on the same connection, has too.
class ClosedListener final : public QObject
{
    Q_OBJECT
public:
    int count = 0;
    Q_SLOT void closed(uint, uint) { ++count; }
};

class TestDesktopNotifications : public QObject
{
    Q_OBJECT

    PrivateBus m_bus;
    std::unique_ptr<NotificationServer> m_server;

    static QDBusConnection serverBus() { return QDBusConnection(ServerConnection); }
    static QDBusConnection clientBus() { return QDBusConnection(ClientConnection); }

    // The desktop's notification server starts answering on the private bus.
    void serve(const QStringList &capabilities)
    {
        m_server = std::make_unique<NotificationServer>(capabilities);
        QVERIFY(serverBus().registerObject(Path, m_server.get(), QDBusConnection::ExportAllSlots));
        QVERIFY(serverBus().registerService(Service));
    }

private Q_SLOTS:
    void initTestCase()
    {
        const QString error = m_bus.start();
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QVERIFY(QDBusConnection::connectToBus(m_bus.address(), ServerConnection).isConnected());
        QVERIFY(QDBusConnection::connectToBus(m_bus.address(), ClientConnection).isConnected());
    }

    void cleanup()
    {
        if (m_server) {
            serverBus().unregisterService(Service);
            serverBus().unregisterObject(Path);
            m_server.reset();
        }
    }

    void cleanupTestCase()
    {
        QDBusConnection::disconnectFromBus(ClientConnection);
        QDBusConnection::disconnectFromBus(ServerConnection);
    }

    void showsTheCustomersNameAsTyped_data()
    {
        QTest::addColumn<QStringList>("capabilities");
        QTest::addColumn<QString>("body");
        const QString rest = QStringLiteral(" is waiting for an agent: asked for a human.");
        // GNOME Shell and KDE read <b>, <i>, <a> and <img> in the body: escaped, it shows as typed.
        QTest::newRow("server reads markup")
            << QStringList { QStringLiteral("actions"), QStringLiteral("body"),
                   QStringLiteral("body-markup"), QStringLiteral("sound") }
            << QStringLiteral("&lt;b&gt;x&lt;/b&gt;&lt;img src=y&gt;") + rest;
        // A server that reads none shows the body as it comes: escaped, it would show "&lt;".
        QTest::newRow("server reads plain text") << QStringList { QStringLiteral("actions"),
            QStringLiteral("body") } << HostileName + rest;
    }

    void showsTheCustomersNameAsTyped()
    {
        QFETCH(QStringList, capabilities);
        QFETCH(QString, body);
        serve(capabilities);
        WaitingNotifier notifier(new DesktopNotifications(clientBus()));
        QSignalSpy notified(&notifier, &WaitingNotifier::notified);
        notifier.setWaitingCount(1);
        notifier.sessionStartedWaiting(HostileName, QStringLiteral("asked for a human"));
        QTRY_COMPARE(m_server->calls.size(), 1);
        const NotifyCall call = m_server->calls.first();
        QCOMPARE(call.body, body);
        QCOMPARE(call.summary, QStringLiteral("A customer asks for a human")); // never markup
        QCOMPARE(call.appName, QStringLiteral("Frontline"));
        QCOMPARE(call.appIcon, QStringLiteral("org.frontline.Frontline"));
        QCOMPARE(call.actions, QStringList({ QStringLiteral("default"), QStringLiteral("Open") }));
        QCOMPARE(call.replacesId, 0U);
        QCOMPARE(call.expireTimeout, -1);
        // The window's own alert, plain text, goes out as well.
        QCOMPARE(notified.size(), 1);
        QCOMPARE(notified.first().at(1).toString(),
            HostileName + QStringLiteral(" is waiting for an agent: asked for a human."));
    }

    void givesTheHintsOfAnInstantMessage_data()
    {
        QTest::addColumn<bool>("sound");
        QTest::newRow("silent") << false;
        QTest::newRow("with a sound") << true;
    }

    void givesTheHintsOfAnInstantMessage()
    {
        QFETCH(bool, sound);
        serve({ QStringLiteral("body"), QStringLiteral("sound") });
        DesktopNotifications desktop(clientBus());
        desktop.setSoundEnabled(sound);
        desktop.show(QStringLiteral("A customer asks for a human"), QStringLiteral("Camille"),
            DesktopNotifications::Urgency::Normal);
        QTRY_COMPARE(m_server->calls.size(), 1);
        const QVariantMap hints = m_server->calls.first().hints;
        // A byte, as the specification says: some servers ignore an int.
        QCOMPARE(hints.value(QStringLiteral("urgency")).metaType(), QMetaType::fromType<uchar>());
        QCOMPARE(hints.value(QStringLiteral("urgency")).value<uchar>(), uchar(1));
        QCOMPARE(hints.value(QStringLiteral("category")).toString(), QStringLiteral("im.received"));
        QCOMPARE(hints.value(QStringLiteral("desktop-entry")).toString(),
            QStringLiteral("org.frontline.Frontline"));
        QCOMPARE(hints.contains(QStringLiteral("sound-name")), sound);
        if (sound)
            QCOMPARE(hints.value(QStringLiteral("sound-name")).toString(),
                QStringLiteral("message-new-instant"));
    }

    void replacesItsOwnNotificationUntilTheAgentDismissesIt()
    {
        serve({ QStringLiteral("body") });
        DesktopNotifications desktop(clientBus());
        ClosedListener listener;
        QVERIFY(clientBus().connect(Service, Path, Interface, QStringLiteral("NotificationClosed"),
            &listener, SLOT(closed(uint, uint))));
        const auto showAndWait = [&](const QString &body) {
            const qsizetype before = m_server->calls.size();
            desktop.show(QStringLiteral("Frontline"), body, DesktopNotifications::Urgency::Normal);
            return QTest::qWaitFor([&] { return m_server->calls.size() == before + 1; }, 5000);
        };
        QVERIFY(showAndWait(QStringLiteral("first")));
        QVERIFY(showAndWait(QStringLiteral("second")));
        const uint first = m_server->calls.at(0).id;
        QCOMPARE(m_server->calls.at(0).replacesId, 0U);
        QCOMPARE(m_server->calls.at(1).replacesId, first); // replaced, not piled up
        // Once the agent has dismissed it there is nothing to replace: the next one is new.
        m_server->dismiss(first);
        QTRY_COMPARE(listener.count, 1);
        QVERIFY(showAndWait(QStringLiteral("third")));
        QCOMPARE(m_server->calls.at(2).replacesId, 0U);
    }

    void theRepeatIsCriticalAndReplacesTheFirst()
    {
        serve({ QStringLiteral("body") });
        WaitingNotifier notifier(new DesktopNotifications(clientBus()));
        notifier.setRepeatSeconds(1);
        notifier.setWaitingCount(1);
        notifier.sessionStartedWaiting(QStringLiteral("Camille"));
        QTRY_COMPARE(m_server->calls.size(), 1);
        QCOMPARE(
            m_server->calls.at(0).hints.value(QStringLiteral("urgency")).value<uchar>(), uchar(1));
        QCOMPARE(m_server->calls.at(0).body, QStringLiteral("Camille is waiting for an agent."));
        QTRY_COMPARE_WITH_TIMEOUT(m_server->calls.size(), 2, 3000);
        QCOMPARE(
            m_server->calls.at(1).hints.value(QStringLiteral("urgency")).value<uchar>(), uchar(2));
        QCOMPARE(m_server->calls.at(1).replacesId, m_server->calls.at(0).id);
        // Taken over: the critical "still waiting" leaves the desktop.
        notifier.setWaitingCount(0);
        QTRY_COMPARE(m_server->closeRequests, QList<uint>({ m_server->calls.at(0).id }));
    }

    void aClickOnItsNotificationShowsTheConsole()
    {
        serve({ QStringLiteral("actions"), QStringLiteral("body") });
        WaitingNotifier notifier(new DesktopNotifications(clientBus()));
        QSignalSpy activated(&notifier, &WaitingNotifier::activated);
        notifier.setWaitingCount(1);
        notifier.sessionStartedWaiting(QStringLiteral("Camille"));
        QTRY_COMPARE(m_server->calls.size(), 1);
        const uint id = m_server->calls.first().id;
        m_server->clickOn(id + 1); // another application's notification
        m_server->clickOn(id);
        QVERIFY(activated.wait(5000));
        QCOMPARE(activated.size(), 1); // the other click, delivered first, did nothing
    }

    void withoutANotificationServerTheWindowStillAlerts()
    {
        // Nothing serves org.freedesktop.Notifications on the private bus.
        auto *desktop = new DesktopNotifications(clientBus());
        WaitingNotifier notifier(desktop);
        QSignalSpy notified(&notifier, &WaitingNotifier::notified);
        QSignalSpy notDelivered(desktop, &DesktopNotifications::notDelivered);
        notifier.setWaitingCount(1);
        notifier.sessionStartedWaiting(HostileName, QStringLiteral("the AI could not answer"));
        QTRY_COMPARE(notified.size(), 1);
        QCOMPARE(notified.first().at(1).toString(),
            HostileName + QStringLiteral(" is waiting for an agent: the AI could not answer."));
        QTRY_COMPARE(notDelivered.size(), 1); // handed back, for the tray where there is one
        QCOMPARE(
            notDelivered.first().at(0).toString(), QStringLiteral("A customer asks for a human"));

        // A notification server that starts later is used from then on.
        serve({ QStringLiteral("body") });
        notifier.sessionStartedWaiting(QStringLiteral("Camille"));
        QTRY_COMPARE(m_server->calls.size(), 1);
        QCOMPARE(m_server->calls.first().body, QStringLiteral("Camille is waiting for an agent."));
        QCOMPARE(notDelivered.size(), 1);
    }

    void withoutASessionBusNothingBreaks()
    {
        const QString name = QStringLiteral("no-bus");
        const QDBusConnection none
            = QDBusConnection::connectToBus(QStringLiteral("unix:path=/nonexistent/bus"), name);
        QVERIFY(!none.isConnected());
        {
            auto *desktop = new DesktopNotifications(none);
            WaitingNotifier notifier(desktop);
            QSignalSpy notified(&notifier, &WaitingNotifier::notified);
            QSignalSpy notDelivered(desktop, &DesktopNotifications::notDelivered);
            notifier.setWaitingCount(1);
            notifier.sessionStartedWaiting(QStringLiteral("Camille"));
            QTRY_COMPARE(notified.size(), 1);
            QTRY_COMPARE(notDelivered.size(), 1);
            notifier.setWaitingCount(0);
        }
        QDBusConnection::disconnectFromBus(name);
    }
};

QTEST_MAIN(TestDesktopNotifications)
#include "tst_desktopnotifications.moc"

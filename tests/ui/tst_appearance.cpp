// SPDX-License-Identifier: GPL-3.0-or-later
// Light and dark: the console follows the desktop's colour scheme as the XDG desktop portal
// publishes it, on a private D-Bus bus with a stand-in portal (as GNOME's or KDE's would
// answer), unless the agent chose; and its own icons are drawn for the palette, at any scale.

#include "appearance.h"
#include "icons.h"
#include "privatebus.h"

#include <QApplication>
#include <QDBusConnection>
#include <QDBusMessage>
#include <QDBusVariant>
#include <QSignalSpy>
#include <QStyle>
#include <QTest>

#include <memory>

using namespace frontline::ui;

namespace {

const QString Service = QStringLiteral("org.freedesktop.portal.Desktop");
const QString Path = QStringLiteral("/org/freedesktop/portal/desktop");
const QString PortalConnection = QStringLiteral("portal");
const QString ClientConnection = QStringLiteral("frontline-console");

// The share of a pixmap's visible pixels that are light (the icon's strokes).
double lightShare(const QPixmap &pixmap)
{
    const QImage image = pixmap.toImage().convertToFormat(QImage::Format_ARGB32);
    int visible = 0;
    int light = 0;
    for (int y = 0; y < image.height(); ++y) {
        for (int x = 0; x < image.width(); ++x) {
            const QColor pixel = image.pixelColor(x, y);
            if (pixel.alpha() < 128)
                continue;
            ++visible;
            if (pixel.lightness() > 128)
                ++light;
        }
    }
    return visible == 0 ? -1 : double(light) / visible;
}

} // namespace

// org.freedesktop.portal.Settings as xdg-desktop-portal serves it: Read answers the value in
// a variant inside a variant, and SettingChanged tells of a switch.
class SettingsPortal final : public QObject
{
    Q_OBJECT
    Q_CLASSINFO("D-Bus Interface", "org.freedesktop.portal.Settings")
public:
    uint colorScheme = 0; // 0 no preference, 1 dark, 2 light

    void switchTo(uint scheme)
    {
        colorScheme = scheme;
        QDBusMessage signal = QDBusMessage::createSignal(Path,
            QStringLiteral("org.freedesktop.portal.Settings"), QStringLiteral("SettingChanged"));
        signal << QStringLiteral("org.freedesktop.appearance") << QStringLiteral("color-scheme")
               << QVariant::fromValue(QDBusVariant(scheme));
        QDBusConnection(PortalConnection).send(signal);
    }

public Q_SLOTS:
    QDBusVariant Read(const QString &group, const QString &key)
    {
        if (group != QLatin1String("org.freedesktop.appearance")
            || key != QLatin1String("color-scheme"))
            return QDBusVariant(QVariant::fromValue(QDBusVariant(QString())));
        return QDBusVariant(QVariant::fromValue(QDBusVariant(colorScheme)));
    }
};

class TestAppearance : public QObject
{
    Q_OBJECT

    PrivateBus m_bus;
    std::unique_ptr<SettingsPortal> m_portal;

    static QDBusConnection clientBus() { return QDBusConnection(ClientConnection); }

    void servePortal(uint colorScheme)
    {
        m_portal = std::make_unique<SettingsPortal>();
        m_portal->colorScheme = colorScheme;
        QDBusConnection portal(PortalConnection);
        QVERIFY(portal.registerObject(Path, m_portal.get(), QDBusConnection::ExportAllSlots));
        QVERIFY(portal.registerService(Service));
    }

    static bool applicationLooksDark()
    {
        return QApplication::palette().color(QPalette::Window).lightness() < 128;
    }

private Q_SLOTS:
    void initTestCase()
    {
        const QString error = m_bus.start();
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QVERIFY(QDBusConnection::connectToBus(m_bus.address(), PortalConnection).isConnected());
        QVERIFY(QDBusConnection::connectToBus(m_bus.address(), ClientConnection).isConnected());
        QVERIFY2(!applicationLooksDark(), "the offscreen platform's own palette is light");
    }

    void cleanup()
    {
        if (m_portal) {
            QDBusConnection(PortalConnection).unregisterService(Service);
            QDBusConnection(PortalConnection).unregisterObject(Path);
            m_portal.reset();
        }
        // Back to the platform's look for the next case.
        Appearance(nullptr).setScheme(Appearance::Scheme::Light);
    }

    void cleanupTestCase()
    {
        QDBusConnection::disconnectFromBus(ClientConnection);
        QDBusConnection::disconnectFromBus(PortalConnection);
    }

    void followsTheDesktopFromDarkToLightAndBack()
    {
        servePortal(1);
        Appearance appearance(clientBus());
        QSignalSpy read(&appearance, &Appearance::desktopPreferenceRead);
        QVERIFY(read.wait(5000));
        QCOMPARE(appearance.desktopPrefersDark(), std::optional<bool>(true));
        QVERIFY(appearance.isDark());
        QVERIFY(applicationLooksDark());
        QCOMPARE(QApplication::style()->name().toLower(), QStringLiteral("fusion"));

        // The agent switches the desktop to light: the console follows, no restart.
        QSignalSpy changed(&appearance, &Appearance::darkChanged);
        m_portal->switchTo(2);
        QVERIFY(changed.wait(5000));
        QCOMPARE(changed.last().at(0).toBool(), false);
        QVERIFY(!applicationLooksDark());
        m_portal->switchTo(1);
        QVERIFY(changed.wait(5000));
        QVERIFY(applicationLooksDark());
        // "No preference" is the platform's palette again.
        m_portal->switchTo(0);
        QVERIFY(changed.wait(5000));
        QVERIFY(!applicationLooksDark());
    }

    void theAgentsChoiceWinsOverTheDesktop()
    {
        servePortal(1);
        Appearance appearance(clientBus());
        appearance.setScheme(Appearance::Scheme::Light);
        QSignalSpy read(&appearance, &Appearance::desktopPreferenceRead);
        QVERIFY(read.wait(5000));
        QVERIFY(!appearance.isDark());
        QVERIFY(!applicationLooksDark());
        m_portal->switchTo(2);
        appearance.setScheme(Appearance::Scheme::Dark);
        QVERIFY(appearance.isDark());
        QVERIFY(applicationLooksDark());
        appearance.setScheme(Appearance::Scheme::Desktop);
        QTRY_COMPARE(appearance.desktopPrefersDark(), std::optional<bool>(false));
        QVERIFY(!appearance.isDark());
    }

    void withoutAPortalThePlatformDecides()
    {
        Appearance appearance(clientBus()); // nobody owns the portal's name on this bus
        QSignalSpy read(&appearance, &Appearance::desktopPreferenceRead);
        QVERIFY(read.wait(5000));
        QCOMPARE(appearance.desktopPrefersDark(), std::nullopt);
        QVERIFY(!appearance.isDark());
        Appearance withoutBus(QDBusConnection(QStringLiteral("no-such-connection")));
        QSignalSpy answered(&withoutBus, &Appearance::desktopPreferenceRead);
        QVERIFY(answered.wait(5000));
        QVERIFY(!withoutBus.isDark());
        QCOMPARE(Appearance::schemeNamed(QStringLiteral("dark")), Appearance::Scheme::Dark);
        QCOMPARE(Appearance::schemeNamed(QStringLiteral("nonsense")), Appearance::Scheme::Desktop);
        QCOMPARE(Appearance::nameOf(Appearance::Scheme::Light), QStringLiteral("light"));
    }

    void drawsItsIconsForThePaletteAtEveryScale()
    {
        // The offscreen platform has no icon theme: these are Frontline's own.
        QVERIFY(!QIcon::hasThemeIcon(QStringLiteral("edit-find")));
        QPalette light;
        light.setColor(QPalette::ButtonText, QColor(0x23, 0x26, 0x29));
        const QIcon onLight = icons::named(QStringLiteral("edit-find"), light);
        const QIcon onDark = icons::named(QStringLiteral("edit-find"), Appearance::darkPalette());
        QVERIFY(!onLight.isNull());
        QVERIFY(lightShare(onLight.pixmap(QSize(22, 22))) < 0.1); // dark strokes
        QVERIFY(lightShare(onDark.pixmap(QSize(22, 22))) > 0.9); // light strokes
        // At 2x the icon is drawn at twice the pixels, not scaled up.
        const QPixmap sharp = onDark.pixmap(QSize(22, 22), 2.0);
        QCOMPARE(sharp.size(), QSize(44, 44));
        QCOMPARE(sharp.devicePixelRatio(), 2.0);
        // Disabled, it takes the palette's disabled colour.
        const QImage normal = onDark.pixmap(QSize(22, 22)).toImage();
        const QImage disabled = onDark.pixmap(QSize(22, 22), QIcon::Disabled).toImage();
        QVERIFY(normal != disabled);
        // An icon it does not ship is no icon, never a crash.
        QVERIFY(icons::named(QStringLiteral("no-such-icon"), light).isNull());
    }
};

QTEST_MAIN(TestAppearance)
#include "tst_appearance.moc"

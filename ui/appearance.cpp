// SPDX-License-Identifier: GPL-3.0-or-later
#include "appearance.h"

#include <QApplication>
#include <QStyle>
#include <QStyleFactory>

#ifdef FRONTLINE_HAS_DBUS
#include <QDBusPendingCallWatcher>
#include <QDBusPendingReply>
#include <QDBusVariant>
#endif

namespace frontline::ui {

namespace {

const QString PortalService = QStringLiteral("org.freedesktop.portal.Desktop");
const QString PortalPath = QStringLiteral("/org/freedesktop/portal/desktop");
const QString PortalSettings = QStringLiteral("org.freedesktop.portal.Settings");
const QString AppearanceGroup = QStringLiteral("org.freedesktop.appearance");
const QString ColorSchemeKey = QStringLiteral("color-scheme");

bool isDarkPalette(const QPalette &palette)
{
    return palette.color(QPalette::Window).lightness() < 128;
}

} // namespace

#ifdef FRONTLINE_HAS_DBUS
Appearance::Appearance(const QDBusConnection &bus, QObject *parent)
    : Appearance(parent)
{
    m_bus = bus;
    if (!m_bus.isConnected()) {
        QMetaObject::invokeMethod(this, &Appearance::desktopPreferenceRead, Qt::QueuedConnection);
        return;
    }
    m_bus.connect(PortalService, PortalPath, PortalSettings, QStringLiteral("SettingChanged"), this,
        SLOT(portalSettingChanged(QDBusMessage)));
    readPortal();
}
#endif

Appearance::Appearance(QObject *parent)
    : QObject(parent)
#ifdef FRONTLINE_HAS_DBUS
    , m_bus(QString())
#endif
    , m_platformStyle(QApplication::style() ? QApplication::style()->name() : QString())
    , m_platformPalette(QApplication::palette())
{
    m_dark = isDarkPalette(m_platformPalette);
}

QString Appearance::nameOf(Scheme scheme)
{
    switch (scheme) {
    case Scheme::Light:
        return QStringLiteral("light");
    case Scheme::Dark:
        return QStringLiteral("dark");
    case Scheme::Desktop:
        break;
    }
    return QStringLiteral("desktop");
}

Appearance::Scheme Appearance::schemeNamed(const QString &name)
{
    if (name == QLatin1String("light"))
        return Scheme::Light;
    if (name == QLatin1String("dark"))
        return Scheme::Dark;
    return Scheme::Desktop;
}

void Appearance::setScheme(Scheme scheme)
{
    m_scheme = scheme;
    apply();
}

#ifdef FRONTLINE_HAS_DBUS
void Appearance::readPortal()
{
    QDBusMessage call = QDBusMessage::createMethodCall(
        PortalService, PortalPath, PortalSettings, QStringLiteral("Read"));
    call << AppearanceGroup << ColorSchemeKey;
    // Asynchronous, with a short timeout: a missing portal must not hold up the first window.
    auto *watcher = new QDBusPendingCallWatcher(m_bus.asyncCall(call, 2000), this);
    connect(watcher, &QDBusPendingCallWatcher::finished, this, [this](QDBusPendingCallWatcher *w) {
        w->deleteLater();
        const QDBusPendingReply<QDBusVariant> reply = *w;
        if (!reply.isError())
            setDesktopPreference(reply.value().variant());
        Q_EMIT desktopPreferenceRead();
    });
}

void Appearance::portalSettingChanged(const QDBusMessage &message)
{
    const QVariantList arguments = message.arguments();
    if (arguments.size() == 3 && arguments.at(0).toString() == AppearanceGroup
        && arguments.at(1).toString() == ColorSchemeKey)
        setDesktopPreference(arguments.at(2));
}
#endif

void Appearance::setDesktopPreference(const QVariant &colorScheme)
{
    QVariant value = colorScheme;
#ifdef FRONTLINE_HAS_DBUS
    // Read answers a variant inside a variant (the portal's long-standing quirk); unwrap both.
    while (value.canConvert<QDBusVariant>() && value.userType() == qMetaTypeId<QDBusVariant>())
        value = value.value<QDBusVariant>().variant();
#endif
    // 0: no preference, 1: prefers dark, 2: prefers light.
    switch (value.toUInt()) {
    case 1:
        m_desktopPrefersDark = true;
        break;
    case 2:
        m_desktopPrefersDark = false;
        break;
    default:
        m_desktopPrefersDark.reset();
        break;
    }
    apply();
}

void Appearance::apply()
{
    bool dark = isDarkPalette(m_platformPalette);
    if (m_scheme == Scheme::Dark)
        dark = true;
    else if (m_scheme == Scheme::Light)
        dark = false;
    else if (m_desktopPrefersDark)
        dark = *m_desktopPrefersDark;

    if (dark && isDarkPalette(m_platformPalette)) {
        // The platform is dark already (a dark KDE colour scheme): its own look is best.
        QApplication::setPalette(m_platformPalette);
    } else if (dark) {
        // Fusion draws every control from the palette; platform styles may not go dark.
        QApplication::setStyle(QStyleFactory::create(QStringLiteral("Fusion")));
        QApplication::setPalette(darkPalette());
    } else {
        if (QApplication::style()->name().compare(m_platformStyle, Qt::CaseInsensitive) != 0)
            QApplication::setStyle(QStyleFactory::create(m_platformStyle));
        QApplication::setPalette(isDarkPalette(m_platformPalette)
                ? QApplication::style()->standardPalette()
                : m_platformPalette);
    }
    if (dark != m_dark) {
        m_dark = dark;
        Q_EMIT darkChanged(dark);
    }
}

QPalette Appearance::darkPalette()
{
    // Neutral greys with the same blue accent as the light theme; contrast ratios of text on
    // base and window above 10:1, disabled text still readable (about 4:1).
    QPalette p;
    const QColor window(0x2b, 0x2d, 0x31);
    const QColor base(0x1f, 0x21, 0x24);
    const QColor text(0xe8, 0xea, 0xed);
    const QColor disabledText(0x8a, 0x8d, 0x91);
    p.setColor(QPalette::Window, window);
    p.setColor(QPalette::WindowText, text);
    p.setColor(QPalette::Base, base);
    p.setColor(QPalette::AlternateBase, QColor(0x27, 0x29, 0x2d));
    p.setColor(QPalette::ToolTipBase, QColor(0x3c, 0x40, 0x43));
    p.setColor(QPalette::ToolTipText, text);
    p.setColor(QPalette::PlaceholderText, disabledText);
    p.setColor(QPalette::Text, text);
    p.setColor(QPalette::Button, QColor(0x35, 0x37, 0x3b));
    p.setColor(QPalette::ButtonText, text);
    p.setColor(QPalette::BrightText, QColor(0xff, 0x6b, 0x6b));
    p.setColor(QPalette::Light, QColor(0x45, 0x48, 0x4d));
    p.setColor(QPalette::Midlight, QColor(0x3a, 0x3d, 0x41));
    p.setColor(QPalette::Mid, QColor(0x30, 0x32, 0x36));
    p.setColor(QPalette::Dark, QColor(0x18, 0x19, 0x1b));
    p.setColor(QPalette::Shadow, QColor(0x0c, 0x0c, 0x0d));
    p.setColor(QPalette::Highlight, QColor(0x3b, 0x82, 0xf6));
    p.setColor(QPalette::HighlightedText, Qt::white);
    p.setColor(QPalette::Link, QColor(0x8a, 0xb4, 0xf8));
    p.setColor(QPalette::LinkVisited, QColor(0xc5, 0x8a, 0xf9));
    for (const auto role : { QPalette::WindowText, QPalette::Text, QPalette::ButtonText })
        p.setColor(QPalette::Disabled, role, disabledText);
    p.setColor(QPalette::Disabled, QPalette::Button, QColor(0x2f, 0x31, 0x35));
    p.setColor(QPalette::Disabled, QPalette::Highlight, QColor(0x4a, 0x4d, 0x52));
    return p;
}

} // namespace frontline::ui

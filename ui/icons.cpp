// SPDX-License-Identifier: GPL-3.0-or-later
#include "icons.h"

#include <QFile>
#include <QIconEngine>
#include <QPainter>
#include <QPixmap>
#include <QSvgRenderer>

namespace frontline::ui::icons {

namespace {

// Breeze's monochrome icons draw in the colour of their ColorScheme-Text class; the same
// SVG with another colour there is the icon for another palette (KDE's icon loader does this).
constexpr auto BreezeTextColour = "#232629";

// One SVG drawn in one colour when enabled and another when disabled, at whatever size and
// device pixel ratio it is asked for.
class TintedSvgIconEngine final : public QIconEngine
{
public:
    TintedSvgIconEngine(const QByteArray &svg, const QColor &normal, const QColor &disabled)
        : m_normal(tinted(svg, normal))
        , m_disabled(tinted(svg, disabled))
    {
    }

    void paint(QPainter *painter, const QRect &rect, QIcon::Mode mode, QIcon::State) override
    {
        QSvgRenderer renderer(mode == QIcon::Disabled ? m_disabled : m_normal);
        renderer.render(painter, rect);
    }

    QPixmap pixmap(const QSize &size, QIcon::Mode mode, QIcon::State state) override
    {
        QPixmap pixmap(size);
        pixmap.fill(Qt::transparent);
        QPainter painter(&pixmap);
        paint(&painter, QRect(QPoint(), size), mode, state);
        return pixmap;
    }

    QIconEngine *clone() const override { return new TintedSvgIconEngine(*this); }
    QString key() const override { return QStringLiteral("frontline-tinted-svg"); }

private:
    static QByteArray tinted(QByteArray svg, const QColor &colour)
    {
        return svg.replace(BreezeTextColour, colour.name().toLatin1());
    }

    QByteArray m_normal;
    QByteArray m_disabled;
};

} // namespace

QIcon named(const QString &name, const QPalette &palette)
{
    if (QIcon::hasThemeIcon(name))
        return QIcon::fromTheme(name);
    QFile file(QStringLiteral(":/icons/") + name + QStringLiteral(".svg"));
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QIcon(new TintedSvgIconEngine(file.readAll(),
        palette.color(QPalette::Active, QPalette::ButtonText),
        palette.color(QPalette::Disabled, QPalette::ButtonText)));
}

} // namespace frontline::ui::icons

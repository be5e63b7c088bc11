// SPDX-License-Identifier: GPL-3.0-or-later
#include "translations.h"

#include <QCoreApplication>
#include <QLibraryInfo>
#include <QLocale>
#include <QMutex>
#include <QTranslator>

#include <map>
#include <memory>

namespace frontline {

namespace {

struct Installed
{
    std::unique_ptr<QTranslator> frontline;
    std::unique_ptr<QTranslator> qt;
    QString language = QStringLiteral("en");
};

Installed &installed()
{
    static Installed translators;
    return translators;
}

void remove(std::unique_ptr<QTranslator> &translator)
{
    if (translator)
        QCoreApplication::removeTranslator(translator.get());
    translator.reset();
}

} // namespace

void installTranslations(const QString &language)
{
    Installed &state = installed();
    remove(state.frontline);
    remove(state.qt);
    state.language = QStringLiteral("en");
    const QLocale locale = language.isEmpty() ? QLocale::system() : QLocale(language);

    auto frontline = std::make_unique<QTranslator>();
    // Looks for :/i18n/frontline_fr_FR.qm, then frontline_fr.qm, following the locale's languages.
    const bool found = frontline->load(
        locale, QStringLiteral("frontline"), QStringLiteral("_"), QStringLiteral(":/i18n"));
    // A language Frontline does not speak: English, whose file holds only the plural forms.
    if (!found && !frontline->load(QStringLiteral(":/i18n/frontline_en.qm")))
        return;
    QCoreApplication::installTranslator(frontline.get());
    state.language = QLocale(frontline->language()).name().section(QLatin1Char('_'), 0, 0);
    state.frontline = std::move(frontline);
    if (!found)
        return;
    // Qt's own texts (dialog buttons...), from the system's Qt translations when installed.
    auto qt = std::make_unique<QTranslator>();
    if (qt->load(locale, QStringLiteral("qtbase"), QStringLiteral("_"),
            QLibraryInfo::path(QLibraryInfo::TranslationsPath))) {
        QCoreApplication::installTranslator(qt.get());
        state.qt = std::move(qt);
    }
}

QString installedLanguage()
{
    return installed().language;
}

QString translateFor(const QString &language, const char *context, const char *sourceText, int n)
{
    if (language.isEmpty())
        return QCoreApplication::translate(context, sourceText, nullptr, n);
    // One translator per language, loaded on first use and kept: a few per process.
    static QMutex mutex;
    static std::map<QString, std::unique_ptr<QTranslator>> translators;
    const QString file = language.startsWith(QLatin1String("fr"), Qt::CaseInsensitive)
        ? QStringLiteral(":/i18n/frontline_fr.qm")
        : QStringLiteral(":/i18n/frontline_en.qm"); // English: the plural forms only
    QString text;
    {
        const QMutexLocker locker(&mutex);
        std::unique_ptr<QTranslator> &translator = translators[file];
        if (!translator) {
            translator = std::make_unique<QTranslator>();
            if (!translator->load(file))
                translator.reset(); // never happens with the .qm compiled in; English then
        }
        if (translator)
            text = translator->translate(context, sourceText, nullptr, n);
    }
    if (text.isEmpty())
        text = QString::fromUtf8(sourceText);
    if (n >= 0)
        text.replace(QLatin1String("%n"), QString::number(n));
    return text;
}

} // namespace frontline

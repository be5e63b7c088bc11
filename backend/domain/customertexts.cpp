// SPDX-License-Identifier: GPL-3.0-or-later
#include "customertexts.h"

#include <QLocale>
#include <QTimeZone>

namespace frontline::customertexts {

bool isFrench(const QString &locale)
{
    return locale.startsWith(QLatin1String("fr"), Qt::CaseInsensitive);
}

QString welcome(const QString &locale)
{
    return isFrench(locale)
        ? QStringLiteral("Bonjour ! Je suis l’assistant du support. Comment puis-je vous aider ?")
        : QStringLiteral("Hello! I’m the support assistant. How can I help you today?");
}

QString handoffRequested(const QString &locale)
{
    return isFrench(locale)
        ? QStringLiteral("Un conseiller va prendre le relais. Merci de patienter, nous "
                         "revenons vers vous très vite.")
        : QStringLiteral("A support agent will take over. Please hold on, we’ll be with you "
                         "shortly.");
}

QString assistantUnavailable(const QString &locale)
{
    return isFrench(locale)
        ? QStringLiteral("Désolé, notre assistant ne peut pas répondre pour le moment. Un "
                         "conseiller va prendre le relais ; votre message est bien enregistré.")
        : QStringLiteral("Sorry, our assistant can’t answer right now. A support agent will "
                         "take over; your message has been saved.");
}

QString nothingInKnowledgeBase(const QString &locale)
{
    return isFrench(locale)
        ? QStringLiteral("Je n’ai pas trouvé la réponse dans notre documentation. Appuyez sur "
                         "« Parler à un conseiller » : quelqu’un de l’équipe pourra vous aider.")
        : QStringLiteral("I couldn’t find the answer in our documentation. Press “Talk to a "
                         "human” and a support agent can help you.");
}

QString assistantLimitReached(const QString &locale)
{
    return isFrench(locale)
        ? QStringLiteral("Pour aller plus loin, un conseiller va reprendre cette conversation. "
                         "Merci de patienter.")
        : QStringLiteral("To take this further, a support agent will continue this "
                         "conversation. Please hold on.");
}

QString whenTheTeamIsBack(const QString &locale, const QDateTime &back, const QString &timeZone)
{
    const QDateTime local = back.toTimeZone(QTimeZone(timeZone.toUtf8()));
    const bool french = isFrench(locale);
    const QLocale language(french ? QLocale::French : QLocale::English);
    const QString day = language.toString(local.date(), QStringLiteral("dddd d MMMM"));
    const QString time = local.time().toString(QStringLiteral("HH:mm"));
    return (french ? QStringLiteral("%1 à %2 (%3)") : QStringLiteral("%1 at %2 (%3)"))
        .arg(day, time, timeZone);
}

QString handoffOutsideHours(const QString &locale, const QDateTime &back, const QString &timeZone)
{
    if (!back.isValid())
        return handoffNobodyOnline(locale);
    const QString when = whenTheTeamIsBack(locale, back, timeZone);
    return isFrench(locale)
        ? QStringLiteral("Notre équipe est absente pour le moment : elle revient %1. Votre "
                         "conversation est gardée et un conseiller y répondra à son retour.")
              .arg(when)
        : QStringLiteral("Our team is away right now and back %1. Your conversation is kept "
                         "and an agent will answer it then.")
              .arg(when);
}

QString handoffNobodyOnline(const QString &locale)
{
    return isFrench(locale)
        ? QStringLiteral("Aucun conseiller n’est connecté pour le moment. Votre conversation "
                         "est gardée et un conseiller y répondra dès que possible.")
        : QStringLiteral("No agent is online right now. Your conversation is kept and an agent "
                         "will answer it as soon as possible.");
}

QString notAnEmailAddress(const QString &locale)
{
    return isFrench(locale)
        ? QStringLiteral("Ce n’est pas une adresse e-mail à laquelle nous pouvons écrire : "
                         "écrivez-la sous la forme nom@example.com, sans espaces.")
        : QStringLiteral("This is not an e-mail address we can write to: write it as "
                         "name@example.com, without spaces.");
}

QString administratorName(const QString &locale)
{
    return isFrench(locale) ? QStringLiteral("Service client") : QStringLiteral("Support");
}

} // namespace frontline::customertexts

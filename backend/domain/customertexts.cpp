// SPDX-License-Identifier: GPL-3.0-or-later
#include "customertexts.h"

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

QString assistantLimitReached(const QString &locale)
{
    return isFrench(locale)
        ? QStringLiteral("Pour aller plus loin, un conseiller va reprendre cette conversation. "
                         "Merci de patienter.")
        : QStringLiteral("To take this further, a support agent will continue this "
                         "conversation. Please hold on.");
}

QString administratorName(const QString &locale)
{
    return isFrench(locale) ? QStringLiteral("Service client") : QStringLiteral("Support");
}

} // namespace frontline::customertexts

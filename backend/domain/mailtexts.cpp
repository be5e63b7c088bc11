// SPDX-License-Identifier: GPL-3.0-or-later
#include "mailtexts.h"

#include "customertexts.h"

namespace frontline::mailtexts {

namespace {

bool french(const QString &locale)
{
    return customertexts::isFrench(locale);
}

} // namespace

QString replySubject(const QString &locale, const QString &team)
{
    return (french(locale) ? QStringLiteral("Nouvelle réponse de %1")
                           : QStringLiteral("New reply from %1"))
        .arg(team);
}

QString replyIntro(const QString &locale, const QString &team)
{
    return (french(locale)
            ? QStringLiteral("%1 a répondu à votre conversation pendant votre absence :")
            : QStringLiteral("%1 answered your conversation after you left:"))
        .arg(team);
}

QString resumeInvitation(const QString &locale)
{
    return french(locale) ? QStringLiteral("Pour reprendre la conversation :")
                          : QStringLiteral("To continue the conversation:");
}

QString linkLifetime(const QString &locale, int days)
{
    return (french(locale) ? QStringLiteral("Ce lien est valable %1 jours.")
                           : QStringLiteral("This link works for %1 days."))
        .arg(days);
}

QString transcriptSubject(const QString &locale, const QString &team)
{
    return (french(locale) ? QStringLiteral("Votre conversation avec %1")
                           : QStringLiteral("Your conversation with %1"))
        .arg(team);
}

QString transcriptIntro(const QString &locale, const QString &team)
{
    return (french(locale)
            ? QStringLiteral("Voici votre conversation avec %1, comme vous l’avez demandé :")
            : QStringLiteral("Here is your conversation with %1, as you asked:"))
        .arg(team);
}

QString copySubject(const QString &locale, const QString &customer)
{
    if (customer.isEmpty())
        return french(locale) ? QStringLiteral("Conversation terminée")
                              : QStringLiteral("Conversation closed");
    return (french(locale) ? QStringLiteral("Conversation terminée : %1")
                           : QStringLiteral("Conversation closed: %1"))
        .arg(customer);
}

QString copyIntro(const QString &locale, const QString &sessionId)
{
    return (french(locale) ? QStringLiteral("La conversation %1 a été terminée :")
                           : QStringLiteral("The conversation %1 was closed:"))
        .arg(sessionId);
}

QString greeting(const QString &locale, const QString &name)
{
    if (name.isEmpty())
        return french(locale) ? QStringLiteral("Bonjour,") : QStringLiteral("Hello,");
    return (french(locale) ? QStringLiteral("Bonjour %1,") : QStringLiteral("Hello %1,")).arg(name);
}

QString signature(const QString &locale, const QString &team)
{
    return (french(locale) ? QStringLiteral("L’équipe %1") : QStringLiteral("The %1 team"))
        .arg(team);
}

QString customerLabel(const QString &locale)
{
    return french(locale) ? QStringLiteral("Vous") : QStringLiteral("You");
}

QString customerLabelForOperator(const QString &locale)
{
    return french(locale) ? QStringLiteral("Client") : QStringLiteral("Customer");
}

QString assistantLabel(const QString &locale)
{
    Q_UNUSED(locale) // the same word in both
    return QStringLiteral("Assistant");
}

QString agentLabel(const QString &locale)
{
    return french(locale) ? QStringLiteral("Conseiller") : QStringLiteral("Agent");
}

QString attachmentLabel(const QString &locale, const QString &filename)
{
    return (french(locale) ? QStringLiteral("[fichier : %1]") : QStringLiteral("[file: %1]"))
        .arg(filename);
}

} // namespace frontline::mailtexts

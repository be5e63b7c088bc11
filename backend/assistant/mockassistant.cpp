// SPDX-License-Identifier: GPL-3.0-or-later
#include "mockassistant.h"

#include "domain/customertexts.h"

#include <QRegularExpression>

namespace frontline {

namespace {

struct Topic
{
    QRegularExpression pattern; // matched against the lower-cased question
    QString english;
    QString french;
};

const QList<Topic> &topics()
{
    static const QList<Topic> list = {
        { QRegularExpression(
              QStringLiteral("\\b(human|person|agent|someone|humain|conseiller|quelqu.un)\\b")),
            QStringLiteral("I can hand you over to a support agent: press “Talk to a human” and "
                           "someone from the team will join this conversation."),
            QStringLiteral(
                "Je peux vous mettre en relation avec un conseiller : appuyez sur "
                "« Parler à un humain » et quelqu’un de l’équipe rejoindra la conversation.") },
        { QRegularExpression(QStringLiteral("password|mot de passe|mdp|login|connexion")),
            QStringLiteral(
                "To reset your password, use “Forgot password?” on the sign-in page; the "
                "link we email you is valid for one hour."),
            QStringLiteral(
                "Pour réinitialiser votre mot de passe, utilisez « Mot de passe oublié ? » "
                "sur la page de connexion ; le lien envoyé par e-mail est valable une heure.") },
        { QRegularExpression(QStringLiteral("refund|money back|rembours")),
            QStringLiteral("Refunds are possible within 14 days of purchase. Tell me your order "
                           "number and I’ll check it for you."),
            QStringLiteral("Un remboursement est possible dans les 14 jours suivant l’achat. "
                           "Donnez-moi votre numéro de commande et je vérifie.") },
        { QRegularExpression(
              QStringLiteral("\\bbugs?\\b|crash|error|broken|bogue|plantage|erreur|marche pas")),
            QStringLiteral(
                "Sorry about that! Could you tell me what you were doing and what you saw? "
                "A screenshot helps our team reproduce the bug."),
            QStringLiteral(
                "Désolé pour ce problème ! Pouvez-vous me dire ce que vous faisiez et ce "
                "que vous avez vu ? Une capture d’écran aide l’équipe à reproduire le bug.") },
        { QRegularExpression(
              QStringLiteral("pric|cost|plan|subscription|prix|tarif|abonnement|combien")),
            QStringLiteral(
                "Our plans start at €9 per month, with a free 14-day trial. Would you like "
                "details on a specific plan?"),
            QStringLiteral(
                "Nos offres commencent à 9 € par mois, avec un essai gratuit de 14 jours. "
                "Voulez-vous le détail d’une offre ?") },
        { QRegularExpression(QStringLiteral(
              "^(hello|hi|hey|good (morning|afternoon|evening)|bonjour|salut|bonsoir|coucou)\\b")),
            QStringLiteral("Hello! How can I help you today?"),
            QStringLiteral("Bonjour ! Comment puis-je vous aider ?") },
    };
    return list;
}

} // namespace

QString MockAssistant::replyTo(const QString &question, const QString &locale)
{
    const QString lowered = question.toLower();
    const bool french = customertexts::isFrench(locale);
    for (const Topic &topic : topics()) {
        if (topic.pattern.match(lowered).hasMatch())
            return french ? topic.french : topic.english;
    }
    return french ? QStringLiteral("Merci pour votre message. Pouvez-vous m’en dire un peu plus ? "
                                   "Je peux aussi vous passer un conseiller.")
                  : QStringLiteral("Thanks for your message. Could you tell me a bit more? I can "
                                   "also put you through to a support agent.");
}

void MockAssistant::answer(const AssistantRequest &request, AssistantCallbacks callbacks)
{
    AssistantAnswer answer;
    answer.ok = true;
    const QString question
        = request.history.isEmpty() ? QString() : request.history.constLast().content;
    answer.text = replyTo(question, request.session.locale);
    callbacks.done(answer);
}

} // namespace frontline

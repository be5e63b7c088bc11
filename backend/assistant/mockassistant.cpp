// SPDX-License-Identifier: GPL-3.0-or-later
#include "mockassistant.h"

#include "domain/customertexts.h"
#include "domain/searchtext.h"
#include "groundedanswer.h"

#include <QRegularExpression>
#include <QSet>

#include <algorithm>

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
    };
    return list;
}

// What a message says when it is small talk: nothing but a greeting, or nothing but thanks or
// a goodbye (with the words that go with them: "thanks for the quick answer", "merci
// beaucoup", "ok, bye").
enum class SmallTalk { None, Greeting, Thanks };

QSet<QString> setOf(std::initializer_list<const char *> list)
{
    QSet<QString> set;
    for (const char *w : list)
        set.insert(QString::fromLatin1(w));
    return set;
}

SmallTalk smallTalkOf(const QString &message)
{
    // Folded, as searchtext::words gives them.
    static const QSet<QString> greetings = setOf({ "hello", "hi", "hey", "hiya", "morning",
        "afternoon", "evening", "bonjour", "bonsoir", "salut", "coucou", "rebonjour" });
    static const QSet<QString> thanks = setOf({ "thanks", "thank", "thx", "ty", "cheers", "bye",
        "goodbye", "byebye", "ciao", "ok", "okay", "great", "perfect", "awesome", "excellent",
        "merci", "remercie", "revoir", "parfait", "super", "genial", "nickel", "top", "journee",
        "soiree", "day", "night", "nuit" });
    static const QSet<QString> alongside = setOf({ "good", "nice", "very", "much", "lot", "lots",
        "really", "again", "quick", "fast", "answer", "answers", "reply", "response", "help",
        "helpful", "kind", "everyone", "everything", "see", "later", "soon", "alright", "fine",
        "yes", "yeah", "beaucoup", "tres", "vraiment", "bien", "encore", "rapide", "rapidement",
        "reponse", "reponses", "aide", "gentil", "sympa", "bonne", "bon", "ca", "va", "allez",
        "accord", "plus", "bientot", "oui", "cordialement", "tout", "tous", "monde" });
    bool greeting = false;
    bool thanked = false;
    for (const QString &word : searchtext::words(message, false, -1)) {
        if (thanks.contains(word))
            thanked = true;
        else if (greetings.contains(word))
            greeting = true;
        else if (!alongside.contains(word) && !searchtext::isStopWord(word))
            return SmallTalk::None; // something meaningful: a question to answer
    }
    return thanked ? SmallTalk::Thanks : greeting ? SmallTalk::Greeting : SmallTalk::None;
}

QString smallTalkReply(SmallTalk talk, bool french)
{
    if (talk == SmallTalk::Thanks)
        return french
            ? QStringLiteral("Avec plaisir ! Puis-je vous aider pour autre chose ?")
            : QStringLiteral("You’re welcome! Is there anything else I can help you with?");
    return french ? QStringLiteral("Bonjour ! Comment puis-je vous aider ?")
                  : QStringLiteral("Hello! How can I help you today?");
}

// What a grounded mock still answers without a passage, and rather than with one: small talk
// and a request for a human (the first topic), which the knowledge base has nothing to add to.
bool isSmallTalk(const QString &question)
{
    return smallTalkOf(question) != SmallTalk::None
        || topics().constFirst().pattern.match(question.toLower()).hasMatch();
}

// Markdown's marks that read badly in a chat bubble: headings' #, emphasis, list bullets.
QString plainText(const QString &markdown)
{
    static const QRegularExpression headings(QStringLiteral("(?m)^\\s{0,3}#{1,6}\\s*"));
    static const QRegularExpression bullets(QStringLiteral("(?m)^\\s*(?:[-*+]|\\d+[.)])\\s+"));
    static const QRegularExpression emphasis(QStringLiteral("(\\*\\*|__|`)"));
    QString text = markdown;
    text.remove(headings);
    text.replace(bullets, QString());
    text.remove(emphasis);
    return text.simplified();
}

QString shortened(const QString &text, qsizetype maxChars)
{
    const QString simple = text.simplified();
    if (simple.size() <= maxChars)
        return simple;
    qsizetype cut = simple.lastIndexOf(QLatin1Char(' '), maxChars);
    if (cut <= 0)
        cut = maxChars;
    return simple.left(cut) + QStringLiteral("…");
}

} // namespace

QString MockAssistant::firstSentences(const QString &text, qsizetype maxChars)
{
    const QString plain = plainText(text);
    if (plain.size() <= maxChars)
        return plain;
    // The last end of sentence within the limit, if there is one far enough in.
    static const QRegularExpression end(QStringLiteral("[.!?…](?=\\s)"));
    qsizetype cut = -1;
    QRegularExpressionMatchIterator it = end.globalMatch(plain);
    while (it.hasNext()) {
        const QRegularExpressionMatch match = it.next();
        if (match.capturedEnd(0) > maxChars)
            break;
        cut = match.capturedEnd(0);
    }
    if (cut >= maxChars / 3)
        return plain.left(cut);
    return shortened(plain, maxChars);
}

AssistantAnswer MockAssistant::groundedAnswer(const AssistantRequest &request)
{
    AssistantAnswer answer;
    answer.ok = true;
    const QString question
        = request.history.isEmpty() ? QString() : request.history.constLast().content;
    if (isSmallTalk(question)) {
        answer.text = replyTo(question, request.session.locale);
        return answer;
    }
    if (!request.passages.isEmpty()) {
        const KnowledgePassage &best = request.passages.constFirst();
        answer.text = firstSentences(best.text, 400);
        if (answer.text.isEmpty())
            answer.text = best.title;
        answer.sources = { best.source() };
        return answer;
    }
    answer.nothingRelevant = true;
    answer.text = customertexts::nothingInKnowledgeBase(request.session.locale);
    return answer;
}

QString MockAssistant::extractiveSummary(const QList<ChatMessage> &history, const QString &locale)
{
    const bool french = customertexts::isFrench(locale);
    QList<ChatMessage> messages = history;
    messages.removeIf([](const ChatMessage &m) {
        return m.role == Role::System || m.role == Role::Note || m.content.trimmed().isEmpty();
    });
    const auto first = std::find_if(messages.cbegin(), messages.cend(),
        [](const ChatMessage &m) { return m.role == Role::User; });
    if (first == messages.cend())
        return french ? QStringLiteral("Le client n’a encore rien demandé.")
                      : QStringLiteral("The customer has not asked anything yet.");
    QStringList lines;
    lines.append((french ? QStringLiteral("Question : ") : QStringLiteral("Question: "))
        + shortened(first->content, 200));
    // The latest three messages after the first question.
    const qsizetype firstIndex = std::distance(messages.cbegin(), first);
    const qsizetype from = std::max<qsizetype>(firstIndex + 1, messages.size() - 3);
    for (qsizetype i = from; i < messages.size(); ++i) {
        const ChatMessage &m = messages.at(i);
        QString who;
        switch (m.role) {
        case Role::User:
            who = french ? QStringLiteral("Client") : QStringLiteral("Customer");
            break;
        case Role::Agent:
            who = french ? QStringLiteral("Conseiller") : QStringLiteral("Agent");
            break;
        default:
            who = QStringLiteral("Assistant");
            break;
        }
        lines.append(who + (french ? QStringLiteral(" : ") : QStringLiteral(": "))
            + shortened(m.content, 160));
    }
    return lines.join(QLatin1Char('\n'));
}

void MockAssistant::assist(const CopilotRequest &request, AssistantCallbacks callbacks)
{
    AssistantAnswer answer;
    answer.ok = true;
    const QString locale
        = request.targetLocale.isEmpty() ? request.session.locale : request.targetLocale;
    switch (request.task) {
    case CopilotTask::SuggestReply:
        if (!request.passages.isEmpty()) {
            const KnowledgePassage &best = request.passages.constFirst();
            answer.text = firstSentences(best.text, 400);
            answer.sources = { best.source() };
        }
        if (answer.text.isEmpty()) {
            answer.sources.clear();
            answer.text = customertexts::isFrench(locale)
                ? QStringLiteral("Merci pour votre message. Je regarde cela et je reviens vers "
                                 "vous très vite.")
                : QStringLiteral(
                    "Thank you for your message. I’m looking into it and will get back to "
                    "you shortly.");
        }
        break;
    case CopilotTask::Summarize:
        answer.text = extractiveSummary(request.history, locale);
        break;
    case CopilotTask::Translate:
        answer.text = request.text;
        answer.translated = false;
        break;
    }
    callbacks.done(answer);
}

QString MockAssistant::replyTo(const QString &question, const QString &locale)
{
    const bool french = customertexts::isFrench(locale);
    // Small talk alone; a greeting before a question is the question's.
    if (const SmallTalk talk = smallTalkOf(question); talk != SmallTalk::None)
        return smallTalkReply(talk, french);
    const QString lowered = question.toLower();
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
    if (request.grounded) {
        callbacks.done(groundedAnswer(request));
        return;
    }
    AssistantAnswer answer;
    answer.ok = true;
    const QString question
        = request.history.isEmpty() ? QString() : request.history.constLast().content;
    answer.text = replyTo(question, request.session.locale);
    callbacks.done(answer);
}

} // namespace frontline

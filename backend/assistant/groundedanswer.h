// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "assistant.h"

namespace frontline::grounded {

// What the model is told to reply, alone, when the passages do not answer the question.
inline constexpr QLatin1String NoAnswer("NO_ANSWER");

// The system message of a grounded request: the rules (answer only from the passages, cite
// them as [n], reply exactly NoAnswer when they do not answer) and the passages numbered
// [1]..[n], each with its article's title, its heading and its text.
QString systemMessage(const QString &basePrompt, const QList<KnowledgePassage> &passages);

// The passages as the numbered list the system message holds (also the copilot's).
QString numberedPassages(const QList<KnowledgePassage> &passages);

// The model's reply to a grounded request, read: the [n] it cites become `sources` (one per
// article, in the order first cited; a number with no passage is dropped) and are removed
// from the text; NoAnswer (alone, whatever the case, maybe with punctuation) becomes
// nothingRelevant with customertexts::nothingInKnowledgeBase(locale) as the text; a reply
// that cites nothing while there were passages is a failure (Ungrounded); an empty one too
// (BadResponse). `answer` is the provider's, ok, with the model's text; the rest of it (the
// tokens) is kept.
AssistantAnswer readAnswer(
    AssistantAnswer answer, const QList<KnowledgePassage> &passages, const QString &locale);

// The sources of `passages`, one per article, in their order.
QList<KnowledgeSource> sourcesOf(const QList<KnowledgePassage> &passages);

} // namespace frontline::grounded

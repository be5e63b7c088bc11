// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QJsonObject>
#include <QString>

#include <optional>

namespace frontline {

// What the chat page asks before the first message (issue 20), as an administrator sets it:
// the customer's name and e-mail address, each off, optional or required, and a consent box
// with the operator's own words. Off by default: the page opens on the conversation, as
// before. create-session enforces it (a required field missing is a 400), so a page that skips
// the form cannot skip the rule. Stored as the compact JSON of toJson().
struct PreChatForm
{
    enum class Field { Off, Optional, Required };
    struct Consent
    {
        QString text; // shown beside the box, as written (1 to MaxConsentLength characters)
        bool required = false;
        friend bool operator==(const Consent &, const Consent &) = default;
    };

    static constexpr qsizetype MaxConsentLength = 1000;

    bool enabled = false;
    Field name = Field::Off;
    Field email = Field::Off;
    std::optional<Consent> consent; // nothing: no box

    // Whether create-session must refuse a session without it (never when not enabled).
    bool nameRequired() const { return enabled && name == Field::Required; }
    bool emailRequired() const { return enabled && email == Field::Required; }
    bool consentRequired() const { return enabled && consent && consent->required; }

    // {"enabled","name":"off"|"optional"|"required","email":…,"consent":{"text","required"}|null}
    QJsonObject toJson() const;
    QString toString() const; // compact JSON, as stored
    // `change` on top of `base`: the fields it has replace those of `base` ("consent" as a
    // whole). Nullopt for a wrong field, with in `field` its path ("preChat.email") and in
    // `problem` what a good value looks like.
    static std::optional<PreChatForm> parse(
        const QJsonObject &change, const PreChatForm &base, QString *field, QString *problem);
    // The stored text; nullopt when it is not a form this version reads.
    static std::optional<PreChatForm> fromString(const QString &text);

    friend bool operator==(const PreChatForm &, const PreChatForm &) = default;
};

} // namespace frontline

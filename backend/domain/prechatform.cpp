// SPDX-License-Identifier: GPL-3.0-or-later
#include "prechatform.h"

#include <QCoreApplication>
#include <QJsonDocument>

#include <array>

namespace frontline {

namespace {

const QString Enabled = QStringLiteral("enabled");
const QString Name = QStringLiteral("name");
const QString Email = QStringLiteral("email");
const QString ConsentKey = QStringLiteral("consent");
const QString Text = QStringLiteral("text");
const QString Required = QStringLiteral("required");

constexpr std::array FieldNames { "off", "optional", "required" };

QString fieldName(PreChatForm::Field field)
{
    return QLatin1String(FieldNames.at(static_cast<std::size_t>(field)));
}

std::optional<PreChatForm::Field> fieldNamed(const QJsonValue &value)
{
    for (std::size_t i = 0; i < FieldNames.size(); ++i) {
        if (value.isString() && value.toString() == QLatin1String(FieldNames.at(i)))
            return static_cast<PreChatForm::Field>(i);
    }
    return std::nullopt;
}

// The operator's sentence: shown to customers as it is, so nothing in it may hide or reorder
// what they read (line breaks are allowed: a sentence and a link to the policy).
bool isConsentText(const QString &text)
{
    if (text.trimmed().isEmpty() || text.size() > PreChatForm::MaxConsentLength)
        return false;
    for (const QChar c : text) {
        if (c == QLatin1Char('\n'))
            continue;
        const QChar::Category category = c.category();
        if (category == QChar::Other_Control || category == QChar::Other_Format)
            return false;
    }
    return true;
}

} // namespace

QJsonObject PreChatForm::toJson() const
{
    return { { Enabled, enabled }, { Name, fieldName(name) }, { Email, fieldName(email) },
        { ConsentKey,
            consent ? QJsonValue(
                QJsonObject { { Text, consent->text }, { Required, consent->required } })
                    : QJsonValue(QJsonValue::Null) } };
}

QString PreChatForm::toString() const
{
    return QString::fromUtf8(QJsonDocument(toJson()).toJson(QJsonDocument::Compact));
}

std::optional<PreChatForm> PreChatForm::parse(
    const QJsonObject &change, const PreChatForm &base, QString *field, QString *problem)
{
    const auto refuse = [&](const QString &fieldName, const QString &text) {
        *field = QStringLiteral("preChat.") + fieldName;
        *problem = text;
        return std::nullopt;
    };
    PreChatForm form = base;
    for (auto it = change.constBegin(); it != change.constEnd(); ++it) {
        const QString &key = it.key();
        const QJsonValue &value = it.value();
        if (key == Enabled) {
            if (!value.isBool())
                return refuse(
                    key, QCoreApplication::translate("PreChatForm", "must be true or false."));
            form.enabled = value.toBool();
        } else if (key == Name || key == Email) {
            const auto asked = fieldNamed(value);
            if (!asked)
                return refuse(key,
                    QCoreApplication::translate(
                        "PreChatForm", "must be \"off\", \"optional\" or \"required\"."));
            (key == Name ? form.name : form.email) = *asked;
        } else if (key == ConsentKey) {
            if (value.isNull()) {
                form.consent.reset();
                continue;
            }
            const QJsonObject box = value.toObject();
            if (!value.isObject())
                return refuse(key,
                    QCoreApplication::translate("PreChatForm",
                        "must be null (no consent box) or an object with text and required."));
            for (auto part = box.constBegin(); part != box.constEnd(); ++part) {
                if (part.key() != Text && part.key() != Required)
                    return refuse(key + QLatin1Char('.') + part.key(),
                        QCoreApplication::translate("PreChatForm",
                            "is not part of the consent box: use text and required."));
            }
            const QJsonValue text = box.value(Text);
            if (!text.isString() || !isConsentText(text.toString()))
                return refuse(key + QLatin1Char('.') + Text,
                    QCoreApplication::translate("PreChatForm",
                        "must be the sentence shown beside the box: 1 to %1 characters, without "
                        "control characters.")
                        .arg(MaxConsentLength));
            const QJsonValue required = box.value(Required);
            if (!required.isUndefined() && !required.isBool())
                return refuse(key + QLatin1Char('.') + Required,
                    QCoreApplication::translate("PreChatForm", "must be true or false."));
            form.consent = Consent { text.toString().trimmed(), required.toBool(false) };
        } else {
            return refuse(key,
                QCoreApplication::translate("PreChatForm",
                    "is not part of the pre-chat form: use enabled, name, email or consent."));
        }
    }
    return form;
}

std::optional<PreChatForm> PreChatForm::fromString(const QString &text)
{
    const QJsonDocument document = QJsonDocument::fromJson(text.toUtf8());
    if (!document.isObject())
        return std::nullopt;
    QString field;
    QString problem;
    return parse(document.object(), PreChatForm(), &field, &problem);
}

} // namespace frontline

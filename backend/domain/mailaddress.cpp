// SPDX-License-Identifier: GPL-3.0-or-later
#include "mailaddress.h"

#include <QList>

namespace frontline {

namespace {

bool isAtext(char16_t c)
{
    if ((c >= u'a' && c <= u'z') || (c >= u'A' && c <= u'Z') || (c >= u'0' && c <= u'9'))
        return true;
    return QStringView(u"!#$%&'*+-/=?^_`{|}~").contains(QChar(c));
}

bool isLocalPart(QStringView local)
{
    if (local.isEmpty() || local.size() > 64 || local.startsWith(u'.') || local.endsWith(u'.')
        || local.contains(u".."))
        return false;
    for (const QChar c : local)
        if (c != u'.' && !isAtext(c.unicode()))
            return false;
    return true;
}

bool isLabel(QStringView label)
{
    if (label.isEmpty() || label.size() > 63 || label.startsWith(u'-') || label.endsWith(u'-'))
        return false;
    for (const QChar c : label) {
        const char16_t u = c.unicode();
        if (!((u >= u'a' && u <= u'z') || (u >= u'A' && u <= u'Z') || (u >= u'0' && u <= u'9')
                || u == u'-'))
            return false;
    }
    return true;
}

bool isDomain(QStringView domain)
{
    if (domain.compare(u"localhost", Qt::CaseInsensitive) == 0)
        return true;
    if (domain.size() > 253)
        return false;
    const auto labels = domain.split(u'.');
    if (labels.size() < 2)
        return false;
    for (const QStringView label : labels)
        if (!isLabel(label))
            return false;
    bool allDigits = true;
    for (const QChar c : labels.constLast())
        allDigits = allDigits && c.isDigit();
    return !allDigits;
}

} // namespace

bool isMailAddress(const QString &text)
{
    if (text.isEmpty() || text.size() > 254 || text.count(u'@') != 1)
        return false;
    const qsizetype at = text.indexOf(u'@');
    return isLocalPart(QStringView(text).left(at)) && isDomain(QStringView(text).mid(at + 1));
}

std::optional<Mailbox> parseMailbox(const QString &text)
{
    const QString trimmed = text.trimmed();
    if (trimmed.endsWith(u'>')) {
        const qsizetype open = trimmed.lastIndexOf(u'<');
        if (open < 0)
            return std::nullopt;
        const QString address = trimmed.mid(open + 1, trimmed.size() - open - 2);
        QString name = trimmed.left(open).trimmed();
        if (name.size() >= 2 && name.startsWith(u'"') && name.endsWith(u'"'))
            name = name.mid(1, name.size() - 2);
        if (!isMailAddress(address))
            return std::nullopt;
        return Mailbox { address, name };
    }
    if (!isMailAddress(trimmed))
        return std::nullopt;
    return Mailbox { trimmed, QString() };
}

} // namespace frontline

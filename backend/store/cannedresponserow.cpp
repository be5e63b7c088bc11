// SPDX-License-Identifier: GPL-3.0-or-later
#include "cannedresponserow.h"

namespace frontline::sql {

namespace {

// NOT NULL columns: an empty text is '' there, never NULL.
QString notNull(const QString &text)
{
    return text.isNull() ? QStringLiteral("") : text;
}

} // namespace

void bindCannedResponse(QSqlQuery &q, const CannedResponse &r)
{
    bind(q, "shortcut", r.shortcut);
    bind(q, "title", notNull(r.title));
    bind(q, "body", r.body);
    bind(q, "updated_at", timeValue(r.updatedAt));
    bind(q, "updated_by", notNull(r.updatedBy));
}

CannedResponse readCannedResponse(const Row &q)
{
    CannedResponse r;
    r.id = q.value("id").toLongLong();
    r.shortcut = q.text("shortcut");
    r.title = q.text("title");
    r.body = q.text("body");
    r.createdAt = timeFrom(q.value("created_at"));
    r.updatedAt = timeFrom(q.value("updated_at"));
    r.updatedBy = q.text("updated_by");
    return r;
}

} // namespace frontline::sql

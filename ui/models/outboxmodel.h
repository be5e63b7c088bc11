// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "consoleitems.h"

#include <QAbstractTableModel>
#include <QList>

namespace frontline::ui {

// The outbox as this console knows it: the e-mails the server last listed (GET
// /api/agent/outbox, the newest and every failed one), newest first, each kept at its newest
// state by the `mail` events. A mail comes once, by id.
class OutboxModel final : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { State, Kind, To, Subject, Attempts, LastError, Created, Sent, ColumnCount };
    enum Roles {
        MailIdRole = Qt::UserRole + 1,
        MailStateRole, // "queued", "sending", "sent", "failed"
        SessionIdRole,
    };

    explicit OutboxModel(QObject *parent = nullptr);

    // The mails of a list answer, added to (or updating) those known.
    void absorb(const QList<MailItem> &mails);
    void absorb(const MailItem &mail) { absorb(QList<MailItem> { mail }); }
    void clear();
    const MailItem &mail(int row) const { return m_mails.at(row); }
    int rowOf(qint64 id) const;
    int failedCount() const;

    static QString stateText(const QString &state);
    static QString kindText(const QString &kind);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

Q_SIGNALS:
    void failedCountChanged(int failed);

private:
    QList<MailItem> m_mails; // newest (highest id) first
    int m_failed = 0;
};

} // namespace frontline::ui

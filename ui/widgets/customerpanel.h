// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/consoleitems.h"

#include <QJsonObject>
#include <QWidget>

class QFormLayout;
class QLabel;
class QListWidget;
class QToolButton;

namespace frontline::ui {

// Who the customer of the open session is: identity (verified by the host site, or
// anonymous), locale, address, browser, and what they have used.
class CustomerPanel final : public QWidget
{
    Q_OBJECT
public:
    explicit CustomerPanel(QWidget *parent = nullptr);

    void showSession(const SessionItem *session); // nullptr: none open
    void showUsage(const QJsonObject &usage); // empty: none recorded
    // The colours of the labels the panel shows as chips.
    void setLabelColours(const QList<LabelItem> &labels);
    // The customer's earlier conversations, newest first; `reason` says why there are none.
    void showPastConversations(
        const QList<PastConversationItem> &conversations, const QString &reason);
    QListWidget *pastConversations() const { return m_past; }

Q_SIGNALS:
    // The agent chose one of the earlier conversations, to read it.
    void pastConversationChosen(const QString &sessionId);

private:
    QLabel *addRow(const QString &label, const QString &objectName);

    QLabel *m_placeholder; // while no conversation is open
    QWidget *m_details;
    QFormLayout *m_form;

    QLabel *m_name;
    QLabel *m_identity;
    QLabel *m_email;
    QToolButton *m_copyEmail; // puts the address on the clipboard
    QLabel *m_consent; // "Consented <date>", under the address
    QLabel *m_locale;
    QLabel *m_ip;
    QLabel *m_userAgent;
    QLabel *m_started;
    QLabel *m_usage;
    QLabel *m_labels;
    QLabel *m_pastTitle;
    QLabel *m_pastNone;
    QListWidget *m_past;
    QHash<QString, QColor> m_labelColours; // by case-folded name
    QString m_sessionId; // whose usage is shown
};

} // namespace frontline::ui

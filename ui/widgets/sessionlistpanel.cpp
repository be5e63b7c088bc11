// SPDX-License-Identifier: GPL-3.0-or-later
#include "sessionlistpanel.h"

#include "consolecontroller.h"
#include "icons.h"
#include "models/consoleitems.h"
#include "models/sessionlistmodel.h"
#include "sessionlistdelegate.h"

#include <QActionGroup>
#include <QComboBox>
#include <QEvent>
#include <QHash>
#include <QHeaderView>
#include <QLineEdit>
#include <QMenu>
#include <QPainter>
#include <QTabBar>
#include <QToolButton>
#include <QTreeView>
#include <QVBoxLayout>

namespace frontline::ui {

namespace {

// In the order of their tabs.
constexpr SessionFilterProxy::Filter AllFilters[] = { SessionFilterProxy::Filter::Waiting,
    SessionFilterProxy::Filter::Mine, SessionFilterProxy::Filter::Ai,
    SessionFilterProxy::Filter::Closed, SessionFilterProxy::Filter::All };

} // namespace

SessionListPanel::SessionListPanel(ConsoleController &console, QWidget *parent)
    : QWidget(parent)
    , m_console(console)
    , m_filters(new QTabBar(this))
    , m_search(new QLineEdit(this))
    , m_sort(new QToolButton(this))
    , m_labelFilter(new QComboBox(this))
    , m_view(new SessionListView(this))
    , m_proxy(new SessionFilterProxy(this))
{
    m_filters->setObjectName(QStringLiteral("sessionFilters"));
    for (const auto filter : AllFilters)
        m_filters->addTab(SessionFilterProxy::nameOf(filter));
    m_filters->setExpanding(false);
    m_filters->setAccessibleName(tr("Session filter"));

    m_search->setObjectName(QStringLiteral("sessionSearch"));
    m_search->setPlaceholderText(tr("Search customers and messages"));
    m_search->setClearButtonEnabled(true);
    m_search->setAccessibleName(tr("Search sessions"));

    m_proxy->setSourceModel(console.sessions());
    m_view->setObjectName(QStringLiteral("sessionList"));
    m_view->setModel(m_proxy);
    m_view->setRootIsDecorated(false);
    m_view->setUniformRowHeights(true); // every card is as tall: fast with thousands
    m_view->setItemDelegate(new SessionListDelegate(m_view));
    m_view->setMouseTracking(true); // the hovered card is tinted
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->setAllColumnsShowFocus(true);
    m_view->setFrameShape(QFrame::NoFrame);
    m_view->setAccessibleName(tr("Sessions"));
    // One card per session: the delegate paints the other columns into the first one,
    // which the model sorts and filters by column as before.
    m_view->header()->hide();
    m_view->header()->setStretchLastSection(true);
    for (int column = SessionListModel::Status; column < SessionListModel::ColumnCount; ++column)
        m_view->setColumnHidden(column, true);
    m_view->setSortingEnabled(true);

    m_sort->setObjectName(QStringLiteral("sessionSort"));
    m_sort->setPopupMode(QToolButton::InstantPopup);
    m_sort->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    m_sort->setIcon(icons::named(QStringLiteral("view-sort-descending"), palette()));
    m_sort->setAccessibleName(tr("Sort sessions"));
    auto *sortMenu = new QMenu(m_sort);
    auto *sortGroup = new QActionGroup(sortMenu);
    const struct
    {
        QString name;
        int column;
        Qt::SortOrder order;
    } sortings[] = {
        { tr("Latest activity"), SessionListModel::Time, Qt::DescendingOrder },
        { tr("Oldest activity"), SessionListModel::Time, Qt::AscendingOrder },
        { tr("Most unread"), SessionListModel::Unread, Qt::DescendingOrder },
        { tr("Customer name"), SessionListModel::Customer, Qt::AscendingOrder },
    };
    for (const auto &sorting : sortings) {
        QAction *action = sortMenu->addAction(sorting.name);
        action->setCheckable(true);
        sortGroup->addAction(action);
        connect(action, &QAction::triggered, this,
            [this, name = sorting.name, column = sorting.column, order = sorting.order] {
                m_view->sortByColumn(column, order);
                m_sort->setText(name);
            });
        if (sortGroup->actions().size() == 1)
            action->trigger(); // newest first, the queue pinned above (SessionFilterProxy)
    }
    m_sort->setMenu(sortMenu);

    auto *searchRow = new QHBoxLayout;
    searchRow->setContentsMargins(0, 0, 0, 0);
    searchRow->addWidget(m_search, 1);
    searchRow->addWidget(m_labelFilter);
    searchRow->addWidget(m_sort);
    m_labelFilter->setObjectName(QStringLiteral("labelFilter"));
    m_labelFilter->setAccessibleName(tr("Label filter"));
    m_labelFilter->setToolTip(tr("Only the conversations with this label (or type label:name "
                                 "in the search)"));
    m_labelFilter->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    const auto fillLabels = [this] {
        const QString chosen = m_labelFilter->currentData().toString();
        const QSignalBlocker blocker(m_labelFilter);
        m_labelFilter->clear();
        m_labelFilter->addItem(tr("Any label"), QString());
        for (const LabelItem &label : m_console.labels()) {
            QPixmap swatch(10, 10);
            swatch.fill(label.colour);
            m_labelFilter->addItem(QIcon(swatch), label.name, label.name);
        }
        const int index = m_labelFilter->findData(chosen);
        m_labelFilter->setCurrentIndex(std::max(0, index));
        m_proxy->setLabelFilter(m_labelFilter->currentData().toString());
    };
    fillLabels();
    connect(&console, &ConsoleController::labelsChanged, this, fillLabels);
    connect(m_labelFilter, &QComboBox::currentIndexChanged, this, [this] {
        m_proxy->setLabelFilter(m_labelFilter->currentData().toString());
        showPlaceholder();
    });
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_filters);
    layout->addLayout(searchRow);
    layout->addWidget(m_view);

    connect(m_filters, &QTabBar::currentChanged, this, [this](int index) {
        m_proxy->setFilter(static_cast<SessionFilterProxy::Filter>(index));
        showPlaceholder();
    });
    m_searchDelay.setSingleShot(true);
    m_searchDelay.setInterval(300);
    connect(m_search, &QLineEdit::textChanged, this, [this](const QString &text) {
        m_proxy->setSearchText(text);
        showPlaceholder();
        m_searchDelay.start();
    });
    connect(&m_searchDelay, &QTimer::timeout, this, [this] { m_console.search(m_search->text()); });
    connect(&console, &ConsoleController::searchMatched, m_proxy,
        &SessionFilterProxy::setServerMatches);
    // Filtering, searching and live events rebuild the rows; the open session stays the
    // selected one, or nothing is selected while it is not shown.
    connect(
        m_proxy, &QAbstractItemModel::layoutChanged, this, &SessionListPanel::selectOpenSession);
    connect(m_proxy, &QAbstractItemModel::rowsRemoved, this, &SessionListPanel::selectOpenSession);
    connect(m_proxy, &QAbstractItemModel::rowsInserted, this, &SessionListPanel::selectOpenSession);
    // Only the agent opens a conversation: by a click or the keys that move the current row.
    connect(m_view->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
        [this](const QModelIndex &current) {
            if (m_view->agentIsChoosing() && !m_selectingOpenSession && current.isValid())
                Q_EMIT sessionActivated(current.data(SessionListModel::SessionIdRole).toString());
        });
    // A click on the row that is current already (Qt makes one current when the list first
    // gets the focus), or Enter on it, opens it too.
    const auto open = [this](const QModelIndex &index) {
        if (index.isValid())
            Q_EMIT sessionActivated(index.data(SessionListModel::SessionIdRole).toString());
    };
    connect(m_view, &QAbstractItemView::pressed, this, open);
    connect(m_view, &QAbstractItemView::activated, this, open);
    m_recount.setSingleShot(true);
    m_recount.setInterval(200);
    connect(&m_recount, &QTimer::timeout, this, &SessionListPanel::countSessionsPerFilter);
    const auto recount = [this] {
        if (!m_recount.isActive())
            m_recount.start();
    };
    SessionListModel *sessions = console.sessions();
    connect(sessions, &QAbstractItemModel::rowsInserted, this, recount);
    connect(sessions, &QAbstractItemModel::rowsRemoved, this, recount);
    connect(sessions, &QAbstractItemModel::dataChanged, this, recount);
    connect(sessions, &QAbstractItemModel::modelReset, this, recount);
    // Opened by a shortcut, the palette or Take next waiting: the list shows it selected.
    connect(&console, &ConsoleController::openSessionChanged, this, [this] {
        if (!showsOpenSession())
            followOpenSession();
        else
            selectOpenSession();
    });
    countSessionsPerFilter();
    setFilter(SessionFilterProxy::Filter::All);
}

void SessionListPanel::countSessionsPerFilter()
{
    const SessionListModel *sessions = m_console.sessions();
    QHash<int, int> perState; // by SessionState
    const int rows = sessions->rowCount();
    for (int row = 0; row < rows; ++row)
        ++perState[sessions->index(row, 0).data(SessionListModel::StateRole).toInt()];
    for (const auto filter : AllFilters) {
        const auto state = SessionFilterProxy::stateShownBy(filter);
        const int count = state ? perState.value(int(*state)) : rows;
        m_filters->setTabText(int(filter),
            QStringLiteral("%1 (%2)").arg(SessionFilterProxy::nameOf(filter)).arg(count));
    }
}

void SessionListView::setPlaceholderText(const QString &text)
{
    if (text == m_placeholder)
        return;
    m_placeholder = text;
    viewport()->update();
}

void SessionListView::paintEvent(QPaintEvent *event)
{
    QTreeView::paintEvent(event);
    if (!model() || model()->rowCount() > 0 || m_placeholder.isEmpty())
        return;
    QPainter painter(viewport());
    painter.setPen(palette().color(QPalette::PlaceholderText));
    painter.drawText(viewport()->rect().adjusted(24, 32, -24, -24),
        Qt::AlignHCenter | Qt::AlignTop | Qt::TextWordWrap, m_placeholder);
}

void SessionListView::mousePressEvent(QMouseEvent *event)
{
    m_agentChoosing = true;
    QTreeView::mousePressEvent(event);
    m_agentChoosing = false;
}

void SessionListView::keyPressEvent(QKeyEvent *event)
{
    m_agentChoosing = true;
    QTreeView::keyPressEvent(event);
    m_agentChoosing = false;
}

void SessionListPanel::setFilter(SessionFilterProxy::Filter filter)
{
    m_filters->setCurrentIndex(static_cast<int>(filter));
    m_proxy->setFilter(filter);
    showPlaceholder();
}

void SessionListPanel::showPlaceholder()
{
    const QString search = m_search->text().trimmed();
    if (!search.isEmpty()) {
        m_view->setPlaceholderText(tr("No conversation matches \u201c%1\u201d.").arg(search));
        return;
    }
    switch (m_proxy->filter()) {
    case SessionFilterProxy::Filter::Waiting:
        m_view->setPlaceholderText(tr("Nobody is waiting for an agent."));
        break;
    case SessionFilterProxy::Filter::Mine:
        m_view->setPlaceholderText(tr("No conversation is yours. Take over one, or take the next "
                                      "waiting customer (Ctrl+Shift+T)."));
        break;
    case SessionFilterProxy::Filter::Ai:
        m_view->setPlaceholderText(tr("The AI is talking with nobody right now."));
        break;
    case SessionFilterProxy::Filter::Closed:
        m_view->setPlaceholderText(tr("No closed conversation yet."));
        break;
    case SessionFilterProxy::Filter::All:
        m_view->setPlaceholderText(
            tr("No conversations yet. They appear here as soon as a customer writes."));
        break;
    }
}

void SessionListPanel::selectOpenSession()
{
    const QString open = m_console.openSessionId();
    if (m_view->currentIndex().data(SessionListModel::SessionIdRole).toString() == open
        && !open.isEmpty())
        return;
    const int sourceRow = open.isEmpty() ? -1 : m_console.sessions()->rowOf(open);
    const QModelIndex index = sourceRow < 0
        ? QModelIndex()
        : m_proxy->mapFromSource(m_console.sessions()->index(sourceRow, 0));
    m_selectingOpenSession = true; // the list's move, not the agent's: it opens nothing
    if (index.isValid())
        m_view->selectionModel()->setCurrentIndex(
            index, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    else
        m_view->selectionModel()->clear();
    m_selectingOpenSession = false;
}

bool SessionListPanel::showsOpenSession() const
{
    const int sourceRow = m_console.sessions()->rowOf(m_console.openSessionId());
    return sourceRow >= 0
        && m_proxy->mapFromSource(m_console.sessions()->index(sourceRow, 0)).isValid();
}

void SessionListPanel::followOpenSession()
{
    if (m_console.openSessionId().isEmpty())
        return;
    if (!showsOpenSession())
        setFilter(SessionFilterProxy::Filter::Mine);
    if (!showsOpenSession())
        setFilter(SessionFilterProxy::Filter::All);
    selectOpenSession();
    m_view->scrollTo(m_view->currentIndex());
}

void SessionListPanel::openAdjacent(int step)
{
    const int rows = m_proxy->rowCount();
    if (rows == 0)
        return;
    const QModelIndex current = m_view->currentIndex();
    const int row = current.isValid() ? std::clamp(current.row() + step, 0, rows - 1)
                                      : (step > 0 ? 0 : rows - 1);
    const QModelIndex next = m_proxy->index(row, 0);
    if (next.isValid() && next != current.siblingAtColumn(0)) {
        Q_EMIT sessionActivated(next.data(SessionListModel::SessionIdRole).toString());
        m_view->scrollTo(next);
    }
}

void SessionListPanel::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::PaletteChange)
        m_sort->setIcon(icons::named(QStringLiteral("view-sort-descending"), palette()));
    QWidget::changeEvent(event);
}

void SessionListPanel::focusSearch()
{
    m_search->setFocus(Qt::ShortcutFocusReason);
    m_search->selectAll();
}

} // namespace frontline::ui

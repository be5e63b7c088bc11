// SPDX-License-Identifier: GPL-3.0-or-later
#include "ratelimitsview.h"

#include "consolecontroller.h"

#include <QChart>
#include <QChartView>
#include <QDateTimeAxis>
#include <QEvent>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineSeries>
#include <QPushButton>
#include <QSplitter>
#include <QTableView>
#include <QTimer>
#include <QTreeWidget>
#include <QVBoxLayout>
#include <QValueAxis>

namespace frontline::ui {

namespace {

constexpr int ChartMinutes = 60;
constexpr int TopKeyCount = 10;
constexpr int KeyKindRole = Qt::UserRole + 1;
constexpr int KeyRole = Qt::UserRole + 2;

QDateTime minuteOf(const QDateTime &time)
{
    const QDateTime utc = time.toUTC();
    return QDateTime(utc.date(), QTime(utc.time().hour(), utc.time().minute()), Qt::UTC);
}

} // namespace

RateLimitsView::RateLimitsView(ConsoleController &console, QWidget *parent)
    : QWidget(parent)
    , m_console(console)
    , m_table(new QTableView(this))
    , m_chart(new QChart())
    , m_chartView(new QChartView(m_chart, this))
    , m_series(new QLineSeries())
    , m_minutesAxis(new QDateTimeAxis())
    , m_hitsAxis(new QValueAxis())
    , m_topKeys(new QTreeWidget(this))
    , m_lift(new QPushButton(tr("&Lift block"), this))
{
    m_table->setObjectName(QStringLiteral("rateLimitHits"));
    m_table->setModel(console.rateLimitHits());
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->horizontalHeader()->setStretchLastSection(true);
    for (int column = RateLimitHitsModel::Time; column < RateLimitHitsModel::Session; ++column)
        m_table->horizontalHeader()->setSectionResizeMode(column, QHeaderView::ResizeToContents);
    m_table->setWordWrap(false);
    m_table->verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 8);
    m_table->verticalHeader()->hide();
    m_table->setAccessibleName(tr("Rate-limit hits"));

    m_chart->setTitle(tr("Hits per minute, last hour"));
    m_chart->legend()->hide();
    m_chart->addSeries(m_series);
    m_chart->addAxis(m_minutesAxis, Qt::AlignBottom);
    m_chart->addAxis(m_hitsAxis, Qt::AlignLeft);
    m_series->attachAxis(m_minutesAxis);
    m_series->attachAxis(m_hitsAxis);
    m_hitsAxis->setLabelFormat(QStringLiteral("%d"));
    m_minutesAxis->setFormat(QStringLiteral("HH:mm"));
    m_minutesAxis->setTickCount(7);
    m_chartView->setRenderHint(QPainter::Antialiasing);
    m_chartView->setMinimumHeight(180);
    applyChartColours();

    m_topKeys->setObjectName(QStringLiteral("topLimitedKeys"));
    m_topKeys->setHeaderLabels({ tr("Most limited keys"), tr("Hits") });
    m_topKeys->setRootIsDecorated(false);
    // The key takes what the hits count leaves: the header's words are never cut.
    m_topKeys->header()->setStretchLastSection(false);
    m_topKeys->header()->setSectionResizeMode(0, QHeaderView::Stretch);
    m_topKeys->header()->setSectionResizeMode(1, QHeaderView::ResizeToContents);
    m_topKeys->setAccessibleName(tr("Most limited keys"));
    m_lift->setObjectName(QStringLiteral("liftBlock"));
    m_lift->setEnabled(false);
    m_lift->setToolTip(tr("Forget what the selected key has used, so it is served again at once"));

    auto *side = new QWidget(this);
    auto *sideLayout = new QVBoxLayout(side);
    sideLayout->setContentsMargins(0, 0, 0, 0);
    sideLayout->addWidget(m_topKeys);
    sideLayout->addWidget(m_lift);

    auto *top = new QSplitter(Qt::Horizontal, this);
    top->addWidget(m_chartView);
    top->addWidget(side);
    top->setStretchFactor(0, 3);
    top->setStretchFactor(1, 1);
    top->setSizes({ 900, 300 });

    auto *split = new QSplitter(Qt::Vertical, this);
    split->addWidget(top);
    split->addWidget(m_table);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(split);

    connect(&console, &ConsoleController::hitsPerMinuteLoaded, this, &RateLimitsView::setMinutes);
    connect(&console, &ConsoleController::rateLimitHit, this, &RateLimitsView::countHit);
    connect(console.rateLimitHits(), &QAbstractItemModel::modelReset, this,
        &RateLimitsView::updateTopKeys);
    connect(m_topKeys, &QTreeWidget::itemSelectionChanged, this, [this] {
        m_lift->setEnabled(
            !m_topKeys->selectedItems().isEmpty() || m_table->selectionModel()->hasSelection());
    });
    connect(m_table->selectionModel(), &QItemSelectionModel::selectionChanged, this, [this] {
        m_lift->setEnabled(
            !m_topKeys->selectedItems().isEmpty() || m_table->selectionModel()->hasSelection());
    });
    connect(m_lift, &QPushButton::clicked, this, &RateLimitsView::liftSelected);
    connect(m_table, &QAbstractItemView::activated, this, [this](const QModelIndex &index) {
        const QString sessionId = index.data(RateLimitHitsModel::SessionIdRole).toString();
        if (!sessionId.isEmpty())
            Q_EMIT sessionChosen(sessionId);
    });
    // The chart shows the last hour: it moves on each minute even when no hit arrives (a
    // redraw from what is already here; nothing is asked of the server).
    auto *minuteTick = new QTimer(this);
    connect(minuteTick, &QTimer::timeout, this, &RateLimitsView::updateChart);
    minuteTick->start(std::chrono::minutes(1));
    updateChart();
}

void RateLimitsView::setMinutes(const QList<QPair<QDateTime, int>> &minutes)
{
    m_perMinute.clear();
    for (const auto &[minute, hits] : minutes)
        m_perMinute.insert(minuteOf(minute), hits);
    updateChart();
}

void RateLimitsView::countHit(const RateLimitHitItem &, qint64 newHits)
{
    // A live hit happens now, as the server counts it.
    m_perMinute[minuteOf(QDateTime::currentDateTimeUtc())] += static_cast<int>(newHits);
    updateChart();
    updateTopKeys();
}

void RateLimitsView::updateChart()
{
    // One point per minute of the last hour, zeros included, drawn as steps.
    const QDateTime last = minuteOf(QDateTime::currentDateTimeUtc());
    QList<QPointF> points;
    int highest = 0;
    for (int i = ChartMinutes - 1; i >= 0; --i) {
        const QDateTime minute = last.addSecs(-60LL * i);
        const int hits = m_perMinute.value(minute);
        const auto x = static_cast<qreal>(minute.toMSecsSinceEpoch());
        points << QPointF(x, hits) << QPointF(x + 60000.0, hits);
        highest = std::max(highest, hits);
    }
    m_series->replace(points);
    m_minutesAxis->setRange(
        last.addSecs(-60LL * (ChartMinutes - 1)).toLocalTime(), last.addSecs(60).toLocalTime());
    const int top = std::max(highest, 4);
    m_hitsAxis->setRange(0, top);
    m_hitsAxis->setTickCount(std::min(top, 8) + 1);
}

void RateLimitsView::updateTopKeys()
{
    m_topKeys->clear();
    for (const auto &key : m_console.rateLimitHits()->topKeys(
             QDateTime::currentDateTimeUtc().addSecs(-3600), TopKeyCount)) {
        auto *item = new QTreeWidgetItem(
            m_topKeys, { key.keyKind + QStringLiteral(": ") + key.key, QString::number(key.hits) });
        item->setData(0, KeyKindRole, key.keyKind);
        item->setData(0, KeyRole, key.key);
    }
}

void RateLimitsView::liftSelected()
{
    if (!m_topKeys->selectedItems().isEmpty()) {
        const QTreeWidgetItem *item = m_topKeys->selectedItems().first();
        m_console.liftRateLimit(
            item->data(0, KeyKindRole).toString(), item->data(0, KeyRole).toString());
        return;
    }
    const QModelIndexList rows = m_table->selectionModel()->selectedRows();
    if (rows.isEmpty())
        return;
    const RateLimitHitItem &hit = m_console.rateLimitHits()->hit(rows.first().row());
    m_console.liftRateLimit(hit.keyKind, hit.key);
}

void RateLimitsView::applyChartColours()
{
    // Qt Charts draws in its own light theme; the page's palette decides instead, so the
    // chart is not a white block in a dark console.
    const QPalette &colours = palette();
    const QColor text = colours.color(QPalette::Text);
    const QColor grid = colours.color(QPalette::Mid);
    m_chart->setBackgroundBrush(colours.color(QPalette::Base));
    m_chart->setTitleBrush(text);
    for (QAbstractAxis *axis :
        { static_cast<QAbstractAxis *>(m_minutesAxis), static_cast<QAbstractAxis *>(m_hitsAxis) }) {
        axis->setLabelsBrush(text);
        axis->setLinePenColor(grid);
        axis->setGridLineColor(grid);
    }
}

void RateLimitsView::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::PaletteChange)
        applyChartColours();
    QWidget::changeEvent(event);
}

} // namespace frontline::ui

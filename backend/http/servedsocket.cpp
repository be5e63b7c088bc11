// SPDX-License-Identifier: GPL-3.0-or-later
#include "servedsocket.h"

#include <cstring>

namespace frontline::http {

ServedSocket::ServedSocket(const QAbstractSocket &network, Wire wire, QObject *parent)
    : QTcpSocket(parent)
    , m_wire(std::move(wire))
{
    setPeerAddress(network.peerAddress());
    setPeerPort(network.peerPort());
    setLocalAddress(network.localAddress());
    setLocalPort(network.localPort());
    setSocketState(QAbstractSocket::ConnectedState);
    setOpenMode(QIODevice::ReadWrite);
}

ServedSocket::~ServedSocket()
{
    // There is no network layer to abort here: the guard closes the real connection.
    setSocketState(QAbstractSocket::UnconnectedState);
}

void ServedSocket::deliver(const QByteArray &request)
{
    if (m_inboundRead == m_inbound.size()) {
        m_inbound.clear();
        m_inboundRead = 0;
    }
    m_inbound += request;
    Q_EMIT readyRead();
}

void ServedSocket::networkWrote(qint64 bytes)
{
    Q_EMIT bytesWritten(bytes);
}

void ServedSocket::networkClosed()
{
    if (state() == QAbstractSocket::UnconnectedState)
        return;
    setSocketState(QAbstractSocket::UnconnectedState);
    Q_EMIT stateChanged(QAbstractSocket::UnconnectedState);
    Q_EMIT disconnected();
}

qint64 ServedSocket::bytesAvailable() const
{
    return QIODevice::bytesAvailable() + (m_inbound.size() - m_inboundRead);
}

qint64 ServedSocket::bytesToWrite() const
{
    return m_wire.unsent ? m_wire.unsent() : 0;
}

void ServedSocket::disconnectFromHost()
{
    if (state() != QAbstractSocket::ConnectedState)
        return;
    setSocketState(QAbstractSocket::ClosingState);
    Q_EMIT stateChanged(QAbstractSocket::ClosingState);
    if (m_wire.close)
        m_wire.close();
}

void ServedSocket::dropConnection()
{
    if (state() == QAbstractSocket::UnconnectedState)
        return;
    setSocketState(QAbstractSocket::ClosingState);
    Q_EMIT stateChanged(QAbstractSocket::ClosingState);
    if (m_wire.reset)
        m_wire.reset();
}

qint64 ServedSocket::readData(char *data, qint64 maxSize)
{
    const qsizetype n = std::min<qsizetype>(qsizetype(maxSize), m_inbound.size() - m_inboundRead);
    if (n > 0) {
        std::memcpy(data, m_inbound.constData() + m_inboundRead, size_t(n));
        m_inboundRead += n;
    }
    return n;
}

qint64 ServedSocket::skipData(qint64 maxSize)
{
    const qsizetype n = std::min<qsizetype>(qsizetype(maxSize), m_inbound.size() - m_inboundRead);
    m_inboundRead += n;
    return n;
}

qint64 ServedSocket::writeData(const char *data, qint64 size)
{
    if (state() != QAbstractSocket::ConnectedState)
        return -1;
    m_wire.write(QByteArrayView(data, qsizetype(size)));
    return size;
}

} // namespace frontline::http

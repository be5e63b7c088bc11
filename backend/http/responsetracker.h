// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "requestframer.h"

#include <QByteArray>
#include <QByteArrayView>

namespace frontline::http {

// Follows the answers QHttpServer writes, one per request and in order, so that the
// listener knows when an answer has ended (to hand over the next pipelined request, or to
// close the connection), and fixes what QHttpServer 6.4 cannot: "Connection: close" when
// the connection closes after the answer, Strict-Transport-Security over HTTPS, and no body
// after a HEAD request's head (whose Content-Length stays what the GET would have had).
class ResponseTracker final
{
public:
    explicit ResponseTracker(bool strictTransportSecurity);

    // The next bytes written answer a request with this head.
    void expect(const RequestFramer::Head &request);
    // Bytes as QHttpServer wrote them in, bytes for the network out. An answer's head is
    // held back until it is complete.
    QByteArray write(QByteArrayView bytes);
    // True once after an answer has ended; closeAfter() then says whether the connection goes.
    bool takeEnded();
    bool closeAfter() const { return m_closeAfter; }
    // An answer is expected or under way.
    bool answering() const { return m_state != State::Idle; }
    // Bytes written and held back (an incomplete head).
    qsizetype heldBack() const { return m_head.size(); }

private:
    enum class State { Idle, Head, Body, SkipBody, UntilClose };

    QByteArray completeHead();
    void end();

    bool m_strictTransportSecurity;
    RequestFramer::Head m_request;
    State m_state = State::Idle;
    QByteArray m_head;
    qsizetype m_bodyRemaining = 0;
    bool m_closeAfter = false;
    bool m_ended = false;
};

} // namespace frontline::http

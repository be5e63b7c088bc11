// SPDX-License-Identifier: GPL-3.0-or-later
// The agent API's routes about attachments: an agent's upload to a conversation
// (POST /api/agent/sessions/{id}/attachments, the file as the body) and any conversation's
// file or thumbnail (GET /api/agent/attachments/{id}[/thumbnail]), with the agent's token.
// AttachmentDesk does the work; a reply names the uploads (AgentRoutes::reply).
#include "agentroutes.h"
#include "attachmentresponse.h"
#include "chat/attachmentdesk.h"
#include "http/response.h"
#include "jsoncodec.h"
#include "requestparsing.h"

namespace frontline {

void AgentRoutes::uploadAttachment(const Call &call, const StoreFailure &failed)
{
    const QString filename = stringParameter(call.query, QStringLiteral("filename"), true, 1000);
    m_attachments.upload(
        call.sessionId(), call.body, filename, uploadClientId(call.query), call.agent.username,
        QString(),
        [this, exchange = call.exchange](const UploadedAttachment &uploaded) {
            exchange->reply(http::json({ { QStringLiteral("attachment"),
                                           json::attachment(uploaded.attachment, agentUrls()) } },
                uploaded.earlier ? http::Status::Ok : http::Status::Created));
        },
        failed);
}

void AgentRoutes::attachmentFile(const Call &call, const StoreFailure &failed)
{
    m_attachments.content(
        call.pathArgument, false,
        [exchange = call.exchange](
            const AttachmentContent &content) { exchange->reply(attachmentResponse(content)); },
        failed);
}

void AgentRoutes::attachmentThumbnail(const Call &call, const StoreFailure &failed)
{
    m_attachments.content(
        call.pathArgument, true,
        [exchange = call.exchange](
            const AttachmentContent &content) { exchange->reply(attachmentResponse(content)); },
        failed);
}

} // namespace frontline

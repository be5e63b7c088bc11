// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

namespace frontline::media {

// The name an attachment is stored, shown and downloaded under, from the name it was sent
// with and the type its bytes were found to be (inspectAttachment's contentType):
// - only the last path component is kept (after the last "/" or "\");
// - control characters (C0, DEL, C1), bidi controls, zero-width characters, line and
//   paragraph separators and unpaired surrogates are dropped; the characters Windows cannot
//   have in a name (< > : " | ? *) become "_";
// - spaces and dots are trimmed at both ends, and an empty result is "attachment";
// - the extension says the type: a known extension of another accepted type is replaced
//   ("anim.gif" re-encoded as PNG is "anim.png", "scan.pdf" that is a JPEG "scan.jpg"), any
//   other is kept and the type's extension appended ("x.exe" that is a PNG is "x.exe.png",
//   "page.html" that is plain text "page.html.txt"), so that a file saved to disk never
//   opens as something it is not; a type Frontline does not accept leaves the name as is;
// - at most MaxAttachmentNameLength characters, shortened before the extension.
QString cleanAttachmentName(const QString &name, const QString &contentType);

inline constexpr int MaxAttachmentNameLength = 120;

} // namespace frontline::media

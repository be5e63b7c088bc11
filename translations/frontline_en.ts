<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
<context>
    <name>AgentDirectory</name>
    <message numerus="yes">
        <source>This sign-in has expired after %n hour(s) without use; sign in again.</source>
        <translation>
            <numerusform>This sign-in has expired after %n hour without use; sign in again.</numerusform>
            <numerusform>This sign-in has expired after %n hours without use; sign in again.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ChatRoutes</name>
    <message numerus="yes">
        <source>Too many requests: at most %1 per %n second(s).</source>
        <translation>
            <numerusform>Too many requests: at most %1 per %n second.</numerusform>
            <numerusform>Too many requests: at most %1 per %n seconds.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Try again in %n second(s).</source>
        <translation>
            <numerusform>Try again in %n second.</numerusform>
            <numerusform>Try again in %n seconds.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>This conversation already has %n event stream(s) open, the most allowed: close the other tabs or windows showing it, then try again.</source>
        <translation>
            <numerusform>This conversation already has %n event stream open, the most allowed: close the other tabs or windows showing it, then try again.</numerusform>
            <numerusform>This conversation already has %n event streams open, the most allowed: close the other tabs or windows showing it, then try again.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Too many event streams are open from your address (at most %n): close some conversations, or try again in a moment.</source>
        <translation>
            <numerusform>Too many event streams are open from your address (at most %n): close some conversations, or try again in a moment.</numerusform>
            <numerusform>Too many event streams are open from your address (at most %n): close some conversations, or try again in a moment.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>RequestParsing</name>
    <message numerus="yes">
        <source>is longer than %n character(s).</source>
        <translation>
            <numerusform>is longer than %n character.</numerusform>
            <numerusform>is longer than %n characters.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Sanitizer</name>
    <message numerus="yes">
        <source>The message is shorter than %n character(s); write a little more.</source>
        <translation>
            <numerusform>The message is shorter than %n character; write a little more.</numerusform>
            <numerusform>The message is shorter than %n characters; write a little more.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>The message is longer than %n character(s); shorten it.</source>
        <translation>
            <numerusform>The message is longer than %n character; shorten it.</numerusform>
            <numerusform>The message is longer than %n characters; shorten it.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SignInThrottle</name>
    <message numerus="yes">
        <source>Too many failed sign-ins from your address. Try again in %n second(s).</source>
        <translation>
            <numerusform>Too many failed sign-ins from your address. Try again in %n second.</numerusform>
            <numerusform>Too many failed sign-ins from your address. Try again in %n seconds.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>frontline::ui::ConsoleController</name>
    <message numerus="yes">
        <source>Waiting conversations now go to available agents, %n at most each.</source>
        <translation>
            <numerusform>Waiting conversations now go to available agents, %n at most each.</numerusform>
            <numerusform>Waiting conversations now go to available agents, %n at most each.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>frontline::ui::ConversationView</name>
    <message numerus="yes">
        <source>%n new message(s)</source>
        <translation>
            <numerusform>%n new message</numerusform>
            <numerusform>%n new messages</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>frontline::ui::CustomerPanel</name>
    <message numerus="yes">
        <source>Rate-limited %n time(s)</source>
        <translation>
            <numerusform>Rate-limited %n time</numerusform>
            <numerusform>Rate-limited %n times</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%1 — %n message(s)</source>
        <translation>
            <numerusform>%1 — %n message</numerusform>
            <numerusform>%1 — %n messages</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>frontline::ui::DiagnosticsDialog</name>
    <message numerus="yes">
        <source>(%Ln sample(s))</source>
        <translation>
            <numerusform>(%Ln sample)</numerusform>
            <numerusform>(%Ln samples)</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>frontline::ui::MainWindow</name>
    <message numerus="yes">
        <source>Frontline (%n waiting)</source>
        <translation>
            <numerusform>Frontline (%n waiting)</numerusform>
            <numerusform>Frontline (%n waiting)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n e-mail(s) failed</source>
        <translation>
            <numerusform>%n e-mail failed</numerusform>
            <numerusform>%n e-mails failed</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>frontline::ui::PendingAttachments</name>
    <message numerus="yes">
        <source>A reply takes at most %n attachment(s).</source>
        <translation>
            <numerusform>A reply takes at most %n attachment.</numerusform>
            <numerusform>A reply takes at most %n attachments.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>frontline::ui::SessionListModel</name>
    <message numerus="yes">
        <source>%n min</source>
        <translation>
            <numerusform>%n min</numerusform>
            <numerusform>%n min</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n unread</source>
        <translation>
            <numerusform>%n unread</numerusform>
            <numerusform>%n unread</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>frontline::ui::WaitingBanner</name>
    <message numerus="yes">
        <source>%n customers are waiting in all.</source>
        <translation>
            <numerusform>%n customer is waiting in all.</numerusform>
            <numerusform>%n customers are waiting in all.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>frontline::ui::WaitingNotifier</name>
    <message numerus="yes">
        <source>%n session(s) still waiting for an agent.</source>
        <translation>
            <numerusform>%n session still waiting for an agent.</numerusform>
            <numerusform>%n sessions still waiting for an agent.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Frontline: %n session(s) waiting for an agent</source>
        <translation>
            <numerusform>Frontline: %n session waiting for an agent</numerusform>
            <numerusform>Frontline: %n sessions waiting for an agent</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n customer(s) are waiting for an agent.</source>
        <translation>
            <numerusform>%n customer is waiting for an agent.</numerusform>
            <numerusform>%n customers are waiting for an agent.</numerusform>
        </translation>
    </message>
</context>
</TS>

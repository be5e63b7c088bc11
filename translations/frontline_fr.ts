<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fr" sourcelanguage="en">
<context>
    <name>AgentDesk</name>
    <message>
        <source>No session has the id &quot;%1&quot;.</source>
        <translation>Aucune session n’a l’identifiant «&#xa0;%1&#xa0;».</translation>
    </message>
    <message>
        <source>%1 has already taken this session over.</source>
        <translation>%1 a déjà pris la main sur cette session.</translation>
    </message>
    <message>
        <source>You do not own this session; take it over first.</source>
        <translation>Cette session n’est pas la vôtre ; prenez-la d’abord en main.</translation>
    </message>
    <message>
        <source>Take the session over before replying.</source>
        <translation>Prenez la session en main avant de répondre.</translation>
    </message>
    <message>
        <source>%1 owns this session; only they or an administrator can close it.</source>
        <translation>%1 gère cette session ; seul cet agent ou un administrateur peut la fermer.</translation>
    </message>
    <message>
        <source>%1 owns this conversation; only they or an administrator can transfer it.</source>
        <translation>La conversation appartient à %1 ; seul cet agent ou un administrateur peut la transférer.</translation>
    </message>
    <message>
        <source>You do not own this conversation; take it over first.</source>
        <translation>Cette conversation n’est pas la vôtre ; prenez d’abord la main.</translation>
    </message>
    <message>
        <source>no agent is named &quot;%1&quot;.</source>
        <translation>aucun agent ne s’appelle «&#xa0;%1&#xa0;».</translation>
    </message>
    <message>
        <source>%1 owns this conversation already.</source>
        <translation>La conversation appartient déjà à %1.</translation>
    </message>
    <message>
        <source>The conversation changed hands meanwhile; reload it and try again.</source>
        <translation>La conversation a changé de mains entre-temps ; rechargez-la et réessayez.</translation>
    </message>
    <message>
        <source>Take the session over before typing to the customer.</source>
        <translation>Prenez la session en main avant d’écrire au client.</translation>
    </message>
</context>
<context>
    <name>AgentDirectory</name>
    <message>
        <source>use at least 10 characters.</source>
        <translation>utilisez au moins 10 caractères.</translation>
    </message>
    <message>
        <source>No agent is named &quot;%1&quot;.</source>
        <translation>Aucun agent ne s’appelle «&#xa0;%1&#xa0;».</translation>
    </message>
    <message>
        <source>Wrong username or password.</source>
        <translation>Nom d’utilisateur ou mot de passe incorrect.</translation>
    </message>
    <message>
        <source>use 1 to 64 lower-case letters, digits, dots, dashes or underscores, starting with a letter or digit.</source>
        <translation>utilisez de 1 à 64 lettres minuscules, chiffres, points, tirets ou tirets bas, en commençant par une lettre ou un chiffre.</translation>
    </message>
    <message>
        <source>An agent named &quot;%1&quot; already exists; choose another name.</source>
        <translation>Un agent nommé «&#xa0;%1&#xa0;» existe déjà ; choisissez un autre nom.</translation>
    </message>
    <message>
        <source>This agent is named &quot;admin&quot;, which is now reserved for the administrator, so it cannot sign in. Ask the operator to recreate it under another name: &apos;frontline agent remove admin&apos;, then &apos;frontline agent add NAME&apos;.</source>
        <translation>Cet agent s’appelle «&#xa0;admin&#xa0;», un nom désormais réservé à l’administrateur : il ne peut donc pas se connecter. Demandez à l’opérateur de le recréer sous un autre nom : «&#xa0;frontline agent remove admin&#xa0;», puis «&#xa0;frontline agent add NOM&#xa0;».</translation>
    </message>
    <message>
        <source>&quot;admin&quot; is reserved for the administrator (FRONTLINE_ADMIN_TOKEN and the console&apos;s own); choose another name, and --admin to make it an administrator.</source>
        <translation>«&#xa0;admin&#xa0;» est réservé à l’administrateur (celui de FRONTLINE_ADMIN_TOKEN et de la console) ; choisissez un autre nom, et --admin pour en faire un administrateur.</translation>
    </message>
    <message numerus="yes">
        <source>This sign-in has expired after %n hour(s) without use; sign in again.</source>
        <translation>
            <numerusform>Cette connexion a expiré après %n heure sans utilisation ; reconnectez-vous.</numerusform>
            <numerusform>Cette connexion a expiré après %n heures sans utilisation ; reconnectez-vous.</numerusform>
        </translation>
    </message>
    <message>
        <source>this is not a sign-in token but a long-lived API token (from &apos;frontline agent add&apos; or FRONTLINE_ADMIN_TOKEN); the operator revokes it with &apos;frontline agent remove NAME&apos; or by changing FRONTLINE_ADMIN_TOKEN.</source>
        <translation>ce n’est pas un jeton de connexion mais un jeton d’API durable (de «&#xa0;frontline agent add&#xa0;» ou FRONTLINE_ADMIN_TOKEN) ; l’opérateur le révoque avec «&#xa0;frontline agent remove NOM&#xa0;» ou en changeant FRONTLINE_ADMIN_TOKEN.</translation>
    </message>
    <message>
        <source>The current password is wrong; nothing changed.</source>
        <translation>Le mot de passe actuel est incorrect ; rien n’a changé.</translation>
    </message>
</context>
<context>
    <name>AgentNames</name>
    <message>
        <source>Support</source>
        <translation>Service client</translation>
    </message>
</context>
<context>
    <name>AgentRoutes</name>
    <message>
        <source>use an ISO 8601 time such as 2026-11-24T09:30:00Z.</source>
        <translation>utilisez une date ISO 8601 comme 2026-11-24T09:30:00Z.</translation>
    </message>
    <message>
        <source>Use %1 for this route.</source>
        <translation>Utilisez %1 pour cette route.</translation>
    </message>
    <message>
        <source>Send an agent token as &quot;Authorization: Bearer &lt;token&gt;&quot;; &apos;frontline agent add NAME&apos; creates one.</source>
        <translation>Envoyez un jeton d’agent sous la forme «&#xa0;Authorization: Bearer &lt;jeton&gt;&#xa0;» ; «&#xa0;frontline agent add NOM&#xa0;» en crée un.</translation>
    </message>
    <message>
        <source>Use POST for this route.</source>
        <translation>Utilisez POST pour cette route.</translation>
    </message>
    <message>
        <source>must be a message seq.</source>
        <translation>doit être le numéro (seq) d’un message.</translation>
    </message>
    <message>
        <source>Only administrators change settings.</source>
        <translation>Seuls les administrateurs modifient les réglages.</translation>
    </message>
    <message>
        <source>must be true or false.</source>
        <translation>doit valoir true ou false.</translation>
    </message>
    <message>
        <source>must be a string.</source>
        <translation>doit être une chaîne de caractères.</translation>
    </message>
    <message>
        <source>No usage is recorded for &quot;%1&quot;.</source>
        <translation>Aucune utilisation n’est enregistrée pour «&#xa0;%1&#xa0;».</translation>
    </message>
    <message>
        <source>use ACTIVE, WAITING, ASSIGNED or CLOSED.</source>
        <translation>utilisez ACTIVE, WAITING, ASSIGNED ou CLOSED.</translation>
    </message>
    <message>
        <source>use ip, user or session.</source>
        <translation>utilisez ip, user ou session.</translation>
    </message>
    <message>
        <source>must be an object with baseUrl, model or systemPrompt.</source>
        <translation>doit être un objet avec baseUrl, model ou systemPrompt.</translation>
    </message>
    <message>
        <source>is never sent over the API: set OPENAI_API_KEY in the server&apos;s environment (or the key in the console&apos;s settings, kept in the system keychain).</source>
        <translation>n’est jamais envoyée par l’API : définissez OPENAI_API_KEY dans l’environnement du serveur (ou la clé dans les réglages de la console, gardée dans le trousseau du système).</translation>
    </message>
    <message>
        <source>is not a provider setting; use baseUrl, model or systemPrompt.</source>
        <translation>n’est pas un réglage du fournisseur ; utilisez baseUrl, model ou systemPrompt.</translation>
    </message>
    <message>
        <source>must be a string: the name customers see, or &quot;&quot; for the default.</source>
        <translation>doit être une chaîne de caractères : le nom que voient les clients, ou &quot;&quot; pour le nom par défaut.</translation>
    </message>
    <message>
        <source>cannot be changed here; send only displayName.</source>
        <translation>ne peut pas être modifié ici ; n’envoyez que displayName.</translation>
    </message>
    <message>
        <source>must be a string: the name customers see of you.</source>
        <translation>doit être une chaîne de caractères : le nom sous lequel les clients vous voient.</translation>
    </message>
    <message>
        <source>The administrator signs in with FRONTLINE_ADMIN_TOKEN and has no password; the operator changes that token.</source>
        <translation>L’administrateur se connecte avec FRONTLINE_ADMIN_TOKEN et n’a pas de mot de passe ; c’est l’opérateur qui change ce jeton.</translation>
    </message>
    <message>
        <source>must be an object with enabled, capacity, capacities or answerMinutes.</source>
        <translation>doit être un objet avec enabled, capacity, capacities ou answerMinutes.</translation>
    </message>
    <message>
        <source>must be &quot;online&quot; or &quot;away&quot;; an agent is offline when none of their consoles is connected.</source>
        <translation>doit valoir &quot;online&quot; ou &quot;away&quot; ; un agent est hors ligne quand aucune de ses consoles n’est connectée.</translation>
    </message>
    <message>
        <source>is required: the username of the agent to hand the conversation to, or null for the queue.</source>
        <translation>est obligatoire : l’identifiant de l’agent à qui confier la conversation, ou null pour la file d’attente.</translation>
    </message>
    <message>
        <source>no agent is named &quot;%1&quot;.</source>
        <translation>aucun agent ne s’appelle «&#xa0;%1&#xa0;».</translation>
    </message>
    <message>
        <source>No label has the id &quot;%1&quot;.</source>
        <translation>Aucune étiquette n’a l’identifiant «&#xa0;%1&#xa0;».</translation>
    </message>
    <message>
        <source>is not a label&apos;s field; use name and colour.</source>
        <translation>n’est pas un champ d’étiquette ; utilisez name et colour.</translation>
    </message>
    <message>
        <source>is required: the label&apos;s name.</source>
        <translation>est obligatoire : le nom de l’étiquette.</translation>
    </message>
    <message>
        <source>must be a list of the labels&apos; names, such as [&quot;billing&quot;] ([] for none).</source>
        <translation>doit être une liste de noms d’étiquettes, comme [&quot;billing&quot;] ([] pour aucune).</translation>
    </message>
    <message>
        <source>The customer is anonymous and gave no e-mail address: their earlier conversations cannot be found.</source>
        <translation>Le client est anonyme et n’a donné aucune adresse e-mail : ses conversations précédentes sont introuvables.</translation>
    </message>
    <message>
        <source>must be an object with enabled, timeZone, weekly or closedDays.</source>
        <translation>doit être un objet avec enabled, timeZone, weekly ou closedDays.</translation>
    </message>
    <message>
        <source>No e-mail of the outbox has the id &quot;%1&quot;; GET /api/agent/outbox lists them.</source>
        <translation>Aucun e-mail de la file d’envoi n’a l’identifiant «&#xa0;%1&#xa0;» ; GET /api/agent/outbox les liste.</translation>
    </message>
    <message>
        <source>use queued, sending, sent or failed.</source>
        <translation>utilisez queued, sending, sent ou failed.</translation>
    </message>
    <message>
        <source>No chat session has the id &quot;%1&quot;.</source>
        <translation>Aucune session de chat n’a l’identifiant «&#xa0;%1&#xa0;».</translation>
    </message>
    <message>
        <source>Only administrators send a failed e-mail again; every agent may see the outbox.</source>
        <translation>Seuls les administrateurs renvoient un e-mail en échec ; tous les agents peuvent voir la file d’envoi.</translation>
    </message>
    <message>
        <source>Only a failed e-mail is sent again; this one is queued, being sent or sent already.</source>
        <translation>Seul un e-mail en échec peut être renvoyé ; celui-ci est en attente, en cours d’envoi ou déjà envoyé.</translation>
    </message>
    <message>
        <source>is not a setting; use mockMode, rateLimits, provider, administratorName, autoAssignment, businessHours or preChat.</source>
        <translation>n’est pas un réglage ; utilisez mockMode, rateLimits, provider, administratorName, autoAssignment, businessHours ou preChat.</translation>
    </message>
    <message>
        <source>must be an object with enabled, name, email or consent.</source>
        <translation>doit être un objet avec enabled, name, email ou consent.</translation>
    </message>
    <message>
        <source>must be &quot;fr&quot; or &quot;en&quot;.</source>
        <translation>doit être «&#xa0;fr&#xa0;» ou «&#xa0;en&#xa0;».</translation>
    </message>
    <message>
        <source>must be the seq of a message.</source>
        <translation>doit être le seq d’un message.</translation>
    </message>
    <message>
        <source>must be at most 1000 characters.</source>
        <translation>doit compter au plus 1000 caractères.</translation>
    </message>
    <message>
        <source>must be &quot;fr&quot;, &quot;en&quot; or empty.</source>
        <translation>doit être «&#xa0;fr&#xa0;», «&#xa0;en&#xa0;» ou vide.</translation>
    </message>
    <message>
        <source>No unanswered question has the id &quot;%1&quot;; GET /api/agent/knowledge/unanswered lists them.</source>
        <translation>Aucune question sans réponse n’a l’identifiant «&#xa0;%1&#xa0;» ; GET /api/agent/knowledge/unanswered les liste.</translation>
    </message>
</context>
<context>
    <name>AttachmentDesk</name>
    <message>
        <source>may name at most %1 attachments; send the others in another message.</source>
        <translation>peut nommer au plus %1 pièces jointes ; envoyez les autres dans un autre message.</translation>
    </message>
    <message>
        <source>names &quot;%1&quot;, which is not a file of this conversation: upload the file to this conversation first and send the id it gets.</source>
        <translation>nomme «&#xa0;%1&#xa0;», qui n’est pas un fichier de cette conversation : envoyez d’abord le fichier dans cette conversation, puis l’identifiant qu’il reçoit.</translation>
    </message>
    <message>
        <source>There is no such attachment (or it has no thumbnail): it may have been deleted with its conversation.</source>
        <translation>Cette pièce jointe n’existe pas (ou n’a pas de miniature) : elle a peut-être été supprimée avec sa conversation.</translation>
    </message>
    <message>
        <source>This conversation&apos;s files already take %1 MiB of the %2 MiB it may hold: send a smaller file, or a link to it.</source>
        <translation>Les fichiers de cette conversation occupent déjà %1 Mio des %2 Mio qu’elle peut contenir : envoyez un fichier plus petit, ou un lien vers celui-ci.</translation>
    </message>
</context>
<context>
    <name>AttachmentInspector</name>
    <message>
        <source>Frontline accepts images (PNG, JPEG, GIF, WebP), PDF and plain text files; this file is of another type (%1).</source>
        <translation>Frontline accepte les images (PNG, JPEG, GIF, WebP), les PDF et les fichiers texte brut ; ce fichier est d’un autre type (%1).</translation>
    </message>
    <message>
        <source>This image cannot be read: it is damaged or incomplete. Send it again, or send another image.</source>
        <translation>Impossible de lire cette image : elle est endommagée ou incomplète. Envoyez-la de nouveau, ou envoyez une autre image.</translation>
    </message>
    <message>
        <source>This image has too many pixels: Frontline accepts images of at most %1 megapixels and %2 pixels a side. Send a smaller image.</source>
        <translation>Cette image a trop de pixels : Frontline accepte les images d’au plus %1 mégapixels et %2 pixels de côté. Envoyez une image plus petite.</translation>
    </message>
    <message>
        <source>The server ran out of memory for this image. Try again later.</source>
        <translation>Le serveur a manqué de mémoire pour cette image. Réessayez plus tard.</translation>
    </message>
    <message>
        <source>The server could not store this image. Try again later.</source>
        <translation>Le serveur n’a pas pu enregistrer cette image. Réessayez plus tard.</translation>
    </message>
    <message>
        <source>This server cannot read %1 images: send the image as PNG or JPEG.</source>
        <translation>Ce serveur ne sait pas lire les images %1 : envoyez l’image en PNG ou en JPEG.</translation>
    </message>
    <message>
        <source>This file is empty: choose a file that has something in it.</source>
        <translation>Ce fichier est vide : choisissez un fichier qui contient quelque chose.</translation>
    </message>
    <message>
        <source>This file is larger than %1 MiB, the most Frontline accepts: send a smaller file.</source>
        <translation>Ce fichier dépasse %1 Mio, la taille maximale acceptée par Frontline : envoyez un fichier plus petit.</translation>
    </message>
    <message>
        <source>Frontline accepts images (PNG, JPEG, GIF, WebP), PDF and plain text files; this text is not in UTF-8: save it as UTF-8 and send it again.</source>
        <translation>Frontline accepte les images (PNG, JPEG, GIF, WebP), les PDF et les fichiers texte brut ; ce texte n’est pas en UTF-8 : enregistrez-le en UTF-8 et envoyez-le de nouveau.</translation>
    </message>
</context>
<context>
    <name>AttachmentItem</name>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
</context>
<context>
    <name>AutoAssignment</name>
    <message>
        <source>must be a whole number of conversations from 1 to %1.</source>
        <translation>doit être un nombre entier de conversations de 1 à %1.</translation>
    </message>
    <message>
        <source>must be true or false.</source>
        <translation>doit valoir true ou false.</translation>
    </message>
    <message>
        <source>must be a whole number of minutes from 0 (never taken back) to %1.</source>
        <translation>doit être un nombre entier de minutes de 0 (jamais reprise) à %1.</translation>
    </message>
    <message>
        <source>must be an object of usernames and their capacities, such as {&quot;marie&quot;: 5}.</source>
        <translation>doit être un objet d’identifiants et de leurs capacités, par exemple {&quot;marie&quot;: 5}.</translation>
    </message>
    <message>
        <source>must be a whole number of conversations from 0 (never assigned) to %1.</source>
        <translation>doit être un nombre entier de conversations de 0 (jamais attribuées) à %1.</translation>
    </message>
    <message>
        <source>is not part of auto-assignment; use enabled, capacity, capacities or answerMinutes.</source>
        <translation>ne fait pas partie de l’attribution automatique ; utilisez enabled, capacity, capacities ou answerMinutes.</translation>
    </message>
</context>
<context>
    <name>Backend</name>
    <message>
        <source>Cannot read the TLS certificate %1: %2.</source>
        <translation>Impossible de lire le certificat TLS %1 : %2.</translation>
    </message>
    <message>
        <source>The file %1 holds no PEM certificate.</source>
        <translation>Le fichier %1 ne contient aucun certificat PEM.</translation>
    </message>
    <message>
        <source>Cannot read the TLS key %1: %2.</source>
        <translation>Impossible de lire la clé TLS %1 : %2.</translation>
    </message>
    <message>
        <source>The file %1 holds no unencrypted PEM private key (RSA or EC).</source>
        <translation>Le fichier %1 ne contient aucune clé privée PEM non chiffrée (RSA ou EC).</translation>
    </message>
    <message>
        <source>Cannot listen on %1: %2. Stop the program using it or choose another address with --listen.</source>
        <translation>Impossible d’écouter sur %1 : %2. Arrêtez le programme qui l’utilise ou choisissez une autre adresse avec --listen.</translation>
    </message>
    <message>
        <source>Cannot create the data folder %1. Choose a writable folder with --data-dir.</source>
        <translation>Impossible de créer le dossier de données %1. Choisissez un dossier accessible en écriture avec --data-dir.</translation>
    </message>
    <message>
        <source>No such route. See docs/API.md for the routes Frontline serves.</source>
        <translation>Cette route n’existe pas. Voir docs/API.md pour les routes que Frontline sert.</translation>
    </message>
</context>
<context>
    <name>BusinessHours</name>
    <message>
        <source>must be true or false.</source>
        <translation>doit valoir true ou false.</translation>
    </message>
    <message>
        <source>must be the name of a time zone, such as Europe/Paris or America/New_York.</source>
        <translation>doit être le nom d’un fuseau horaire, comme Europe/Paris ou America/New_York.</translation>
    </message>
    <message>
        <source>must be an object of weekdays (mon … sun), each a list of openings such as [[&quot;09:00&quot;, &quot;12:30&quot;], [&quot;14:00&quot;, &quot;18:00&quot;]].</source>
        <translation>doit être un objet de jours (mon … sun), chacun une liste d’ouvertures comme [[&quot;09:00&quot;, &quot;12:30&quot;], [&quot;14:00&quot;, &quot;18:00&quot;]].</translation>
    </message>
    <message>
        <source>is not a weekday: use mon, tue, wed, thu, fri, sat or sun.</source>
        <translation>n’est pas un jour de la semaine : utilisez mon, tue, wed, thu, fri, sat ou sun.</translation>
    </message>
    <message>
        <source>must be at most %1 openings, each [&quot;HH:MM&quot;, &quot;HH:MM&quot;] from 00:00 to 24:00, opening before it closes, in order and not overlapping.</source>
        <translation>doit compter au plus %1 ouvertures, chacune [&quot;HH:MM&quot;, &quot;HH:MM&quot;] de 00:00 à 24:00, l’ouverture avant la fermeture, dans l’ordre et sans chevauchement.</translation>
    </message>
    <message>
        <source>must be a list of at most %1 dates such as &quot;2026-12-25&quot;.</source>
        <translation>doit être une liste d’au plus %1 dates comme &quot;2026-12-25&quot;.</translation>
    </message>
    <message>
        <source>is not part of business hours; use enabled, timeZone, weekly or closedDays.</source>
        <translation>ne fait pas partie des horaires ; utilisez enabled, timeZone, weekly ou closedDays.</translation>
    </message>
</context>
<context>
    <name>CannedResponse</name>
    <message>
        <source>must be one word of letters, digits, &quot;-&quot; or &quot;_&quot; (such as &quot;refund&quot;): what the agent types after &quot;/&quot;.</source>
        <translation>doit être un seul mot de lettres, de chiffres, «&#xa0;-&#xa0;» ou «&#xa0;_&#xa0;» (comme «&#xa0;rembourser&#xa0;») : ce que l’agent tape après «&#xa0;/&#xa0;».</translation>
    </message>
    <message>
        <source>must be at most %1 characters; this one has %2: shorten it.</source>
        <translation>doit faire au plus %1 caractères ; celui-ci en a %2 : raccourcissez-le.</translation>
    </message>
    <message>
        <source>must not be empty: type the text the agent inserts.</source>
        <translation>ne doit pas être vide : tapez le texte que l’agent insère.</translation>
    </message>
</context>
<context>
    <name>CannedResponses</name>
    <message>
        <source>must be a string.</source>
        <translation>doit être une chaîne de caractères.</translation>
    </message>
    <message>
        <source>Field &quot;shortcut&quot;: another canned response is &quot;/%1&quot; already; choose another shortcut or change that one.</source>
        <translation>Champ «&#xa0;shortcut&#xa0;» : une autre réponse type est déjà «&#xa0;/%1&#xa0;» ; choisissez un autre raccourci ou modifiez celle-là.</translation>
    </message>
    <message>
        <source>No canned response has the id %1.</source>
        <translation>Aucune réponse type n’a l’identifiant %1.</translation>
    </message>
    <message>
        <source>is not a field of a canned response; use shortcut, title or body.</source>
        <translation>n’est pas un champ d’une réponse type ; utilisez shortcut, title ou body.</translation>
    </message>
    <message>
        <source>Only administrators change the canned responses; every agent may use them.</source>
        <translation>Seuls les administrateurs modifient les réponses types ; tous les agents peuvent les utiliser.</translation>
    </message>
    <message>
        <source>No canned response has the id &quot;%1&quot;; GET /api/agent/canned-responses lists them.</source>
        <translation>Aucune réponse type n’a l’identifiant «&#xa0;%1&#xa0;» ; GET /api/agent/canned-responses les liste.</translation>
    </message>
</context>
<context>
    <name>ChatRoutes</name>
    <message>
        <source>This origin may not call the chat API; ask the operator to add it to FRONTLINE_CORS_ORIGINS.</source>
        <translation>Cette origine ne peut pas appeler l’API de chat ; demandez à l’exploitant de l’ajouter à FRONTLINE_CORS_ORIGINS.</translation>
    </message>
    <message>
        <source>Use %1 for this route.</source>
        <translation>Utilisez %1 pour cette route.</translation>
    </message>
    <message>
        <source>must be a message seq.</source>
        <translation>doit être le numéro (seq) d’un message.</translation>
    </message>
    <message numerus="yes">
        <source>Too many requests: at most %1 per %n second(s).</source>
        <translation>
            <numerusform>Trop de requêtes : au plus %1 par %n seconde.</numerusform>
            <numerusform>Trop de requêtes : au plus %1 par %n secondes.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Try again in %n second(s).</source>
        <translation>
            <numerusform>Réessayez dans %n seconde.</numerusform>
            <numerusform>Réessayez dans %n secondes.</numerusform>
        </translation>
    </message>
    <message>
        <source>Session tokens are not accepted in the URL, where logs would keep them: send the token as &quot;Authorization: Bearer &lt;token&gt;&quot; (an EventSource uses a ticket from POST /api/chat/events/ticket instead).</source>
        <translation>Les jetons de session ne sont pas acceptés dans l’URL, que les journaux conservent : envoyez le jeton dans l’en-tête «&#xa0;Authorization: Bearer &lt;jeton&gt;&#xa0;» (un EventSource utilise plutôt un ticket obtenu par POST /api/chat/events/ticket).</translation>
    </message>
    <message numerus="yes">
        <source>This conversation already has %n event stream(s) open, the most allowed: close the other tabs or windows showing it, then try again.</source>
        <translation>
            <numerusform>Cette conversation a déjà %n flux d’événements ouvert, le maximum permis : fermez les autres onglets ou fenêtres qui l’affichent, puis réessayez.</numerusform>
            <numerusform>Cette conversation a déjà %n flux d’événements ouverts, le maximum permis : fermez les autres onglets ou fenêtres qui l’affichent, puis réessayez.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Too many event streams are open from your address (at most %n): close some conversations, or try again in a moment.</source>
        <translation>
            <numerusform>Trop de flux d’événements sont ouverts depuis votre adresse (%n au plus) : fermez quelques conversations, ou réessayez dans un instant.</numerusform>
            <numerusform>Trop de flux d’événements sont ouverts depuis votre adresse (%n au plus) : fermez quelques conversations, ou réessayez dans un instant.</numerusform>
        </translation>
    </message>
    <message>
        <source>must be the seq of a message the page has shown (a whole number from 1).</source>
        <translation>doit être le numéro (seq) d’un message que la page a affiché (un nombre entier à partir de 1).</translation>
    </message>
    <message>
        <source>This file belongs to another conversation.</source>
        <translation>Ce fichier appartient à une autre conversation.</translation>
    </message>
    <message>
        <source>This link to a file has expired or was changed: reload the conversation to get a new one.</source>
        <translation>Ce lien vers un fichier a expiré ou a été modifié : rechargez la conversation pour en obtenir un nouveau.</translation>
    </message>
    <message>
        <source>Open a file by the link the conversation gives for it (with its expires and signature), or send the session&apos;s token as &quot;Authorization: Bearer &lt;token&gt;&quot; with ?sessionId=.</source>
        <translation>Ouvrez un fichier par le lien que la conversation donne pour lui (avec ses expires et signature), ou envoyez le jeton de la session dans «&#xa0;Authorization: Bearer &lt;jeton&gt;&#xa0;» avec ?sessionId=.</translation>
    </message>
    <message>
        <source>must be true (the box was ticked) or false.</source>
        <translation>doit valoir true (la case a été cochée) ou false.</translation>
    </message>
</context>
<context>
    <name>ChatService</name>
    <message>
        <source>use a language tag such as &quot;fr&quot; or &quot;en-GB&quot;.</source>
        <translation>utilisez une étiquette de langue comme «&#xa0;fr&#xa0;» ou «&#xa0;en-GB&#xa0;».</translation>
    </message>
    <message>
        <source>must be a single line.</source>
        <translation>doit tenir sur une seule ligne.</translation>
    </message>
    <message>
        <source>userId and userHash go together.</source>
        <translation>userId et userHash vont ensemble.</translation>
    </message>
    <message>
        <source>This server cannot verify users: it has no identity secret (FRONTLINE_IDENTITY_SECRET). Create the session without userId.</source>
        <translation>Ce serveur ne peut pas vérifier les utilisateurs : il n’a pas de secret d’identité (FRONTLINE_IDENTITY_SECRET). Créez la session sans userId.</translation>
    </message>
    <message>
        <source>Missing or wrong session token: send the sessionToken from create-session as &quot;Authorization: Bearer &lt;token&gt;&quot;.</source>
        <translation>Jeton de session absent ou incorrect : envoyez le sessionToken de create-session sous la forme «&#xa0;Authorization: Bearer &lt;jeton&gt;&#xa0;».</translation>
    </message>
    <message>
        <source>userHashExpires has passed: sign a new expiry for this user when the page loads.</source>
        <translation>userHashExpires est dépassé : signez une nouvelle expiration pour cet utilisateur au chargement de la page.</translation>
    </message>
    <message>
        <source>userHash does not match userId: sign the user id with the server&apos;s identity secret (hex HMAC-SHA256), or the user id, a line break and userHashExpires when sending an expiry.</source>
        <translation>userHash ne correspond pas à userId : signez l’identifiant avec le secret d’identité du serveur (HMAC-SHA256 en hexadécimal), ou l’identifiant, un saut de ligne et userHashExpires si vous envoyez une expiration.</translation>
    </message>
    <message>
        <source>This server accepts only signatures that expire: send userHashExpires (Unix seconds) and userHash over the user id, a line break and userHashExpires.</source>
        <translation>Ce serveur n’accepte que des signatures qui expirent : envoyez userHashExpires (secondes Unix) et un userHash calculé sur l’identifiant, un saut de ligne et userHashExpires.</translation>
    </message>
    <message>
        <source>This stream ticket is unknown, already used or expired (a ticket opens one stream within 60 seconds): get a new one from POST /api/chat/events/ticket for each connection.</source>
        <translation>Ce ticket de flux est inconnu, déjà utilisé ou expiré (un ticket ouvre un seul flux, dans les 60 secondes) : demandez-en un nouveau par POST /api/chat/events/ticket pour chaque connexion.</translation>
    </message>
    <message>
        <source>is beyond the conversation&apos;s last message (%1): send the seq of a message the page has shown.</source>
        <translation>dépasse le dernier message de la conversation (%1) : envoyez le numéro (seq) d’un message que la page a affiché.</translation>
    </message>
    <message>
        <source>is required: give your name.</source>
        <translation>est obligatoire : indiquez votre nom.</translation>
    </message>
    <message>
        <source>is required: give your e-mail address.</source>
        <translation>est obligatoire : indiquez votre adresse e-mail.</translation>
    </message>
    <message>
        <source>is required: tick the box to accept, then start the chat.</source>
        <translation>est obligatoire : cochez la case pour accepter, puis commencez la conversation.</translation>
    </message>
</context>
<context>
    <name>ClientAddress</name>
    <message>
        <source>Invalid trusted proxy &quot;%1&quot;: write IP addresses or subnets separated by commas, e.g. 127.0.0.1,10.0.0.0/8.</source>
        <translation>Proxy de confiance invalide «&#xa0;%1&#xa0;» : écrivez des adresses IP ou des sous-réseaux séparés par des virgules, par exemple 127.0.0.1,10.0.0.0/8.</translation>
    </message>
</context>
<context>
    <name>ClusterEventLog</name>
    <message>
        <source>Cannot listen for other nodes&apos; events on %1: %2</source>
        <translation>Impossible d’écouter les évènements des autres nœuds sur %1 : %2</translation>
    </message>
</context>
<context>
    <name>ConfigurationReport</name>
    <message>
        <source>command line</source>
        <translation>ligne de commande</translation>
    </message>
    <message>
        <source>environment (%1)</source>
        <translation>environnement (%1)</translation>
    </message>
    <message>
        <source>settings file (%1)</source>
        <translation>fichier de réglages (%1)</translation>
    </message>
    <message>
        <source>default</source>
        <translation>par défaut</translation>
    </message>
    <message>
        <source>Settings file: %1</source>
        <translation>Fichier de réglages : %1</translation>
    </message>
    <message>
        <source>an SQLite file in the data folder</source>
        <translation>un fichier SQLite dans le dossier de données</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>(aucun)</translation>
    </message>
</context>
<context>
    <name>ConsoleSettings</name>
    <message>
        <source>Hello, I am taking over from the assistant. How can I help you?</source>
        <translation>Bonjour, je prends le relais de l’assistant. Comment puis-je vous aider ?</translation>
    </message>
    <message>
        <source>Thank you for your patience, I am looking into it.</source>
        <translation>Merci de votre patience, je regarde cela.</translation>
    </message>
    <message>
        <source>Thank you for contacting us. Is there anything else I can do for you?</source>
        <translation>Merci de nous avoir contactés. Puis-je faire autre chose pour vous ?</translation>
    </message>
    <message>
        <source>Have a nice day! This conversation will now be closed.</source>
        <translation>Bonne journée ! Cette conversation va maintenant être fermée.</translation>
    </message>
</context>
<context>
    <name>Copilot</name>
    <message>
        <source>No session has the id &quot;%1&quot;.</source>
        <translation>Aucune session n’a l’identifiant «&#xa0;%1&#xa0;».</translation>
    </message>
    <message>
        <source>The AI provider did not answer (%1). Try again in a moment, or check the provider&apos;s settings.</source>
        <translation>Le fournisseur d’IA n’a pas répondu (%1). Réessayez dans un instant, ou vérifiez les réglages du fournisseur.</translation>
    </message>
    <message>
        <source>Session &quot;%1&quot; has no message %2.</source>
        <translation>La session «&#xa0;%1&#xa0;» n’a pas de message %2.</translation>
    </message>
</context>
<context>
    <name>CustomerMail</name>
    <message>
        <source>This conversation no longer exists: start a new conversation.</source>
        <translation>Cette conversation n’existe plus : commencez une nouvelle conversation.</translation>
    </message>
    <message>
        <source>This server sends no e-mail (the operator has not set up a mail server): copy the conversation from the page instead.</source>
        <translation>Ce serveur n’envoie pas d’e-mail (aucun serveur de messagerie n’est configuré) : copiez plutôt la conversation depuis la page.</translation>
    </message>
    <message>
        <source>is needed: this conversation has no e-mail address yet, send the one the transcript should go to.</source>
        <translation>est nécessaire : cette conversation n’a pas encore d’adresse e-mail, envoyez celle à laquelle adresser la transcription.</translation>
    </message>
    <message>
        <source>This conversation no longer exists.</source>
        <translation>Cette conversation n’existe plus.</translation>
    </message>
</context>
<context>
    <name>DatabaseCheck</name>
    <message>
        <source>The folder %1 is not writable: choose another place for the SQLite file.</source>
        <translation>Le dossier %1 n’est pas accessible en écriture : choisissez un autre emplacement pour le fichier SQLite.</translation>
    </message>
    <message>
        <source>Cannot connect to %1: %2</source>
        <translation>Connexion impossible à %1 : %2</translation>
    </message>
    <message>
        <source>%1 answered, but not as a database: %2</source>
        <translation>%1 a répondu, mais pas comme une base de données : %2</translation>
    </message>
</context>
<context>
    <name>DatabaseUrl</name>
    <message>
        <source>Use sqlite:PATH or postgresql://user:password@host:port/dbname.</source>
        <translation>Utilisez sqlite:CHEMIN ou postgresql://utilisateur:motdepasse@hôte:port/base.</translation>
    </message>
    <message>
        <source>Invalid database URL &quot;%1&quot;: %2. %3</source>
        <translation>URL de base de données invalide «&#xa0;%1&#xa0;» : %2. %3</translation>
    </message>
    <message>
        <source>unknown parameter &quot;%1&quot;</source>
        <translation>paramètre inconnu «&#xa0;%1&#xa0;»</translation>
    </message>
    <message>
        <source>no host</source>
        <translation>pas d’hôte</translation>
    </message>
    <message>
        <source>no database name (add it after the host, as in postgresql://user:password@localhost:5432/frontline)</source>
        <translation>pas de nom de base (ajoutez-le après l’hôte, comme dans postgresql://utilisateur:motdepasse@localhost:5432/frontline)</translation>
    </message>
    <message>
        <source>no file path after &quot;sqlite:&quot;</source>
        <translation>pas de chemin de fichier après «&#xa0;sqlite:&#xa0;»</translation>
    </message>
    <message>
        <source>the path names a folder, not a file</source>
        <translation>le chemin désigne un dossier, pas un fichier</translation>
    </message>
    <message>
        <source>it is empty</source>
        <translation>elle est vide</translation>
    </message>
    <message>
        <source>no scheme</source>
        <translation>pas de schéma</translation>
    </message>
    <message>
        <source>unknown scheme &quot;%1&quot;</source>
        <translation>schéma inconnu «&#xa0;%1&#xa0;»</translation>
    </message>
    <message>
        <source>percent-encode any ?, @ or / in the password</source>
        <translation>encodez en pourcentage tout ?, @ ou / du mot de passe</translation>
    </message>
</context>
<context>
    <name>DisplayName</name>
    <message>
        <source>must not be empty or only spaces: type the name customers see.</source>
        <translation>ne doit pas être vide ni fait uniquement d’espaces : tapez le nom que voient les clients.</translation>
    </message>
    <message>
        <source>must be one line of visible characters: remove the line breaks, tabs and other control characters.</source>
        <translation>doit tenir sur une ligne de caractères visibles : retirez les retours à la ligne, tabulations et autres caractères de contrôle.</translation>
    </message>
    <message>
        <source>must be at most %1 characters; this one has %2: shorten it.</source>
        <translation>doit faire au plus %1 caractères ; celui-ci en a %2 : raccourcissez-le.</translation>
    </message>
</context>
<context>
    <name>HttpListener</name>
    <message>
        <source>The request was not received in time.</source>
        <translation>La requête n’a pas été reçue à temps.</translation>
    </message>
    <message>
        <source>Send the body with a Content-Length header (chunked requests are not accepted).</source>
        <translation>Envoyez le corps avec un en-tête Content-Length (les requêtes par morceaux ne sont pas acceptées).</translation>
    </message>
    <message>
        <source>The request body is larger than %1 bytes.</source>
        <translation>Le corps de la requête dépasse %1 octets.</translation>
    </message>
    <message>
        <source>The request headers are larger than %1 bytes.</source>
        <translation>Les en-têtes de la requête dépassent %1 octets.</translation>
    </message>
    <message>
        <source>This request method is not supported.</source>
        <translation>Cette méthode de requête n’est pas prise en charge.</translation>
    </message>
    <message>
        <source>Use HTTP/1.1.</source>
        <translation>Utilisez HTTP/1.1.</translation>
    </message>
    <message>
        <source>The request is not valid HTTP.</source>
        <translation>La requête n’est pas du HTTP valide.</translation>
    </message>
    <message>
        <source>Too many connections from your address; close some and try again.</source>
        <translation>Trop de connexions depuis votre adresse ; fermez-en et réessayez.</translation>
    </message>
    <message>
        <source>Send exactly one Host header.</source>
        <translation>Envoyez exactement un en-tête Host.</translation>
    </message>
    <message>
        <source>The file is larger than %1 MiB, the most this server accepts: send a smaller one (the operator sets the limit with FRONTLINE_MAX_ATTACHMENT_BYTES).</source>
        <translation>Le fichier dépasse %1 Mio, la taille maximale acceptée par ce serveur : envoyez-en un plus petit (l’exploitant fixe cette limite avec FRONTLINE_MAX_ATTACHMENT_BYTES).</translation>
    </message>
</context>
<context>
    <name>KnowledgeBase</name>
    <message>
        <source>is required.</source>
        <translation>est obligatoire.</translation>
    </message>
    <message>
        <source>must be a string.</source>
        <translation>doit être une chaîne.</translation>
    </message>
    <message>
        <source>No article of the knowledge base has the id %1; GET /api/agent/knowledge lists them.</source>
        <translation>Aucun article de la base de connaissances n’a l’identifiant %1 ; GET /api/agent/knowledge les liste.</translation>
    </message>
    <message>
        <source>is not a field of an article; use title, body, url or locale.</source>
        <translation>n’est pas un champ d’article ; utilisez title, body, url ou locale.</translation>
    </message>
    <message>
        <source>must not be empty.</source>
        <translation>ne doit pas être vide.</translation>
    </message>
    <message>
        <source>must be at most %1 characters.</source>
        <translation>doit compter au plus %1 caractères.</translation>
    </message>
    <message>
        <source>must be one line, without control characters.</source>
        <translation>doit tenir sur une ligne, sans caractères de contrôle.</translation>
    </message>
    <message>
        <source>The article&apos;s body is larger than %1 KiB: split it into several articles.</source>
        <translation>Le corps de l’article dépasse %1 Kio : répartissez-le en plusieurs articles.</translation>
    </message>
    <message>
        <source>must be an http:// or https:// address (at most %1 characters), or empty.</source>
        <translation>doit être une adresse http:// ou https:// (au plus %1 caractères), ou vide.</translation>
    </message>
    <message>
        <source>must be &quot;fr&quot;, &quot;en&quot; or empty (any language).</source>
        <translation>doit être «&#xa0;fr&#xa0;», «&#xa0;en&#xa0;» ou vide (toute langue).</translation>
    </message>
    <message>
        <source>Only administrators change the knowledge base; every agent may read it.</source>
        <translation>Seuls les administrateurs modifient la base de connaissances ; tout agent peut la lire.</translation>
    </message>
    <message>
        <source>No article of the knowledge base has the id &quot;%1&quot;; GET /api/agent/knowledge lists them.</source>
        <translation>Aucun article de la base de connaissances n’a l’identifiant «&#xa0;%1&#xa0;» ; GET /api/agent/knowledge les liste.</translation>
    </message>
    <message>
        <source>No unanswered question has the id %1; GET /api/agent/knowledge/unanswered lists them.</source>
        <translation>Aucune question sans réponse n’a l’identifiant %1 ; GET /api/agent/knowledge/unanswered les liste.</translation>
    </message>
</context>
<context>
    <name>KnowledgeFolder</name>
    <message>
        <source>%1: %2</source>
        <translation>%1 : %2</translation>
    </message>
    <message>
        <source>The folder %1 does not exist.</source>
        <translation>Le dossier %1 n’existe pas.</translation>
    </message>
    <message>
        <source>The folder %1 has no Markdown file (*.md) to import.</source>
        <translation>Le dossier %1 ne contient aucun fichier Markdown (*.md) à importer.</translation>
    </message>
    <message>
        <source>cannot be read (%1).</source>
        <translation>ne peut pas être lu (%1).</translation>
    </message>
    <message>
        <source>is not UTF-8 text.</source>
        <translation>n’est pas du texte UTF-8.</translation>
    </message>
    <message>
        <source>has the title &quot;%1&quot;, as %2 does: an article&apos;s title is its name.</source>
        <translation>a le titre «&#xa0;%1&#xa0;», comme %2 : le titre d’un article est son nom.</translation>
    </message>
    <message>
        <source>Cannot create the folder %1.</source>
        <translation>Impossible de créer le dossier %1.</translation>
    </message>
    <message>
        <source>Cannot write %1 (%2).</source>
        <translation>Impossible d’écrire %1 (%2).</translation>
    </message>
</context>
<context>
    <name>KnowledgeMarkdown</name>
    <message>
        <source>Line %1 of the front matter is not &quot;name: value&quot;.</source>
        <translation>La ligne %1 de l’en-tête n’est pas de la forme «&#xa0;nom: valeur&#xa0;».</translation>
    </message>
    <message>
        <source>The front matter&apos;s &quot;%1&quot; (line %2) is not a field of an article; use title, url or locale.</source>
        <translation>«&#xa0;%1&#xa0;» dans l’en-tête (ligne %2) n’est pas un champ d’article ; utilisez title, url ou locale.</translation>
    </message>
    <message>
        <source>The front matter that begins with &quot;---&quot; has no closing &quot;---&quot; line.</source>
        <translation>L’en-tête qui commence par «&#xa0;---&#xa0;» n’a pas de ligne «&#xa0;---&#xa0;» de fin.</translation>
    </message>
    <message>
        <source>It has no title: give one in a front matter (&quot;title: …&quot; between two &quot;---&quot; lines) or begin it with a &quot;# heading&quot;.</source>
        <translation>Il n’a pas de titre : donnez-en un dans un en-tête («&#xa0;title: …&#xa0;» entre deux lignes «&#xa0;---&#xa0;») ou commencez-le par un «&#xa0;# titre&#xa0;».</translation>
    </message>
</context>
<context>
    <name>Label</name>
    <message>
        <source>must be 1 to 40 letters, digits, spaces, &quot;-&quot;, &quot;_&quot; or &quot;.&quot;.</source>
        <translation>doit compter de 1 à 40 lettres, chiffres, espaces, «&#xa0;-&#xa0;», «&#xa0;_&#xa0;» ou «&#xa0;.&#xa0;».</translation>
    </message>
</context>
<context>
    <name>LabelDesk</name>
    <message>
        <source>Only administrators add, rename, recolour or delete labels.</source>
        <translation>Seuls les administrateurs ajoutent, renomment, recolorent ou suppriment les étiquettes.</translation>
    </message>
    <message>
        <source>No label has the id %1.</source>
        <translation>Aucune étiquette n’a l’identifiant %1.</translation>
    </message>
    <message>
        <source>A label named &quot;%1&quot; exists already; choose another name.</source>
        <translation>Une étiquette nommée «&#xa0;%1&#xa0;» existe déjà ; choisissez un autre nom.</translation>
    </message>
    <message>
        <source>must be a colour written &quot;#rrggbb&quot;, such as &quot;#2e7d32&quot;.</source>
        <translation>doit être une couleur écrite «&#xa0;#rrggbb&#xa0;», comme «&#xa0;#2e7d32&#xa0;».</translation>
    </message>
    <message>
        <source>No session has the id &quot;%1&quot;.</source>
        <translation>Aucune session n’a l’identifiant «&#xa0;%1&#xa0;».</translation>
    </message>
    <message>
        <source>no label is named &quot;%1&quot;; an administrator adds it first.</source>
        <translation>aucune étiquette ne s’appelle «&#xa0;%1&#xa0;» ; un administrateur doit d’abord l’ajouter.</translation>
    </message>
</context>
<context>
    <name>ListenAddress</name>
    <message>
        <source>Invalid listen address &quot;%1&quot;: %2. Use HOST:PORT, for example 127.0.0.1:8080, [::1]:8080 or 0.0.0.0:8080.</source>
        <translation>Adresse d’écoute invalide «&#xa0;%1&#xa0;» : %2. Utilisez HÔTE:PORT, par exemple 127.0.0.1:8080, [::1]:8080 ou 0.0.0.0:8080.</translation>
    </message>
    <message>
        <source>no port</source>
        <translation>pas de port</translation>
    </message>
    <message>
        <source>the port must be a number from 0 to 65535</source>
        <translation>le port doit être un nombre de 0 à 65535</translation>
    </message>
    <message>
        <source>write an IPv6 address in brackets</source>
        <translation>écrivez une adresse IPv6 entre crochets</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not an IP address</source>
        <translation>«&#xa0;%1&#xa0;» n’est pas une adresse IP</translation>
    </message>
</context>
<context>
    <name>MailMessage</name>
    <message>
        <source>must be an e-mail address such as name@example.com.</source>
        <translation>doit être une adresse e-mail comme nom@example.com.</translation>
    </message>
    <message>
        <source>must be written as local@domain.</source>
        <translation>doit s’écrire local@domaine.</translation>
    </message>
</context>
<context>
    <name>MailOutbox</name>
    <message>
        <source>given up after %1 hours of retries: %2</source>
        <translation>abandonné après %1 heures de nouvelles tentatives : %2</translation>
    </message>
</context>
<context>
    <name>Migrator</name>
    <message>
        <source>Cannot read the schema version: %1</source>
        <translation>Impossible de lire la version du schéma : %1</translation>
    </message>
    <message>
        <source>The database %1 has schema version %2, newer than the version %3 this Frontline knows; it was left untouched. Run a newer Frontline, or choose another database.</source>
        <translation>La base %1 a la version de schéma %2, plus récente que la version %3 que connaît ce Frontline ; elle n’a pas été modifiée. Lancez un Frontline plus récent, ou choisissez une autre base.</translation>
    </message>
    <message>
        <source>Migration %1 of %2 failed and was rolled back: %3</source>
        <translation>La migration %1 de %2 a échoué et a été annulée : %3</translation>
    </message>
    <message>
        <source>%1 (in: %2)</source>
        <translation>%1 (dans : %2)</translation>
    </message>
    <message>
        <source>The database %1 has schema version %2, older than the version %3 this Frontline needs: migrate it first (Frontline does so when it starts).</source>
        <translation>La base %1 a la version de schéma %2, plus ancienne que la version %3 dont ce Frontline a besoin : migrez-la d’abord (Frontline le fait à son démarrage).</translation>
    </message>
</context>
<context>
    <name>PreChatForm</name>
    <message>
        <source>must be true or false.</source>
        <translation>doit valoir true ou false.</translation>
    </message>
    <message>
        <source>must be &quot;off&quot;, &quot;optional&quot; or &quot;required&quot;.</source>
        <translation>doit valoir «&#xa0;off&#xa0;», «&#xa0;optional&#xa0;» ou «&#xa0;required&#xa0;».</translation>
    </message>
    <message>
        <source>must be null (no consent box) or an object with text and required.</source>
        <translation>doit valoir null (pas de case de consentement) ou être un objet avec text et required.</translation>
    </message>
    <message>
        <source>is not part of the consent box: use text and required.</source>
        <translation>ne fait pas partie de la case de consentement : utilisez text et required.</translation>
    </message>
    <message>
        <source>must be the sentence shown beside the box: 1 to %1 characters, without control characters.</source>
        <translation>doit être la phrase affichée à côté de la case : de 1 à %1 caractères, sans caractères de contrôle.</translation>
    </message>
    <message>
        <source>is not part of the pre-chat form: use enabled, name, email or consent.</source>
        <translation>ne fait pas partie du formulaire d’avant-conversation : utilisez enabled, name, email ou consent.</translation>
    </message>
</context>
<context>
    <name>ProviderOrigins</name>
    <message>
        <source>&quot;%1&quot; is not an origin: list the AI providers the key may be sent to as https://llm.example.com,https://api.openai.com</source>
        <translation>«&#xa0;%1&#xa0;» n’est pas une origine : indiquez les fournisseurs d’IA auxquels la clé peut être envoyée sous la forme https://llm.example.com,https://api.openai.com</translation>
    </message>
    <message>
        <source>&quot;%1&quot; would receive the AI provider key over plain http: use https, or http only to this machine (localhost)</source>
        <translation>«&#xa0;%1&#xa0;» recevrait la clé du fournisseur d’IA en http non chiffré : utilisez https, ou http seulement vers cette machine (localhost)</translation>
    </message>
    <message>
        <source>%1 would receive the AI provider key over plain http: use https, or http only to this machine (localhost).</source>
        <translation>%1 recevrait la clé du fournisseur d’IA en http non chiffré : utilisez https, ou http seulement vers cette machine (localhost).</translation>
    </message>
    <message>
        <source>The AI provider key may not be sent to %1: the server&apos;s operator must set that provider at launch (OPENAI_BASE_URL) or list its origin in FRONTLINE_AI_ALLOWED_ORIGINS.</source>
        <translation>La clé du fournisseur d’IA ne peut pas être envoyée à %1 : l’exploitant du serveur doit choisir ce fournisseur au lancement (OPENAI_BASE_URL) ou inscrire son origine dans FRONTLINE_AI_ALLOWED_ORIGINS.</translation>
    </message>
</context>
<context>
    <name>RateLimiter</name>
    <message>
        <source>Invalid rate limit &quot;%1&quot;: write ROUTE=COUNT/SECONDS with positive numbers, for example message=10/60,history=100/60,create-session=20/60, or off.</source>
        <translation>Limite de débit invalide «&#xa0;%1&#xa0;» : écrivez ROUTE=NOMBRE/SECONDES avec des nombres positifs, par exemple message=10/60,history=100/60,create-session=20/60, ou off.</translation>
    </message>
</context>
<context>
    <name>RequestParsing</name>
    <message>
        <source>is required.</source>
        <translation>est obligatoire.</translation>
    </message>
    <message>
        <source>must be a string.</source>
        <translation>doit être une chaîne de caractères.</translation>
    </message>
    <message>
        <source>must not be empty.</source>
        <translation>ne doit pas être vide.</translation>
    </message>
    <message>
        <source>use 1 to 100 letters, digits or . _ ~ : - (a UUID is a good choice).</source>
        <translation>utilisez de 1 à 100 lettres, chiffres ou . _ ~ : - (un UUID convient bien).</translation>
    </message>
    <message>
        <source>must be a whole number from %1 to %2.</source>
        <translation>doit être un nombre entier de %1 à %2.</translation>
    </message>
    <message>
        <source>The request body is larger than %1 bytes.</source>
        <translation>Le corps de la requête dépasse %1 octets.</translation>
    </message>
    <message>
        <source>Send the body as JSON with &quot;Content-Type: application/json&quot;.</source>
        <translation>Envoyez le corps en JSON avec «&#xa0;Content-Type: application/json&#xa0;».</translation>
    </message>
    <message>
        <source>The body is not valid JSON (%1 at byte %2).</source>
        <translation>Le corps n’est pas du JSON valide (%1 à l’octet %2).</translation>
    </message>
    <message>
        <source>The body must be a JSON object.</source>
        <translation>Le corps doit être un objet JSON.</translation>
    </message>
    <message numerus="yes">
        <source>is longer than %n character(s).</source>
        <translation>
            <numerusform>dépasse %n caractère.</numerusform>
            <numerusform>dépasse %n caractères.</numerusform>
        </translation>
    </message>
    <message>
        <source>must be a time in whole Unix seconds, such as %1.</source>
        <translation>doit être une date en secondes Unix entières, par exemple %1.</translation>
    </message>
    <message>
        <source>must be a list of at most %1 attachment ids, as uploading each file answered.</source>
        <translation>doit être une liste d’au plus %1 identifiants de pièces jointes, tels que l’envoi de chaque fichier les a donnés.</translation>
    </message>
    <message>
        <source>is required in the URL.</source>
        <translation>est obligatoire dans l’URL.</translation>
    </message>
</context>
<context>
    <name>ResumeLinks</name>
    <message>
        <source>This link to a conversation is not valid (it was changed or cut): open the whole link from the e-mail, or start a new conversation.</source>
        <translation>Ce lien vers une conversation n’est pas valable (il a été modifié ou coupé) : ouvrez le lien entier depuis l’e-mail, ou commencez une nouvelle conversation.</translation>
    </message>
    <message>
        <source>This link to a conversation has expired: start a new conversation, or ask for a new e-mail by writing to us again.</source>
        <translation>Ce lien vers une conversation a expiré : commencez une nouvelle conversation, ou demandez un nouvel e-mail en nous écrivant de nouveau.</translation>
    </message>
</context>
<context>
    <name>RuntimeSettings</name>
    <message>
        <source>must be the API&apos;s base URL, such as https://api.openai.com/v1 or http://localhost:11434/v1.</source>
        <translation>doit être l’URL de base de l’API, par exemple https://api.openai.com/v1 ou http://localhost:11434/v1.</translation>
    </message>
    <message>
        <source>must be a model name of 1 to 200 characters.</source>
        <translation>doit être un nom de modèle de 1 à 200 caractères.</translation>
    </message>
    <message>
        <source>must be 1 to 8,000 characters.</source>
        <translation>doit compter de 1 à 8 000 caractères.</translation>
    </message>
    <message>
        <source> Example: &quot;message=10/60,history=100/60&quot;, or &quot;off&quot;.</source>
        <translation> Exemple : «&#xa0;message=10/60,history=100/60&#xa0;», ou «&#xa0;off&#xa0;».</translation>
    </message>
    <message>
        <source>Mock mode cannot be left: no AI provider key is set, or CHAT_MOCK_MODE=true forces it.</source>
        <translation>Impossible de quitter le mode simulé : aucune clé de fournisseur d’IA n’est définie, ou CHAT_MOCK_MODE=true l’impose.</translation>
    </message>
    <message>
        <source>must not be only spaces: type a name, or send &quot;&quot; to show customers the default (&quot;Support&quot; in their language).</source>
        <translation>ne doit pas être fait que d’espaces : saisissez un nom, ou envoyez &quot;&quot; pour montrer aux clients le nom par défaut, dans leur langue («&#xa0;Service client&#xa0;» en français).</translation>
    </message>
</context>
<context>
    <name>Sanitizer</name>
    <message>
        <source>The message is not valid Unicode text; send it as UTF-8.</source>
        <translation>Le message n’est pas du texte Unicode valide ; envoyez-le en UTF-8.</translation>
    </message>
    <message>
        <source>The message is empty after removing invisible characters; type some text.</source>
        <translation>Le message est vide une fois les caractères invisibles retirés ; écrivez du texte.</translation>
    </message>
    <message numerus="yes">
        <source>The message is shorter than %n character(s); write a little more.</source>
        <translation>
            <numerusform>Le message fait moins de %n caractère ; écrivez-en un peu plus.</numerusform>
            <numerusform>Le message fait moins de %n caractères ; écrivez-en un peu plus.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>The message is longer than %n character(s); shorten it.</source>
        <translation>
            <numerusform>Le message dépasse %n caractère ; raccourcissez-le.</numerusform>
            <numerusform>Le message dépasse %n caractères ; raccourcissez-le.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ServerOptions</name>
    <message>
        <source> (from --%1)</source>
        <translation> (venant de --%1)</translation>
    </message>
    <message>
        <source> (from %1)</source>
        <translation> (venant de %1)</translation>
    </message>
    <message>
        <source> (from %1 in the settings file)</source>
        <translation> (venant de %1 dans le fichier de réglages)</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not an origin: list the sites that may embed the chat as https://shop.example,https://www.shop.example</source>
        <translation>«&#xa0;%1&#xa0;» n’est pas une origine : indiquez les sites qui peuvent intégrer le chat sous la forme https://shop.example,https://www.shop.example</translation>
    </message>
    <message>
        <source>Invalid AI provider URL &quot;%1&quot;: use the API&apos;s base URL, such as https://api.openai.com/v1 or http://localhost:11434/v1</source>
        <translation>URL de fournisseur d’IA invalide «&#xa0;%1&#xa0;» : utilisez l’URL de base de l’API, comme https://api.openai.com/v1 ou http://localhost:11434/v1</translation>
    </message>
    <message>
        <source>Invalid temperature &quot;%1&quot;: use a number from 0 to 2</source>
        <translation>Température invalide «&#xa0;%1&#xa0;» : utilisez un nombre de 0 à 2</translation>
    </message>
    <message>
        <source>Invalid value &quot;%1&quot;: use a whole number from %2 to %3</source>
        <translation>Valeur invalide «&#xa0;%1&#xa0;» : utilisez un nombre entier de %2 à %3</translation>
    </message>
    <message>
        <source>TLS needs both --tls-cert and --tls-key (or FRONTLINE_TLS_CERT and FRONTLINE_TLS_KEY).</source>
        <translation>TLS demande à la fois --tls-cert et --tls-key (ou FRONTLINE_TLS_CERT et FRONTLINE_TLS_KEY).</translation>
    </message>
    <message>
        <source>Invalid value &quot;%1&quot;: use true or false</source>
        <translation>Valeur invalide «&#xa0;%1&#xa0;» : utilisez true ou false</translation>
    </message>
    <message>
        <source>The AI provider URL &quot;%1&quot; would receive OPENAI_API_KEY over plain http: use https, or http only to this machine (localhost)</source>
        <translation>L’URL du fournisseur d’IA «&#xa0;%1&#xa0;» recevrait OPENAI_API_KEY en http non chiffré : utilisez https, ou http seulement vers cette machine (localhost)</translation>
    </message>
    <message>
        <source>E-mail needs both FRONTLINE_SMTP_URL (the mail server, e.g. smtp://user:password@mail.example.com:587) and FRONTLINE_MAIL_FROM (the sender, e.g. &quot;Support &lt;support@example.com&gt;&quot;); set both, or neither to send no e-mail.</source>
        <translation>L’e-mail demande FRONTLINE_SMTP_URL (le serveur de messagerie, par exemple smtp://utilisateur:motdepasse@mail.example.com:587) et FRONTLINE_MAIL_FROM (l’expéditeur, par exemple «&#xa0;Support &lt;support@example.com&gt;&#xa0;») : définissez les deux, ou aucun pour n’envoyer aucun e-mail.</translation>
    </message>
    <message>
        <source>FRONTLINE_SMTP_PASSWORD is set but FRONTLINE_SMTP_URL names no user: write smtp://user@host:587 with the password in FRONTLINE_SMTP_PASSWORD.</source>
        <translation>FRONTLINE_SMTP_PASSWORD est défini mais FRONTLINE_SMTP_URL ne nomme aucun utilisateur : écrivez smtp://utilisateur@hôte:587, avec le mot de passe dans FRONTLINE_SMTP_PASSWORD.</translation>
    </message>
    <message>
        <source>The SMTP password is both in FRONTLINE_SMTP_URL and in FRONTLINE_SMTP_PASSWORD: keep one.</source>
        <translation>Le mot de passe SMTP est à la fois dans FRONTLINE_SMTP_URL et dans FRONTLINE_SMTP_PASSWORD : n’en gardez qu’un.</translation>
    </message>
    <message>
        <source>Invalid sender &quot;%1&quot;: write an address, or a name and an address, such as &quot;Support &lt;support@example.com&gt;&quot;</source>
        <translation>Expéditeur «&#xa0;%1&#xa0;» invalide : écrivez une adresse, ou un nom et une adresse, comme «&#xa0;Support &lt;support@example.com&gt;&#xa0;»</translation>
    </message>
    <message>
        <source>Invalid public address &quot;%1&quot;: write the address customers reach the server at, such as https://support.example.com</source>
        <translation>Adresse publique «&#xa0;%1&#xa0;» non valable : écrivez l’adresse à laquelle les clients joignent le serveur, par exemple https://support.example.com</translation>
    </message>
    <message>
        <source>Invalid address &quot;%1&quot;: write one e-mail address, such as archive@example.com</source>
        <translation>Adresse «&#xa0;%1&#xa0;» non valable : écrivez une seule adresse e-mail, par exemple archive@example.com</translation>
    </message>
    <message>
        <source>FRONTLINE_MAIL_COPY_TO needs a mail server: set FRONTLINE_SMTP_URL and FRONTLINE_MAIL_FROM too, or leave it unset.</source>
        <translation>FRONTLINE_MAIL_COPY_TO demande un serveur de messagerie : définissez aussi FRONTLINE_SMTP_URL et FRONTLINE_MAIL_FROM, ou laissez-la vide.</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a redaction setting: use auto, on or off</source>
        <translation>«&#xa0;%1&#xa0;» n’est pas un réglage de masquage : utilisez auto, on ou off</translation>
    </message>
</context>
<context>
    <name>SessionItem</name>
    <message>
        <source>Anonymous %1</source>
        <translation>Anonyme %1</translation>
    </message>
</context>
<context>
    <name>SignInThrottle</name>
    <message>
        <source>The server is checking many sign-ins at once. Try again in a second.</source>
        <translation>Le serveur vérifie de nombreuses connexions à la fois. Réessayez dans une seconde.</translation>
    </message>
    <message>
        <source>Sign-ins from your address are being checked already. Wait for their answer, then try again.</source>
        <translation>Des connexions depuis votre adresse sont déjà en cours de vérification. Attendez leur réponse, puis réessayez.</translation>
    </message>
    <message numerus="yes">
        <source>Too many failed sign-ins from your address. Try again in %n second(s).</source>
        <translation>
            <numerusform>Trop de connexions échouées depuis votre adresse. Réessayez dans %n seconde.</numerusform>
            <numerusform>Trop de connexions échouées depuis votre adresse. Réessayez dans %n secondes.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SmtpSender</name>
    <message>
        <source>accepted by the mail server: %1</source>
        <translation>accepté par le serveur de messagerie : %1</translation>
    </message>
    <message>
        <source>authentication failed: the mail server refused the user name or password of FRONTLINE_SMTP_URL (%1)</source>
        <translation>échec de l’authentification : le serveur de messagerie a refusé le nom d’utilisateur ou le mot de passe de FRONTLINE_SMTP_URL (%1)</translation>
    </message>
    <message>
        <source>the mail server cannot be reached (%1)</source>
        <translation>le serveur de messagerie est injoignable (%1)</translation>
    </message>
    <message>
        <source>the mail server did not answer in time (%1)</source>
        <translation>le serveur de messagerie n’a pas répondu à temps (%1)</translation>
    </message>
    <message>
        <source>the mail server does not offer STARTTLS, which is required: nothing was sent in the clear (%1)</source>
        <translation>le serveur de messagerie ne propose pas STARTTLS, qui est exigé : rien n’a été envoyé en clair (%1)</translation>
    </message>
    <message>
        <source>the secure connection to the mail server failed, its certificate was not trusted or TLS did not work (%1)</source>
        <translation>la connexion sécurisée au serveur de messagerie a échoué : son certificat n’est pas reconnu ou TLS n’a pas fonctionné (%1)</translation>
    </message>
    <message>
        <source>the mail server refused the recipient: %1</source>
        <translation>le serveur de messagerie a refusé le destinataire : %1</translation>
    </message>
    <message>
        <source>the mail server refused the sender: %1</source>
        <translation>le serveur de messagerie a refusé l’expéditeur : %1</translation>
    </message>
    <message>
        <source>the mail server refused the message: %1</source>
        <translation>le serveur de messagerie a refusé le message : %1</translation>
    </message>
    <message>
        <source>the mail server refused: %1</source>
        <translation>le serveur de messagerie a refusé : %1</translation>
    </message>
    <message>
        <source>sending failed: %1</source>
        <translation>l’envoi a échoué : %1</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not an e-mail address</source>
        <translation>«&#xa0;%1&#xa0;» n’est pas une adresse e-mail</translation>
    </message>
    <message>
        <source>sending failed: libcurl could not start</source>
        <translation>l’envoi a échoué : libcurl n’a pas pu démarrer</translation>
    </message>
</context>
<context>
    <name>SmtpSettings</name>
    <message>
        <source>Write smtp://user:password@host:587 (STARTTLS), smtps://user:password@host:465 (TLS) or smtp://host:25 (no authentication); the password may instead be in FRONTLINE_SMTP_PASSWORD.</source>
        <translation>Écrivez smtp://utilisateur:motdepasse@hôte:587 (STARTTLS), smtps://utilisateur:motdepasse@hôte:465 (TLS) ou smtp://hôte:25 (sans authentification) ; le mot de passe peut aussi être dans FRONTLINE_SMTP_PASSWORD.</translation>
    </message>
    <message>
        <source>Invalid SMTP URL &quot;%1&quot;: %2. %3</source>
        <translation>URL SMTP «&#xa0;%1&#xa0;» invalide : %2. %3</translation>
    </message>
    <message>
        <source>it is not a URL (a character that must be percent-encoded?)</source>
        <translation>ce n’est pas une URL (un caractère à encoder avec des pourcentages ?)</translation>
    </message>
    <message>
        <source>the scheme must be smtp or smtps</source>
        <translation>le schéma doit être smtp ou smtps</translation>
    </message>
    <message>
        <source>it has no host</source>
        <translation>elle ne nomme aucun hôte</translation>
    </message>
    <message>
        <source>bad port</source>
        <translation>port invalide</translation>
    </message>
    <message>
        <source>it must end after the host and port</source>
        <translation>elle doit s’arrêter après l’hôte et le port</translation>
    </message>
    <message>
        <source>it takes no ?query or #fragment</source>
        <translation>elle ne prend ni ?requête ni #fragment</translation>
    </message>
    <message>
        <source>a password needs a user name</source>
        <translation>un mot de passe demande un nom d’utilisateur</translation>
    </message>
</context>
<context>
    <name>SqlConnection</name>
    <message>
        <source>Qt&apos;s %1 database driver is not installed: install the %2 package.</source>
        <translation>Le pilote de base de données %1 de Qt n’est pas installé : installez le paquet %2.</translation>
    </message>
    <message>
        <source>The SQLite database path %1 is not a file: choose a file path.</source>
        <translation>Le chemin de la base SQLite %1 n’est pas un fichier : choisissez un chemin de fichier.</translation>
    </message>
    <message>
        <source>Cannot create the SQLite database %1: the folder %2 does not exist. Create it or choose another path.</source>
        <translation>Impossible de créer la base SQLite %1 : le dossier %2 n’existe pas. Créez-le ou choisissez un autre chemin.</translation>
    </message>
    <message>
        <source>Cannot use the SQLite database %1: the folder %2 is not writable. Choose a writable folder.</source>
        <translation>Impossible d’utiliser la base SQLite %1 : le dossier %2 n’est pas accessible en écriture. Choisissez un dossier accessible en écriture.</translation>
    </message>
    <message>
        <source>Cannot open the SQLite database %1: %2. Check that the file and its folder are writable.</source>
        <translation>Impossible d’ouvrir la base SQLite %1 : %2. Vérifiez que le fichier et son dossier sont accessibles en écriture.</translation>
    </message>
    <message>
        <source>Cannot connect to PostgreSQL at %1:%2 (database &quot;%3&quot;, user &quot;%4&quot;): %5. Check that the server is running and that the URL is right.</source>
        <translation>Connexion impossible à PostgreSQL sur %1:%2 (base «&#xa0;%3&#xa0;», utilisateur «&#xa0;%4&#xa0;») : %5. Vérifiez que le serveur tourne et que l’URL est juste.</translation>
    </message>
    <message>
        <source>switching to WAL</source>
        <translation>passage en WAL</translation>
    </message>
    <message>
        <source>The SQLite database %1 cannot use write-ahead logging (its file system may not support it).</source>
        <translation>La base SQLite %1 ne peut pas utiliser la journalisation anticipée (WAL) ; son système de fichiers ne la prend peut-être pas en charge.</translation>
    </message>
    <message>
        <source>The file %1 is not a SQLite database (or is damaged); it was left untouched. Choose another path.</source>
        <translation>Le fichier %1 n’est pas une base SQLite (ou est endommagé) ; il n’a pas été modifié. Choisissez un autre chemin.</translation>
    </message>
    <message>
        <source>Cannot use the SQLite database %1: %2</source>
        <translation>Impossible d’utiliser la base SQLite %1 : %2</translation>
    </message>
    <message>
        <source>The database %1 is unavailable: %2</source>
        <translation>La base %1 est indisponible : %2</translation>
    </message>
    <message>
        <source>preparing %1</source>
        <translation>la préparation de %1</translation>
    </message>
    <message>
        <source>The database refused %1: %2</source>
        <translation>La base a refusé %1 : %2</translation>
    </message>
    <message>
        <source>The database %1 did not answer within %2 ms (%3): %4</source>
        <translation>La base de données %1 n’a pas répondu en %2 ms (%3) : %4</translation>
    </message>
    <message>
        <source>The database %1 is unavailable (%2): %3</source>
        <translation>La base %1 est indisponible (%2) : %3</translation>
    </message>
    <message>
        <source>The database failed %1: %2</source>
        <translation>La base a échoué sur %1 : %2</translation>
    </message>
</context>
<context>
    <name>SqlStore</name>
    <message>
        <source>Text that begins with U+FEFF or U+FFFE cannot be stored in SQLite; remove that character first.</source>
        <translation>Un texte qui commence par U+FEFF ou U+FFFE ne peut pas être stocké dans SQLite ; retirez d’abord ce caractère.</translation>
    </message>
    <message>
        <source>No chat session has the id &quot;%1&quot;.</source>
        <translation>Aucune session de chat n’a l’identifiant «&#xa0;%1&#xa0;».</translation>
    </message>
    <message>
        <source>The session &quot;%1&quot; is no longer assigned to %2.</source>
        <translation>La session «&#xa0;%1&#xa0;» n’est plus attribuée à %2.</translation>
    </message>
</context>
<context>
    <name>StoreError</name>
    <message>
        <source>The database is unavailable; try again in a moment.</source>
        <translation>La base de données est indisponible ; réessayez dans un instant.</translation>
    </message>
    <message>
        <source>The database is busy and did not answer in time; nothing was changed. Try again in a few seconds.</source>
        <translation>La base de données est occupée et n’a pas répondu à temps ; rien n’a été modifié. Réessayez dans quelques secondes.</translation>
    </message>
    <message>
        <source>The change conflicts with one made at the same time and was not stored; reload and try again.</source>
        <translation>La modification entre en conflit avec une autre faite au même moment et n’a pas été enregistrée ; rechargez et réessayez.</translation>
    </message>
    <message>
        <source>Something went wrong on the server; try again.</source>
        <translation>Une erreur s’est produite sur le serveur ; réessayez.</translation>
    </message>
</context>
<context>
    <name>WebPages</name>
    <message>
        <source>Use GET for this page.</source>
        <translation>Utilisez GET pour cette page.</translation>
    </message>
</context>
<context>
    <name>WidgetConfigRoute</name>
    <message>
        <source>is required: the origin of the page showing the widget, such as https://shop.example.</source>
        <translation>est obligatoire : l’origine de la page qui affiche le widget, par exemple https://shop.example.</translation>
    </message>
    <message>
        <source>must be an origin such as https://shop.example: a scheme, a host and perhaps a port, as the page&apos;s window.location.origin gives it.</source>
        <translation>doit être une origine comme https://shop.example : un schéma, un hôte et éventuellement un port, tels que les donne window.location.origin de la page.</translation>
    </message>
</context>
<context>
    <name>frontline::ui::AgentClient</name>
    <message>
        <source>The server at %1 cannot be reached: %2</source>
        <translation>Le serveur %1 est injoignable : %2</translation>
    </message>
    <message>
        <source>The server answered %1.</source>
        <translation>Le serveur a répondu %1.</translation>
    </message>
    <message>
        <source>The attachment&apos;s address is not on this server.</source>
        <translation>L’adresse de la pièce jointe n’est pas sur ce serveur.</translation>
    </message>
</context>
<context>
    <name>frontline::ui::AgentEventStream</name>
    <message>
        <source>the server refused the agent token</source>
        <translation>le serveur a refusé le jeton d’agent</translation>
    </message>
    <message>
        <source>the server answered %1</source>
        <translation>le serveur a répondu %1</translation>
    </message>
    <message>
        <source>the server closed the stream</source>
        <translation>le serveur a fermé le flux</translation>
    </message>
</context>
<context>
    <name>frontline::ui::AttachmentCache</name>
    <message>
        <source>The thumbnail is not an image the console can show.</source>
        <translation>La miniature n’est pas une image que la console peut afficher.</translation>
    </message>
</context>
<context>
    <name>frontline::ui::AttachmentViewer</name>
    <message>
        <source>Save as…</source>
        <translation>Enregistrer sous…</translation>
    </message>
    <message>
        <source>%1 × %2 pixels</source>
        <extracomment>An image&apos;s size in pixels, after its size in bytes: &quot;1.2 MB · 1280 × 720 pixels&quot;</extracomment>
        <translation>%1 × %2 pixels</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>Chargement…</translation>
    </message>
    <message>
        <source>The file could not be fetched: %1</source>
        <translation>Le fichier n’a pas pu être récupéré : %1</translation>
    </message>
    <message>
        <source>The console cannot show this image; Save as… keeps it.</source>
        <translation>La console ne peut pas afficher cette image ; Enregistrer sous… la conserve.</translation>
    </message>
    <message>
        <source>attachment</source>
        <translation>piece-jointe</translation>
    </message>
    <message>
        <source>Save the attachment</source>
        <translation>Enregistrer la pièce jointe</translation>
    </message>
    <message>
        <source>%1 could not be written: %2</source>
        <translation>%1 n’a pas pu être écrit : %2</translation>
    </message>
    <message>
        <source>Saved as %1</source>
        <translation>Enregistré sous %1</translation>
    </message>
</context>
<context>
    <name>frontline::ui::AutoAssignmentPage</name>
    <message>
        <source>Give waiting conversations to available agents</source>
        <translation>Confier les conversations en attente aux agents disponibles</translation>
    </message>
    <message>
        <source> conversations</source>
        <translation> conversations</translation>
    </message>
    <message>
        <source>e.g. marie=5, paul=0</source>
        <translation>p. ex. marie=5, paul=0</translation>
    </message>
    <message>
        <source> min</source>
        <translation> min</translation>
    </message>
    <message>
        <source>Never</source>
        <translation>Jamais</translation>
    </message>
    <message>
        <source>A conversation that starts waiting goes to an agent who is online (a console connected, not away) and has room, the least busy first. If they do not answer in time, it goes back to the queue and to the next agent. Agents can still take any conversation themselves.</source>
        <translation>Une conversation qui se met en attente va à un agent en ligne (une console connectée, pas absent) qui a de la place, le moins occupé d’abord. S’il ne répond pas à temps, elle retourne dans la file d’attente et passe à l’agent suivant. Les agents peuvent toujours prendre eux-mêmes n’importe quelle conversation.</translation>
    </message>
    <message>
        <source>Each agent has at most</source>
        <translation>Chaque agent a au plus</translation>
    </message>
    <message>
        <source>Other limits per agent</source>
        <translation>Autres limites par agent</translation>
    </message>
    <message>
        <source>Username=number, separated by commas; 0 means the agent is never given conversations automatically.</source>
        <translation>identifiant=nombre, séparés par des virgules ; 0 signifie que l’agent ne reçoit jamais de conversation automatiquement.</translation>
    </message>
    <message>
        <source>Back to the queue if not answered within</source>
        <translation>Retour dans la file d’attente sans réponse après</translation>
    </message>
    <message>
        <source>Connect to a server to see or change it.</source>
        <translation>Connectez-vous à un serveur pour la voir ou la modifier.</translation>
    </message>
    <message>
        <source>Only an administrator can change it.</source>
        <translation>Seul un administrateur peut la modifier.</translation>
    </message>
    <message>
        <source>The limits per agent are written username=number (0 to %1), separated by commas: “%2” is not.</source>
        <translation>Les limites par agent s’écrivent identifiant=nombre (0 à %1), séparés par des virgules : «&#xa0;%2&#xa0;» ne l’est pas.</translation>
    </message>
</context>
<context>
    <name>frontline::ui::BusinessHoursPage</name>
    <message>
        <source>The team keeps business hours</source>
        <translation>L’équipe a des horaires d’ouverture</translation>
    </message>
    <message>
        <source>e.g. 2026-12-25, 2027-01-01</source>
        <translation>p. ex. 2026-12-25, 2027-01-01</translation>
    </message>
    <message>
        <source>When your team answers, in its time zone. The times are the zone&apos;s local times, so 9:00 stays 9:00 when the clocks change.</source>
        <translation>Quand votre équipe répond, dans son fuseau horaire. Les heures sont celles du fuseau : 9:00 reste 9:00 au changement d’heure.</translation>
    </message>
    <message>
        <source>Time zone</source>
        <translation>Fuseau horaire</translation>
    </message>
    <message>
        <source>Closed</source>
        <translation>Fermé</translation>
    </message>
    <message>
        <source>Openings as 09:00–12:30, 14:00–18:00, separated by commas; leave a day empty when the team is closed.</source>
        <translation>Les ouvertures sous la forme 09:00–12:30, 14:00–18:00, séparées par des virgules ; laissez vide un jour où l’équipe est fermée.</translation>
    </message>
    <message>
        <source>Closed on</source>
        <translation>Fermé le</translation>
    </message>
    <message>
        <source>Connect to a server to see or change it.</source>
        <translation>Connectez-vous à un serveur pour le voir ou le modifier.</translation>
    </message>
    <message>
        <source>Only an administrator can change it.</source>
        <translation>Seul un administrateur peut le modifier.</translation>
    </message>
    <message>
        <source>The hours of %1 are written as 09:00–12:30, 14:00–18:00: “%2” is not.</source>
        <translation>Les horaires du %1 s’écrivent 09:00–12:30, 14:00–18:00 : «&#xa0;%2&#xa0;» ne convient pas.</translation>
    </message>
    <message>
        <source>The time zone %1</source>
        <translation>Le fuseau horaire %1</translation>
    </message>
    <message>
        <source>The closed days %1</source>
        <translation>La liste des jours de fermeture %1</translation>
    </message>
    <message>
        <source>The hours of %1 %2</source>
        <translation>La saisie du %1 %2</translation>
    </message>
</context>
<context>
    <name>frontline::ui::CommandPalette</name>
    <message>
        <source>Command palette</source>
        <translation>Palette de commandes</translation>
    </message>
    <message>
        <source>Type an action or a customer&apos;s name</source>
        <translation>Tapez une action ou le nom d’un client</translation>
    </message>
    <message>
        <source>Command</source>
        <translation>Commande</translation>
    </message>
    <message>
        <source>Matching commands</source>
        <translation>Commandes trouvées</translation>
    </message>
    <message>
        <source>Open %1 (%2)</source>
        <translation>Ouvrir %1 (%2)</translation>
    </message>
</context>
<context>
    <name>frontline::ui::Composer</name>
    <message>
        <source>Write a reply — Enter sends, Shift+Enter starts a new line, / inserts a canned response</source>
        <translation>Écrivez une réponse — Entrée envoie, Maj+Entrée passe à la ligne, / insère une réponse type</translation>
    </message>
    <message>
        <source>Reply</source>
        <translation>Réponse</translation>
    </message>
</context>
<context>
    <name>frontline::ui::ConsoleController</name>
    <message>
        <source>The server refused the agent token. Set a valid one in Settings → Connection (&apos;frontline agent add NAME&apos; creates one).</source>
        <translation>Le serveur a refusé le jeton d’agent. Indiquez-en un valide dans Réglages → Connexion («&#xa0;frontline agent add NOM&#xa0;» en crée un).</translation>
    </message>
    <message>
        <source>You have taken the conversation over; the AI is silent.</source>
        <translation>Vous avez pris la main sur la conversation ; l’IA se tait.</translation>
    </message>
    <message>
        <source>The conversation is back with the AI.</source>
        <translation>La conversation est rendue à l’IA.</translation>
    </message>
    <message>
        <source>The conversation is closed.</source>
        <translation>La conversation est fermée.</translation>
    </message>
    <message>
        <source>Mock mode is on: the built-in assistant answers.</source>
        <translation>Mode simulé activé : l’assistant intégré répond.</translation>
    </message>
    <message>
        <source>Mock mode is off: the AI provider answers.</source>
        <translation>Mode simulé désactivé : le fournisseur d’IA répond.</translation>
    </message>
    <message>
        <source>The server kept its rate limits: %1</source>
        <translation>Le serveur a gardé ses limites de débit : %1</translation>
    </message>
    <message>
        <source>Rate limits now: %1</source>
        <translation>Limites de débit désormais : %1</translation>
    </message>
    <message>
        <source>The block on %1 is lifted.</source>
        <translation>Le blocage de %1 est levé.</translation>
    </message>
    <message>
        <source>The server kept its AI provider settings: %1</source>
        <translation>Le serveur a gardé ses réglages du fournisseur d’IA : %1</translation>
    </message>
    <message>
        <source>AI provider settings applied to the server</source>
        <translation>Réglages du fournisseur d’IA appliqués au serveur</translation>
    </message>
    <message>
        <source>Your sign-in has ended: it was signed out, expired or revoked, or the agent was removed. Set a valid token in Settings → Connection to sign in again.</source>
        <translation>Votre connexion a pris fin : elle a été fermée, a expiré ou a été révoquée, ou l’agent a été supprimé. Indiquez un jeton valide dans Réglages → Connexion pour vous reconnecter.</translation>
    </message>
    <message>
        <source>No customer is waiting.</source>
        <translation>Aucun client n’attend.</translation>
    </message>
    <message>
        <source>The server kept the administrator&apos;s name: %1</source>
        <translation>Le serveur a gardé le nom de l’administrateur : %1</translation>
    </message>
    <message>
        <source>Customers now see the administrator under the default name.</source>
        <translation>Les clients voient désormais l’administrateur sous le nom par défaut.</translation>
    </message>
    <message>
        <source>Customers now see the administrator as “%1”.</source>
        <translation>Les clients voient désormais l’administrateur sous le nom «&#xa0;%1&#xa0;».</translation>
    </message>
    <message>
        <source>The server kept your name: %1</source>
        <translation>Le serveur a gardé votre nom : %1</translation>
    </message>
    <message>
        <source>Customers now see you as “%1”.</source>
        <translation>Les clients vous voient désormais sous le nom «&#xa0;%1&#xa0;».</translation>
    </message>
    <message>
        <source>Your password is changed; your other sign-ins ended.</source>
        <translation>Votre mot de passe est changé ; vos autres connexions ont pris fin.</translation>
    </message>
    <message>
        <source>The conversation is back in the queue.</source>
        <translation>La conversation est de retour dans la file d’attente.</translation>
    </message>
    <message>
        <source>The conversation is now %1’s.</source>
        <translation>La conversation est maintenant à %1.</translation>
    </message>
    <message>
        <source>The server kept its auto-assignment: %1</source>
        <translation>Le serveur a gardé son attribution automatique : %1</translation>
    </message>
    <message numerus="yes">
        <source>Waiting conversations now go to available agents, %n at most each.</source>
        <translation>
            <numerusform>Les conversations en attente vont maintenant aux agents disponibles, %n au plus chacun.</numerusform>
            <numerusform>Les conversations en attente vont maintenant aux agents disponibles, %n au plus chacun.</numerusform>
        </translation>
    </message>
    <message>
        <source>Auto-assignment is off: agents take waiting conversations themselves.</source>
        <translation>L’attribution automatique est désactivée : les agents prennent eux-mêmes les conversations en attente.</translation>
    </message>
    <message>
        <source>The canned responses could not be read: %1</source>
        <translation>Les réponses types n’ont pas pu être lues : %1</translation>
    </message>
    <message>
        <source>The server kept its canned response “/%1”: %2</source>
        <translation>Le serveur a gardé sa réponse type «&#xa0;/%1&#xa0;» : %2</translation>
    </message>
    <message>
        <source>The canned response “/%1” of this console was not moved to the server: %2</source>
        <translation>La réponse type «&#xa0;/%1&#xa0;» de cette console n’a pas été transférée sur le serveur : %2</translation>
    </message>
    <message>
        <source>Canned responses of this console now shared on the server: %1.</source>
        <translation>Réponses types de cette console désormais partagées sur le serveur : %1.</translation>
    </message>
    <message>
        <source>The server kept its business hours: %1</source>
        <translation>Le serveur a gardé ses horaires : %1</translation>
    </message>
    <message>
        <source>Business hours saved, in the time zone %1.</source>
        <translation>Horaires enregistrés, dans le fuseau horaire %1.</translation>
    </message>
    <message>
        <source>Business hours are off: the team counts as always there.</source>
        <translation>Les horaires sont désactivés : l’équipe est considérée comme toujours présente.</translation>
    </message>
    <message>
        <source>The e-mail was not queued again: %1</source>
        <translation>L’e-mail n’a pas été remis en file d’attente : %1</translation>
    </message>
    <message>
        <source>The e-mail to %1 is queued again.</source>
        <translation>L’e-mail à %1 est de nouveau en file d’attente.</translation>
    </message>
    <message>
        <source>The server kept its pre-chat form: %1</source>
        <translation>Le serveur a gardé son formulaire avant conversation : %1</translation>
    </message>
    <message>
        <source>Customers now fill in the pre-chat form before their first message.</source>
        <translation>Les clients remplissent désormais le formulaire avant conversation avant leur premier message.</translation>
    </message>
    <message>
        <source>The pre-chat form is off: customers write at once.</source>
        <translation>Le formulaire avant conversation est désactivé : les clients écrivent tout de suite.</translation>
    </message>
    <message>
        <source>The knowledge base could not be read: %1</source>
        <translation>La base de connaissances n’a pas pu être lue : %1</translation>
    </message>
    <message>
        <source>The unanswered questions could not be read: %1</source>
        <translation>Les questions sans réponse n’ont pas pu être lues : %1</translation>
    </message>
</context>
<context>
    <name>frontline::ui::ConversationView</name>
    <message>
        <source>Conversation</source>
        <translation>Conversation</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>Copier</translation>
    </message>
    <message numerus="yes">
        <source>%n new message(s)</source>
        <translation>
            <numerusform>%n nouveau message</numerusform>
            <numerusform>%n nouveaux messages</numerusform>
        </translation>
    </message>
    <message>
        <source>Open</source>
        <translation>Ouvrir</translation>
    </message>
    <message>
        <source>Save as…</source>
        <translation>Enregistrer sous…</translation>
    </message>
    <message>
        <source>Open “%1”</source>
        <extracomment>In a message&apos;s context menu: opens the knowledge base article in the browser</extracomment>
        <translation>Ouvrir «&#xa0;%1&#xa0;»</translation>
    </message>
    <message>
        <source>Translate</source>
        <translation>Traduire</translation>
    </message>
</context>
<context>
    <name>frontline::ui::CustomerPanel</name>
    <message>
        <source>Customer</source>
        <translation>Client</translation>
    </message>
    <message>
        <source>Identity</source>
        <translation>Identité</translation>
    </message>
    <message>
        <source>E-mail</source>
        <translation>E-mail</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Langue</translation>
    </message>
    <message>
        <source>IP address</source>
        <translation>Adresse IP</translation>
    </message>
    <message>
        <source>Browser</source>
        <translation>Navigateur</translation>
    </message>
    <message>
        <source>Started</source>
        <translation>Commencée</translation>
    </message>
    <message>
        <source>Usage</source>
        <translation>Utilisation</translation>
    </message>
    <message>
        <source>Verified user %1</source>
        <translation>Utilisateur vérifié %1</translation>
    </message>
    <message>
        <source>Anonymous</source>
        <translation>Anonyme</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>Chargement…</translation>
    </message>
    <message>
        <source>None recorded</source>
        <translation>Rien d’enregistré</translation>
    </message>
    <message>
        <source>Sessions %1, messages %2, AI replies %3</source>
        <translation>Sessions %1, messages %2, réponses de l’IA %3</translation>
    </message>
    <message numerus="yes">
        <source>Rate-limited %n time(s)</source>
        <translation>
            <numerusform>Limité %n fois</numerusform>
            <numerusform>Limité %n fois</numerusform>
        </translation>
    </message>
    <message>
        <source>AI tokens %1 in, %2 out</source>
        <translation>Jetons d’IA %1 en entrée, %2 en sortie</translation>
    </message>
    <message>
        <source>%1; %2</source>
        <comment>two parts of the usage: rate-limited, then AI tokens</comment>
        <translation>%1 ; %2</translation>
    </message>
    <message>
        <source>Open a conversation to see who the customer is: their identity, language, browser and usage.</source>
        <translation>Ouvrez une conversation pour voir qui est le client : son identité, sa langue, son navigateur et son utilisation.</translation>
    </message>
    <message>
        <source>Earlier conversations</source>
        <translation>Conversations précédentes</translation>
    </message>
    <message>
        <source>Open one to read it; nothing can be sent there</source>
        <translation>Ouvrez-en une pour la lire ; rien ne peut y être envoyé</translation>
    </message>
    <message>
        <source>Labels</source>
        <translation>Étiquettes</translation>
    </message>
    <message>
        <source>(no message from the customer)</source>
        <translation>(aucun message du client)</translation>
    </message>
    <message numerus="yes">
        <source>%1 — %n message(s)</source>
        <translation>
            <numerusform>%1 — %n message</numerusform>
            <numerusform>%1 — %n messages</numerusform>
        </translation>
    </message>
    <message>
        <source>Started %1; %2</source>
        <translation>Commencée le %1 ; %2</translation>
    </message>
    <message>
        <source>None: this is the customer&apos;s first conversation.</source>
        <translation>Aucune : c’est la première conversation de ce client.</translation>
    </message>
    <message>
        <source>Copy the e-mail address</source>
        <translation>Copier l’adresse e-mail</translation>
    </message>
    <message>
        <source>Consented %1</source>
        <translation>Consentement donné le %1</translation>
    </message>
</context>
<context>
    <name>frontline::ui::DesktopNotifications</name>
    <message>
        <source>Open</source>
        <translation>Ouvrir</translation>
    </message>
</context>
<context>
    <name>frontline::ui::DiagnosticsDialog</name>
    <message>
        <source>Diagnostics</source>
        <translation>Diagnostic</translation>
    </message>
    <message>
        <source>Event-loop lag of the console (how late it runs what is due; above 16 ms a frame is missed):</source>
        <translation>Retard de la boucle d’événements de la console (combien elle exécute en retard ce qui est dû ; au-delà de 16 ms une image est manquée) :</translation>
    </message>
    <message>
        <source>p50 %1 ms · p99 %2 ms · max %3 ms</source>
        <translation>p50 %1 ms · p99 %2 ms · max %3 ms</translation>
    </message>
    <message numerus="yes">
        <source>(%Ln sample(s))</source>
        <translation>
            <numerusform>(%Ln mesure)</numerusform>
            <numerusform>(%Ln mesures)</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>frontline::ui::KnowledgeWindow</name>
    <message>
        <source>&amp;New article</source>
        <translation>&amp;Nouvel article</translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation>&amp;Enregistrer</translation>
    </message>
    <message>
        <source>&amp;Delete</source>
        <translation>&amp;Supprimer</translation>
    </message>
    <message>
        <source>&amp;Write an article</source>
        <translation>&amp;Rédiger un article</translation>
    </message>
    <message>
        <source>D&amp;ismiss</source>
        <translation>É&amp;carter</translation>
    </message>
    <message>
        <source>Knowledge base</source>
        <translation>Base de connaissances</translation>
    </message>
    <message>
        <source>Filter articles</source>
        <translation>Filtrer les articles</translation>
    </message>
    <message>
        <source>https://… (optional: where customers can read it)</source>
        <translation>https://… (facultatif : où les clients peuvent le lire)</translation>
    </message>
    <message>
        <source>Any language</source>
        <translation>Toutes les langues</translation>
    </message>
    <message>
        <source>English</source>
        <translation>Anglais</translation>
    </message>
    <message>
        <source>French</source>
        <translation>Français</translation>
    </message>
    <message>
        <source>The article, in Markdown: # headings, lists, **bold**, links…</source>
        <translation>L’article, en Markdown : # titres, listes, **gras**, liens…</translation>
    </message>
    <message>
        <source>Only an administrator can change the knowledge base.</source>
        <translation>Seul un administrateur peut modifier la base de connaissances.</translation>
    </message>
    <message>
        <source>&amp;Title</source>
        <translation>&amp;Titre</translation>
    </message>
    <message>
        <source>&amp;Address</source>
        <translation>&amp;Adresse</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>&amp;Langue</translation>
    </message>
    <message>
        <source>Markdown</source>
        <translation>Markdown</translation>
    </message>
    <message>
        <source>Preview</source>
        <translation>Aperçu</translation>
    </message>
    <message>
        <source>&amp;Articles</source>
        <translation>&amp;Articles</translation>
    </message>
    <message>
        <source>Question</source>
        <translation>Question</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Langue</translation>
    </message>
    <message>
        <source>Asked</source>
        <translation>Posée</translation>
    </message>
    <message>
        <source>Questions customers asked that the knowledge base had no answer to: write an article for them, or dismiss them.</source>
        <translation>Questions de clients auxquelles la base de connaissances n’avait pas de réponse : rédigez un article pour elles, ou écartez-les.</translation>
    </message>
    <message>
        <source>&amp;Unanswered questions</source>
        <translation>Questions sans &amp;réponse</translation>
    </message>
    <message>
        <source>Changed %1</source>
        <translation>Modifié le %1</translation>
    </message>
    <message>
        <source>Changed %1 by %2</source>
        <translation>Modifié le %1 par %2</translation>
    </message>
    <message>
        <source>This article was deleted. Save to add it again.</source>
        <translation>Cet article a été supprimé. Enregistrez pour l’ajouter de nouveau.</translation>
    </message>
    <message>
        <source>No unanswered question: the knowledge base answered every customer so far.</source>
        <translation>Aucune question sans réponse : la base de connaissances a répondu à chaque client jusqu’ici.</translation>
    </message>
    <message>
        <source>The address must start with http:// or https://, or be left empty.</source>
        <translation>L’adresse doit commencer par http:// ou https://, ou rester vide.</translation>
    </message>
    <message>
        <source>The article is too long: at most %1 KiB.</source>
        <translation>L’article est trop long : %1 Kio au plus.</translation>
    </message>
    <message>
        <source>Saving…</source>
        <translation>Enregistrement…</translation>
    </message>
    <message>
        <source>Not saved: %1</source>
        <translation>Non enregistré : %1</translation>
    </message>
    <message>
        <source>Saved.</source>
        <translation>Enregistré.</translation>
    </message>
    <message>
        <source>Delete the article</source>
        <translation>Supprimer l’article</translation>
    </message>
    <message>
        <source>Delete “%1”? The assistant no longer answers from it.</source>
        <translation>Supprimer «&#xa0;%1&#xa0;» ? L’assistant n’y puisera plus ses réponses.</translation>
    </message>
    <message>
        <source>Not deleted: %1</source>
        <translation>Non supprimé : %1</translation>
    </message>
    <message>
        <source>Deleted.</source>
        <translation>Supprimé.</translation>
    </message>
</context>
<context>
    <name>frontline::ui::LabelsPage</name>
    <message>
        <source>Add…</source>
        <translation>Ajouter…</translation>
    </message>
    <message>
        <source>Rename…</source>
        <translation>Renommer…</translation>
    </message>
    <message>
        <source>Colour…</source>
        <translation>Couleur…</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>Supprimer</translation>
    </message>
    <message>
        <source>Labels sort conversations (billing, bug…). Every agent puts them on conversations with Labels (Ctrl+L); only administrators add, rename, recolour or delete them.</source>
        <translation>Les étiquettes classent les conversations (facturation, bogue…). Chaque agent les pose sur les conversations avec Étiquettes (Ctrl+L) ; seuls les administrateurs les ajoutent, renomment, recolorent ou suppriment.</translation>
    </message>
    <message>
        <source>Only administrators add, rename, recolour or delete labels; you put them on conversations with Labels (Ctrl+L).</source>
        <translation>Seuls les administrateurs ajoutent, renomment, recolorent ou suppriment les étiquettes ; vous les posez sur les conversations avec Étiquettes (Ctrl+L).</translation>
    </message>
    <message>
        <source>New label</source>
        <translation>Nouvelle étiquette</translation>
    </message>
    <message>
        <source>Name (letters, digits, spaces, - _ and ., up to 40):</source>
        <translation>Nom (lettres, chiffres, espaces, - _ et ., 40 au plus) :</translation>
    </message>
    <message>
        <source>Colour of %1</source>
        <translation>Couleur de %1</translation>
    </message>
    <message>
        <source>Rename label</source>
        <translation>Renommer l’étiquette</translation>
    </message>
    <message>
        <source>New name of %1:</source>
        <translation>Nouveau nom de %1 :</translation>
    </message>
    <message>
        <source>Delete label</source>
        <translation>Supprimer l’étiquette</translation>
    </message>
    <message>
        <source>Delete the label %1? It is taken off every conversation.</source>
        <translation>Supprimer l’étiquette %1 ? Elle est retirée de toutes les conversations.</translation>
    </message>
</context>
<context>
    <name>frontline::ui::MainWindow</name>
    <message>
        <source>AI: mock</source>
        <translation>IA : simulée</translation>
    </message>
    <message>
        <source>AI: provider OK</source>
        <translation>IA : fournisseur OK</translation>
    </message>
    <message>
        <source>AI: unauthorized — check the API key</source>
        <translation>IA : non autorisée — vérifiez la clé d’API</translation>
    </message>
    <message>
        <source>AI: provider unreachable</source>
        <translation>IA : fournisseur injoignable</translation>
    </message>
    <message>
        <source>AI: provider rate-limited</source>
        <translation>IA : fournisseur limité en débit</translation>
    </message>
    <message>
        <source>AI: %1</source>
        <translation>IA : %1</translation>
    </message>
    <message>
        <source>Frontline</source>
        <translation>Frontline</translation>
    </message>
    <message>
        <source>Starting the chat backend…</source>
        <translation>Démarrage du serveur de chat…</translation>
    </message>
    <message>
        <source>Connecting…</source>
        <translation>Connexion…</translation>
    </message>
    <message>
        <source>Conversation</source>
        <translation>Conversation</translation>
    </message>
    <message>
        <source>&amp;Take over</source>
        <translation>&amp;Prendre la main</translation>
    </message>
    <message>
        <source>&amp;Return to AI</source>
        <translation>&amp;Rendre à l’IA</translation>
    </message>
    <message>
        <source>&amp;Close conversation</source>
        <translation>&amp;Fermer la conversation</translation>
    </message>
    <message>
        <source>&amp;Mock mode</source>
        <translation>&amp;Mode simulé</translation>
    </message>
    <message>
        <source>&amp;Find</source>
        <translation>&amp;Rechercher</translation>
    </message>
    <message>
        <source>Conversations</source>
        <translation>Conversations</translation>
    </message>
    <message>
        <source>Rate limits</source>
        <translation>Limites de débit</translation>
    </message>
    <message>
        <source>&amp;Settings…</source>
        <translation>Ré&amp;glages…</translation>
    </message>
    <message>
        <source>Signing in…</source>
        <translation>Connexion de l’agent…</translation>
    </message>
    <message>
        <source>Send</source>
        <translation>Envoyer</translation>
    </message>
    <message>
        <source>Signed in as %1 (administrator)</source>
        <translation>Connecté en tant que %1 (administrateur)</translation>
    </message>
    <message>
        <source>Signed in as %1</source>
        <translation>Connecté en tant que %1</translation>
    </message>
    <message>
        <source>Not signed in</source>
        <translation>Non connecté</translation>
    </message>
    <message>
        <source>Live</source>
        <translation>En direct</translation>
    </message>
    <message>
        <source>Disconnected (%1) — reconnecting…</source>
        <translation>Déconnecté (%1) — reconnexion…</translation>
    </message>
    <message>
        <source>The reply was not sent: %1</source>
        <translation>La réponse n’a pas été envoyée : %1</translation>
    </message>
    <message numerus="yes">
        <source>Frontline (%n waiting)</source>
        <translation>
            <numerusform>Frontline (%n en attente)</numerusform>
            <numerusform>Frontline (%n en attente)</numerusform>
        </translation>
    </message>
    <message>
        <source>Close conversation</source>
        <translation>Fermer la conversation</translation>
    </message>
    <message>
        <source>Close this conversation? The customer can no longer write in it.</source>
        <translation>Fermer cette conversation ? Le client ne pourra plus y écrire.</translation>
    </message>
    <message>
        <source>Conversations (Ctrl+1)</source>
        <translation>Conversations (Ctrl+1)</translation>
    </message>
    <message>
        <source>Rate limits (Ctrl+2)</source>
        <translation>Limites de débit (Ctrl+2)</translation>
    </message>
    <message>
        <source>Choose a session on the left.</source>
        <translation>Choisissez une session à gauche.</translation>
    </message>
    <message>
        <source>the AI is answering — Take over (Ctrl+T) to reply yourself</source>
        <translation>l’IA répond — Prendre la main (Ctrl+T) pour répondre vous-même</translation>
    </message>
    <message>
        <source>waiting for an agent — Take over (Ctrl+T)</source>
        <translation>attend un agent — Prendre la main (Ctrl+T)</translation>
    </message>
    <message>
        <source>you are answering; the AI is silent</source>
        <translation>vous répondez ; l’IA se tait</translation>
    </message>
    <message>
        <source>%1 is answering</source>
        <translation>%1 répond</translation>
    </message>
    <message>
        <source>closed</source>
        <translation>fermée</translation>
    </message>
    <message>
        <source>Only administrators switch mock mode</source>
        <translation>Seuls les administrateurs changent le mode simulé</translation>
    </message>
    <message>
        <source>Mock mode: the built-in assistant answers instead of the AI provider</source>
        <translation>Mode simulé : l’assistant intégré répond à la place du fournisseur d’IA</translation>
    </message>
    <message>
        <source>No AI provider key is set: mock mode cannot be left</source>
        <translation>Aucune clé de fournisseur d’IA : impossible de quitter le mode simulé</translation>
    </message>
    <message>
        <source>Provider %1, model %2; rate limits %3</source>
        <translation>Fournisseur %1, modèle %2 ; limites de débit %3</translation>
    </message>
    <message>
        <source>Serving on %1</source>
        <translation>Sert sur %1</translation>
    </message>
    <message>
        <source>Backend stopped: %1</source>
        <translation>Serveur arrêté : %1</translation>
    </message>
    <message>
        <source>The new rate limits apply at the next start.</source>
        <translation>Les nouvelles limites de débit s’appliqueront au prochain démarrage.</translation>
    </message>
    <message>
        <source>The system keychain did not store the secret (%1). It was not saved anywhere else; set it in the environment instead.</source>
        <translation>Le trousseau du système n’a pas enregistré le secret (%1). Il n’a été enregistré nulle part ailleurs ; définissez-le plutôt dans l’environnement.</translation>
    </message>
    <message>
        <source>Diagnostics</source>
        <translation>Diagnostic</translation>
    </message>
    <message>
        <source>The new AI provider settings apply at the next start.</source>
        <translation>Les nouveaux réglages du fournisseur d’IA s’appliqueront au prochain démarrage.</translation>
    </message>
    <message>
        <source>Take &amp;next waiting</source>
        <translation>Prendre le &amp;suivant en attente</translation>
    </message>
    <message>
        <source>Next conversation</source>
        <translation>Conversation suivante</translation>
    </message>
    <message>
        <source>Previous conversation</source>
        <translation>Conversation précédente</translation>
    </message>
    <message>
        <source>Command palette</source>
        <translation>Palette de commandes</translation>
    </message>
    <message>
        <source>Switch every conversation to mock mode? Customers get the built-in assistant&apos;s canned answers instead of the AI provider&apos;s, on every node.</source>
        <translation>Passer toutes les conversations en mode simulé ? Les clients recevront les réponses toutes faites de l’assistant intégré au lieu de celles du fournisseur d’IA, sur tous les nœuds.</translation>
    </message>
    <message>
        <source>Leave mock mode? Customers get the AI provider&apos;s answers again, on every node.</source>
        <translation>Quitter le mode simulé ? Les clients recevront de nouveau les réponses du fournisseur d’IA, sur tous les nœuds.</translation>
    </message>
    <message>
        <source>Mock mode</source>
        <translation>Mode simulé</translation>
    </message>
    <message>
        <source>Not signed in: %1</source>
        <translation>Non connecté : %1</translation>
    </message>
    <message>
        <source>Disconnected from the server (%1). Reconnecting by itself; what you miss meanwhile is read again.</source>
        <translation>Déconnecté du serveur (%1). La console se reconnecte d’elle-même ; ce qui arrive entre-temps sera relu.</translation>
    </message>
    <message>
        <source>The AI provider refuses the API key: customers are told an agent will answer. Set a valid key in Settings → AI provider, or switch to mock mode.</source>
        <translation>Le fournisseur d’IA refuse la clé d’API : les clients sont prévenus qu’un agent va répondre. Saisissez une clé valide dans Réglages → Fournisseur d’IA, ou passez en mode simulé.</translation>
    </message>
    <message>
        <source>The AI provider is unreachable: customers are told an agent will answer. Check its URL in Settings → AI provider, or switch to mock mode.</source>
        <translation>Le fournisseur d’IA est injoignable : les clients sont prévenus qu’un agent va répondre. Vérifiez son URL dans Réglages → Fournisseur d’IA, ou passez en mode simulé.</translation>
    </message>
    <message>
        <source>Sign in with a password…</source>
        <translation>Se connecter avec un mot de passe…</translation>
    </message>
    <message>
        <source>Signed in, but the system keychain did not keep the token (%1): you will sign in again next time.</source>
        <translation>Connecté, mais le trousseau du système n’a pas gardé le jeton (%1) : vous vous reconnecterez la prochaine fois.</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <extracomment>A notification&apos;s title and text in the status bar (French puts a space before the colon)</extracomment>
        <translation>%1 : %2</translation>
    </message>
    <message>
        <source>This conversation could not be read: %1
It is read again when you open it again or when the console reconnects.</source>
        <translation>Cette conversation n’a pas pu être lue : %1
Elle est relue quand vous la rouvrez ou quand la console se reconnecte.</translation>
    </message>
    <message>
        <source>Reply</source>
        <translation>Répondre</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>Note</translation>
    </message>
    <message>
        <source>Reply to the customer, or write an internal note only agents see (Ctrl+Shift+N)</source>
        <translation>Répondre au client, ou écrire une note interne que seuls les agents voient (Ctrl+Maj+N)</translation>
    </message>
    <message>
        <source>The note was not saved: %1</source>
        <translation>La note n’a pas été enregistrée : %1</translation>
    </message>
    <message>
        <source>Write an internal note — the customer never sees it</source>
        <translation>Écrivez une note interne — le client ne la voit jamais</translation>
    </message>
    <message>
        <source>Add note</source>
        <translation>Ajouter la note</translation>
    </message>
    <message>
        <source>Trans&amp;fer…</source>
        <translation>Trans&amp;férer…</translation>
    </message>
    <message>
        <source>%1 transferred %2 to you.</source>
        <translation>%1 vous a transféré la conversation avec %2.</translation>
    </message>
    <message>
        <source>%1 was assigned to you.</source>
        <translation>La conversation avec %1 vous a été confiée.</translation>
    </message>
    <message>
        <source>&amp;Labels</source>
        <translation>É&amp;tiquettes</translation>
    </message>
    <message>
        <source>Read only — an earlier conversation of this customer. Nothing can be sent here.</source>
        <translation>Lecture seule — une conversation précédente de ce client. Rien ne peut être envoyé ici.</translation>
    </message>
    <message>
        <source>Back to the conversation</source>
        <translation>Retour à la conversation</translation>
    </message>
    <message>
        <source>An earlier conversation of %1</source>
        <translation>Une conversation précédente de %1</translation>
    </message>
    <message>
        <source>An earlier conversation</source>
        <translation>Une conversation précédente</translation>
    </message>
    <message>
        <source>Labels</source>
        <translation>Étiquettes</translation>
    </message>
    <message>
        <source>No labels yet</source>
        <translation>Aucune étiquette pour l’instant</translation>
    </message>
    <message>
        <source>No labels yet: an administrator adds them in Settings → Labels</source>
        <translation>Aucune étiquette pour l’instant : un administrateur les ajoute dans Réglages → Étiquettes</translation>
    </message>
    <message>
        <source>New label…</source>
        <translation>Nouvelle étiquette…</translation>
    </message>
    <message>
        <source>New label</source>
        <translation>Nouvelle étiquette</translation>
    </message>
    <message>
        <source>Name (letters, digits, spaces, - _ and ., up to 40):</source>
        <translation>Nom (lettres, chiffres, espaces, - _ et ., 40 au plus) :</translation>
    </message>
    <message>
        <source>%1 was not attached: %2</source>
        <extracomment>A file the agent attached was refused or lost; then the server&apos;s words</extracomment>
        <translation>%1 n’a pas été joint : %2</translation>
    </message>
    <message>
        <source>Attach a file…</source>
        <translation>Joindre un fichier…</translation>
    </message>
    <message>
        <source>Attach a file… (%1) — or drop files here, or paste an image</source>
        <translation>Joindre un fichier… (%1) — ou déposez des fichiers ici, ou collez une image</translation>
    </message>
    <message>
        <source>Attachment saved</source>
        <translation>Pièce jointe enregistrée</translation>
    </message>
    <message>
        <source>Attach files</source>
        <translation>Joindre des fichiers</translation>
    </message>
    <message>
        <source>Files can be attached to a reply in a conversation of yours: take it over first.</source>
        <translation>Des fichiers peuvent être joints à une réponse dans une de vos conversations : prenez-la en main d’abord.</translation>
    </message>
    <message>
        <source>The attachments are still uploading: send once they are done.</source>
        <translation>Les pièces jointes sont encore en cours d’envoi : envoyez une fois qu’elles sont prêtes.</translation>
    </message>
    <message>
        <source>An attachment was not uploaded: retry it or remove it, then send.</source>
        <translation>Une pièce jointe n’a pas été envoyée : réessayez-la ou retirez-la, puis envoyez.</translation>
    </message>
    <message>
        <source>&amp;Outbox…</source>
        <translation>&amp;Boîte d’envoi…</translation>
    </message>
    <message numerus="yes">
        <source>%n e-mail(s) failed</source>
        <translation>
            <numerusform>%n e-mail en échec</numerusform>
            <numerusform>%n e-mails en échec</numerusform>
        </translation>
    </message>
    <message>
        <source>Some e-mails did not reach customers: open the outbox to see why and retry</source>
        <translation>Des e-mails ne sont pas parvenus aux clients : ouvrez la boîte d’envoi pour voir pourquoi et réessayer</translation>
    </message>
    <message>
        <source>&amp;Knowledge base…</source>
        <translation>&amp;Base de connaissances…</translation>
    </message>
    <message>
        <source>Suggest a reply</source>
        <translation>Suggérer une réponse</translation>
    </message>
    <message>
        <source>Suggest a reply from the conversation and the knowledge base, in the composer: nothing is sent (%1)</source>
        <translation>Suggérer une réponse à partir de la conversation et de la base de connaissances, dans la zone de saisie : rien n’est envoyé (%1)</translation>
    </message>
    <message>
        <source>Summary</source>
        <translation>Résumé</translation>
    </message>
    <message>
        <source>Hide the summary</source>
        <translation>Masquer le résumé</translation>
    </message>
    <message>
        <source>Asking for a suggested reply…</source>
        <translation>Demande d’une suggestion de réponse…</translation>
    </message>
    <message>
        <source>No suggestion: %1</source>
        <translation>Pas de suggestion : %1</translation>
    </message>
    <message>
        <source>Sources: %1</source>
        <extracomment>Under the composer: the knowledge base articles a suggested reply is from</extracomment>
        <translation>Sources : %1</translation>
    </message>
    <message>
        <source>Suggested reply in the composer: read it, change it, then send it.</source>
        <translation>Réponse suggérée dans la zone de saisie : relisez-la, modifiez-la, puis envoyez-la.</translation>
    </message>
    <message>
        <source>Translating…</source>
        <translation>Traduction…</translation>
    </message>
    <message>
        <source>Not translated: %1</source>
        <translation>Non traduit : %1</translation>
    </message>
    <message>
        <source>Not translated: translating needs an AI provider (mock mode answers without one).</source>
        <translation>Non traduit : la traduction demande un fournisseur d’IA (le mode simulé répond sans).</translation>
    </message>
    <message>
        <source>Translation: %1</source>
        <extracomment>Under a customer&apos;s message: its translation into the agent&apos;s language</extracomment>
        <translation>Traduction : %1</translation>
    </message>
</context>
<context>
    <name>frontline::ui::OutboxDialog</name>
    <message>
        <source>&amp;Retry</source>
        <translation>&amp;Réessayer</translation>
    </message>
    <message>
        <source>Re&amp;fresh</source>
        <translation>Actuali&amp;ser</translation>
    </message>
    <message>
        <source>Outbox</source>
        <translation>Boîte d’envoi</translation>
    </message>
    <message>
        <source>All e-mails</source>
        <translation>Tous les e-mails</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>Échoués</translation>
    </message>
    <message>
        <source>Queued</source>
        <translation>En file d’attente</translation>
    </message>
    <message>
        <source>Sent</source>
        <translation>Envoyés</translation>
    </message>
    <message>
        <source>Show</source>
        <translation>Afficher</translation>
    </message>
    <message>
        <source>Only an administrator can send a failed e-mail again.</source>
        <translation>Seul un administrateur peut renvoyer un e-mail en échec.</translation>
    </message>
    <message>
        <source>Queue the selected failed e-mail again, to be sent now</source>
        <translation>Remettre en file d’attente l’e-mail en échec sélectionné, pour l’envoyer maintenant</translation>
    </message>
    <message>
        <source>This server sends no e-mail: it is older than the outbox, or has not answered yet.</source>
        <translation>Ce serveur n’envoie pas d’e-mail : il est antérieur à la boîte d’envoi, ou n’a pas encore répondu.</translation>
    </message>
    <message>
        <source>No e-mail yet. Replies to customers who left, transcripts and operator copies show here once queued.</source>
        <translation>Aucun e-mail pour l’instant. Les réponses aux clients partis, les transcriptions et les copies à l’opérateur s’affichent ici dès leur mise en file d’attente.</translation>
    </message>
</context>
<context>
    <name>frontline::ui::OutboxModel</name>
    <message>
        <source>Queued</source>
        <translation>En file d’attente</translation>
    </message>
    <message>
        <source>Sending</source>
        <translation>Envoi en cours</translation>
    </message>
    <message>
        <source>Sent</source>
        <translation>Envoyé</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>Échec</translation>
    </message>
    <message>
        <source>Reply</source>
        <translation>Réponse</translation>
    </message>
    <message>
        <source>Transcript</source>
        <translation>Transcription</translation>
    </message>
    <message>
        <source>Operator copy</source>
        <translation>Copie à l’opérateur</translation>
    </message>
    <message>
        <source>Next attempt at %1</source>
        <translation>Prochain essai le %1</translation>
    </message>
    <message>
        <source>State</source>
        <translation>État</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Type</translation>
    </message>
    <message>
        <source>To</source>
        <translation>Destinataire</translation>
    </message>
    <message>
        <source>Subject</source>
        <translation>Objet</translation>
    </message>
    <message>
        <source>Attempts</source>
        <translation>Essais</translation>
    </message>
    <message>
        <source>Last error</source>
        <translation>Dernière erreur</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>Créé</translation>
    </message>
</context>
<context>
    <name>frontline::ui::PasswordDialog</name>
    <message>
        <source>Change password</source>
        <translation>Changer de mot de passe</translation>
    </message>
    <message>
        <source>Empty if you have none yet</source>
        <translation>Vide si vous n’en avez pas encore</translation>
    </message>
    <message>
        <source>Current password</source>
        <translation>Mot de passe actuel</translation>
    </message>
    <message>
        <source>New password</source>
        <translation>Nouveau mot de passe</translation>
    </message>
    <message>
        <source>Repeat the new password</source>
        <translation>Répétez le nouveau mot de passe</translation>
    </message>
    <message>
        <source>The new password and its repetition differ; type it twice the same.</source>
        <translation>Le nouveau mot de passe et sa répétition diffèrent ; tapez deux fois le même.</translation>
    </message>
    <message>
        <source>The new password is too short: use at least 10 characters.</source>
        <translation>Le nouveau mot de passe est trop court : utilisez au moins 10 caractères.</translation>
    </message>
</context>
<context>
    <name>frontline::ui::PendingAttachments</name>
    <message>
        <source>Attachments</source>
        <translation>Pièces jointes</translation>
    </message>
    <message>
        <source>%1 cannot be read: %2</source>
        <translation>%1 ne peut pas être lu : %2</translation>
    </message>
    <message>
        <source>%1 is too large to attach (%2).</source>
        <translation>%1 est trop volumineux pour être joint (%2).</translation>
    </message>
    <message>
        <source>The pasted image could not be read.</source>
        <translation>L’image collée n’a pas pu être lue.</translation>
    </message>
    <message>
        <source>Open a conversation first.</source>
        <translation>Ouvrez d’abord une conversation.</translation>
    </message>
    <message numerus="yes">
        <source>A reply takes at most %n attachment(s).</source>
        <translation>
            <numerusform>Une réponse prend au plus %n pièce jointe.</numerusform>
            <numerusform>Une réponse prend au plus %n pièces jointes.</numerusform>
        </translation>
    </message>
    <message>
        <source>Retry</source>
        <translation>Réessayer</translation>
    </message>
    <message>
        <source>Remove %1</source>
        <translation>Retirer %1</translation>
    </message>
    <message>
        <source>Not connected</source>
        <translation>Non connecté</translation>
    </message>
    <message>
        <source>Uploading %1…</source>
        <translation>Envoi de %1…</translation>
    </message>
    <message>
        <source>Not uploaded</source>
        <translation>Non envoyé</translation>
    </message>
</context>
<context>
    <name>frontline::ui::PreChatPage</name>
    <message>
        <source>Not asked</source>
        <translation>Non demandé</translation>
    </message>
    <message>
        <source>Optional</source>
        <translation>Facultatif</translation>
    </message>
    <message>
        <source>Required</source>
        <translation>Obligatoire</translation>
    </message>
    <message>
        <source>Customers fill in a form before their first message</source>
        <translation>Les clients remplissent un formulaire avant leur premier message</translation>
    </message>
    <message>
        <source>Ask for consent with a checkbox</source>
        <translation>Demander le consentement par une case à cocher</translation>
    </message>
    <message>
        <source>Customers must tick it to start</source>
        <translation>Les clients doivent la cocher pour commencer</translation>
    </message>
    <message>
        <source>e.g. I agree that my messages are kept to answer me, as the privacy policy says.</source>
        <translation>p. ex. J’accepte que mes messages soient conservés pour me répondre, comme le prévoit la politique de confidentialité.</translation>
    </message>
    <message>
        <source>What the chat page asks before the customer&apos;s first message. An e-mail address lets replies reach customers who left.</source>
        <translation>Ce que la page de chat demande avant le premier message du client. Une adresse e-mail permet aux réponses de joindre les clients partis.</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Nom</translation>
    </message>
    <message>
        <source>E-mail</source>
        <translation>E-mail</translation>
    </message>
    <message>
        <source>Consent text</source>
        <translation>Texte du consentement</translation>
    </message>
    <message>
        <source>The text is shown as written, next to the checkbox, in every language: write it in your customers&apos; language.</source>
        <translation>Le texte est affiché tel quel, à côté de la case, dans toutes les langues : écrivez-le dans la langue de vos clients.</translation>
    </message>
    <message>
        <source>Connect to a server to see or change it.</source>
        <translation>Connectez-vous à un serveur pour le voir ou le modifier.</translation>
    </message>
    <message>
        <source>This server has no pre-chat form: it is older than the form.</source>
        <translation>Ce serveur n’a pas de formulaire avant conversation : il est antérieur à ce formulaire.</translation>
    </message>
    <message>
        <source>Only an administrator can change it.</source>
        <translation>Seul un administrateur peut le modifier.</translation>
    </message>
    <message>
        <source>Write the text of the consent customers tick, or do not ask for consent.</source>
        <translation>Écrivez le texte du consentement que les clients cochent, ou ne demandez pas de consentement.</translation>
    </message>
</context>
<context>
    <name>frontline::ui::PresenceButton</name>
    <message>
        <source>Online</source>
        <translation>En ligne</translation>
    </message>
    <message>
        <source>Away</source>
        <translation>Absent</translation>
    </message>
    <message>
        <source>Away (idle)</source>
        <extracomment>The console set the agent away after idle minutes</extracomment>
        <translation>Absent (inactif)</translation>
    </message>
    <message>
        <source>Your presence, as the team sees it: set it here</source>
        <translation>Votre présence, telle que l’équipe la voit : réglez-la ici</translation>
    </message>
</context>
<context>
    <name>frontline::ui::ProblemBanner</name>
    <message>
        <source>Retry</source>
        <translation>Réessayer</translation>
    </message>
    <message>
        <source>Settings…</source>
        <translation>Réglages…</translation>
    </message>
    <message>
        <source>Problem</source>
        <translation>Problème</translation>
    </message>
    <message>
        <source>Sign in…</source>
        <translation>Se connecter…</translation>
    </message>
</context>
<context>
    <name>frontline::ui::RateLimitHitsModel</name>
    <message>
        <source>Time</source>
        <translation>Heure</translation>
    </message>
    <message>
        <source>Route</source>
        <translation>Route</translation>
    </message>
    <message>
        <source>Limited by</source>
        <translation>Limité par</translation>
    </message>
    <message>
        <source>Key</source>
        <translation>Clé</translation>
    </message>
    <message>
        <source>Client IP</source>
        <translation>IP du client</translation>
    </message>
    <message>
        <source>Hits</source>
        <translation>Dépassements</translation>
    </message>
    <message>
        <source>Session %1 — double-click to open the conversation</source>
        <translation>Session %1 — double-cliquez pour ouvrir la conversation</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>Client</translation>
    </message>
</context>
<context>
    <name>frontline::ui::RateLimitsView</name>
    <message>
        <source>&amp;Lift block</source>
        <translation>&amp;Lever le blocage</translation>
    </message>
    <message>
        <source>Rate-limit hits</source>
        <translation>Dépassements de limite</translation>
    </message>
    <message>
        <source>Hits per minute, last hour</source>
        <translation>Dépassements par minute, dernière heure</translation>
    </message>
    <message>
        <source>Most limited keys</source>
        <translation>Clés les plus limitées</translation>
    </message>
    <message>
        <source>Hits</source>
        <translation>Dépassements</translation>
    </message>
    <message>
        <source>Forget what the selected key has used, so it is served again at once</source>
        <translation>Oublie ce que la clé choisie a consommé, pour qu’elle soit servie de nouveau tout de suite</translation>
    </message>
</context>
<context>
    <name>frontline::ui::SessionListModel</name>
    <message>
        <source>AI</source>
        <translation>IA</translation>
    </message>
    <message>
        <source>Waiting</source>
        <translation>En attente</translation>
    </message>
    <message>
        <source>Yours</source>
        <translation>À vous</translation>
    </message>
    <message>
        <source>%1&apos;s</source>
        <translation>À %1</translation>
    </message>
    <message>
        <source>Closed</source>
        <translation>Fermée</translation>
    </message>
    <message>
        <source>Rate-limited at %1</source>
        <translation>Limité à %1</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>Client</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>État</translation>
    </message>
    <message>
        <source>Last message</source>
        <translation>Dernier message</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Heure</translation>
    </message>
    <message>
        <source>Unread</source>
        <translation>Non lus</translation>
    </message>
    <message>
        <source>Waiting since %1</source>
        <translation>Attend depuis le %1</translation>
    </message>
    <message>
        <source>&lt; 1 min</source>
        <translation>&lt; 1 min</translation>
    </message>
    <message numerus="yes">
        <source>%n min</source>
        <translation>
            <numerusform>%n min</numerusform>
            <numerusform>%n min</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 h %2 min</source>
        <translation>%1 h %2 min</translation>
    </message>
    <message>
        <source>asked for a human</source>
        <translation>a demandé un humain</translation>
    </message>
    <message>
        <source>the AI could not answer</source>
        <translation>l’IA n’a pas pu répondre</translation>
    </message>
    <message>
        <source>the AI reached its limits for this customer</source>
        <translation>l’IA a atteint ses limites pour ce client</translation>
    </message>
    <message>
        <source>now</source>
        <translation>à l’instant</translation>
    </message>
    <message>
        <source>Yesterday</source>
        <translation>Hier</translation>
    </message>
    <message>
        <source>waiting for %1</source>
        <translation>attend depuis %1</translation>
    </message>
    <message numerus="yes">
        <source>%n unread</source>
        <translation>
            <numerusform>%n non lu</numerusform>
            <numerusform>%n non lus</numerusform>
        </translation>
    </message>
    <message>
        <source>rate-limited</source>
        <translation>limité</translation>
    </message>
    <message>
        <source>the agent it was assigned to did not answer in time</source>
        <translation>l’agent à qui elle était confiée n’a pas répondu à temps</translation>
    </message>
    <message>
        <source>an agent gave the conversation back to the queue</source>
        <translation>un agent a remis la conversation dans la file d’attente</translation>
    </message>
    <message>
        <source>Customer is typing…</source>
        <translation>Le client est en train d’écrire…</translation>
    </message>
    <message>
        <source>Outside hours</source>
        <translation>Hors horaires</translation>
    </message>
    <message>
        <source>Nobody online</source>
        <translation>Personne en ligne</translation>
    </message>
    <message>
        <source>The customer asked for a human on %1, outside business hours: the AI goes on helping until an agent takes over.</source>
        <translation>Le client a demandé un humain le %1, en dehors des horaires d’ouverture : l’IA continue d’aider jusqu’à ce qu’un agent prenne la main.</translation>
    </message>
    <message>
        <source>The customer asked for a human on %1, when no agent was online: the AI goes on helping until an agent takes over.</source>
        <translation>Le client a demandé un humain le %1, alors qu’aucun agent n’était en ligne : l’IA continue d’aider jusqu’à ce qu’un agent prenne la main.</translation>
    </message>
</context>
<context>
    <name>frontline::ui::SessionListPanel</name>
    <message>
        <source>Waiting</source>
        <translation>En attente</translation>
    </message>
    <message>
        <source>Mine</source>
        <translation>Les miennes</translation>
    </message>
    <message>
        <source>AI</source>
        <translation>IA</translation>
    </message>
    <message>
        <source>Closed</source>
        <translation>Fermées</translation>
    </message>
    <message>
        <source>All</source>
        <translation>Toutes</translation>
    </message>
    <message>
        <source>Session filter</source>
        <translation>Filtre des sessions</translation>
    </message>
    <message>
        <source>Search customers and messages</source>
        <translation>Rechercher clients et messages</translation>
    </message>
    <message>
        <source>Search sessions</source>
        <translation>Rechercher des sessions</translation>
    </message>
    <message>
        <source>Sessions</source>
        <translation>Sessions</translation>
    </message>
    <message>
        <source>Sort sessions</source>
        <translation>Trier les sessions</translation>
    </message>
    <message>
        <source>Latest activity</source>
        <translation>Activité récente</translation>
    </message>
    <message>
        <source>Oldest activity</source>
        <translation>Activité ancienne</translation>
    </message>
    <message>
        <source>Most unread</source>
        <translation>Plus de non lus</translation>
    </message>
    <message>
        <source>Customer name</source>
        <translation>Nom du client</translation>
    </message>
    <message>
        <source>No conversation matches “%1”.</source>
        <translation>Aucune conversation ne correspond à «&#xa0;%1&#xa0;».</translation>
    </message>
    <message>
        <source>Nobody is waiting for an agent.</source>
        <translation>Personne n’attend de conseiller.</translation>
    </message>
    <message>
        <source>No conversation is yours. Take over one, or take the next waiting customer (Ctrl+Shift+T).</source>
        <translation>Aucune conversation n’est à vous. Prenez-en une, ou prenez le prochain client en attente (Ctrl+Maj+T).</translation>
    </message>
    <message>
        <source>The AI is talking with nobody right now.</source>
        <translation>L’IA ne parle avec personne en ce moment.</translation>
    </message>
    <message>
        <source>No closed conversation yet.</source>
        <translation>Aucune conversation fermée pour l’instant.</translation>
    </message>
    <message>
        <source>No conversations yet. They appear here as soon as a customer writes.</source>
        <translation>Pas encore de conversation. Elles apparaissent ici dès qu’un client écrit.</translation>
    </message>
    <message>
        <source>Label filter</source>
        <translation>Filtre par étiquette</translation>
    </message>
    <message>
        <source>Only the conversations with this label (or type label:name in the search)</source>
        <translation>Seulement les conversations portant cette étiquette (ou tapez label:nom dans la recherche)</translation>
    </message>
    <message>
        <source>Any label</source>
        <translation>Toutes les étiquettes</translation>
    </message>
</context>
<context>
    <name>frontline::ui::SettingsDialog</name>
    <message>
        <source>Frontline settings</source>
        <translation>Réglages de Frontline</translation>
    </message>
    <message>
        <source>Connection</source>
        <translation>Connexion</translation>
    </message>
    <message>
        <source>Server</source>
        <translation>Serveur</translation>
    </message>
    <message>
        <source>Database</source>
        <translation>Base de données</translation>
    </message>
    <message>
        <source>AI provider</source>
        <translation>Fournisseur d’IA</translation>
    </message>
    <message>
        <source>Rate limits</source>
        <translation>Limites de débit</translation>
    </message>
    <message>
        <source>Canned responses</source>
        <translation>Réponses types</translation>
    </message>
    <message>
        <source>General</source>
        <translation>Général</translation>
    </message>
    <message>
        <source>Connection works.</source>
        <translation>La connexion fonctionne.</translation>
    </message>
    <message>
        <source>Run the chat server inside this console</source>
        <translation>Faire tourner le serveur de chat dans cette console</translation>
    </message>
    <message>
        <source>Connect to a remote Frontline server</source>
        <translation>Se connecter à un serveur Frontline distant</translation>
    </message>
    <message>
        <source>Unchanged (kept in the system keychain)</source>
        <translation>Inchangé (gardé dans le trousseau du système)</translation>
    </message>
    <message>
        <source>Server URL</source>
        <translation>URL du serveur</translation>
    </message>
    <message>
        <source>Agent token</source>
        <translation>Jeton d’agent</translation>
    </message>
    <message>
        <source>&apos;frontline agent add NAME&apos; on the server prints a token. The token is kept in the system keychain. Takes effect at the next start.</source>
        <translation>«&#xa0;frontline agent add NOM&#xa0;» sur le serveur affiche un jeton. Le jeton est gardé dans le trousseau du système. Prend effet au prochain démarrage.</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>Parcourir…</translation>
    </message>
    <message>
        <source>Choose a file</source>
        <translation>Choisir un fichier</translation>
    </message>
    <message>
        <source>PEM files (*.pem *.crt)</source>
        <translation>Fichiers PEM (*.pem *.crt)</translation>
    </message>
    <message>
        <source>PEM files (*.pem *.key)</source>
        <translation>Fichiers PEM (*.pem *.key)</translation>
    </message>
    <message>
        <source>Listen on</source>
        <translation>Écouter sur</translation>
    </message>
    <message>
        <source>TLS certificate</source>
        <translation>Certificat TLS</translation>
    </message>
    <message>
        <source>TLS private key</source>
        <translation>Clé privée TLS</translation>
    </message>
    <message>
        <source>HOST:PORT; customers&apos; chat page and agents&apos; consoles use this address. Leave both TLS files empty to serve plain HTTP (behind a TLS proxy). Takes effect at the next start.</source>
        <translation>HÔTE:PORT ; la page de chat des clients et les consoles des agents utilisent cette adresse. Laissez les deux fichiers TLS vides pour servir en HTTP simple (derrière un proxy TLS). Prend effet au prochain démarrage.</translation>
    </message>
    <message>
        <source>Default: an SQLite file in %1</source>
        <translation>Par défaut : un fichier SQLite dans %1</translation>
    </message>
    <message>
        <source>&amp;Test connection</source>
        <translation>&amp;Tester la connexion</translation>
    </message>
    <message>
        <source>sqlite:/path/to/frontline.db or postgresql://user@host:5432/dbname. Keep the password out of the URL: put it in ~/.pgpass, or set DATABASE_URL in the environment. Takes effect at the next start.</source>
        <translation>sqlite:/chemin/vers/frontline.db ou postgresql://utilisateur@hôte:5432/base. Gardez le mot de passe hors de l’URL : mettez-le dans ~/.pgpass, ou définissez DATABASE_URL dans l’environnement. Prend effet au prochain démarrage.</translation>
    </message>
    <message>
        <source>Base URL</source>
        <translation>URL de base</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>Modèle</translation>
    </message>
    <message>
        <source>API key</source>
        <translation>Clé d’API</translation>
    </message>
    <message>
        <source>System prompt</source>
        <translation>Consigne système</translation>
    </message>
    <message>
        <source>Limits</source>
        <translation>Limites</translation>
    </message>
    <message>
        <source>ROUTE=COUNT/SECONDS separated by commas, e.g. %1; &quot;off&quot; turns them off. An administrator&apos;s change applies to the connected server at once; the settings file holds them for the next start.</source>
        <translation>ROUTE=NOMBRE/SECONDES séparés par des virgules, par exemple %1 ; «&#xa0;off&#xa0;» les désactive. La modification d’un administrateur s’applique tout de suite au serveur connecté ; le fichier de réglages les garde pour le prochain démarrage.</translation>
    </message>
    <message>
        <source>Shortcut</source>
        <translation>Raccourci</translation>
    </message>
    <message>
        <source>Text</source>
        <translation>Texte</translation>
    </message>
    <message>
        <source>&amp;Add</source>
        <translation>&amp;Ajouter</translation>
    </message>
    <message>
        <source>&amp;Remove</source>
        <translation>&amp;Supprimer</translation>
    </message>
    <message>
        <source> s</source>
        <translation> s</translation>
    </message>
    <message>
        <source>Never</source>
        <translation>Jamais</translation>
    </message>
    <message>
        <source>Follow the system</source>
        <translation>Comme le système</translation>
    </message>
    <message>
        <source>Repeat the waiting notification every</source>
        <translation>Répéter la notification d’attente toutes les</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Langue</translation>
    </message>
    <message>
        <source>The default SQLite file is used; nothing to test.</source>
        <translation>Le fichier SQLite par défaut est utilisé ; rien à tester.</translation>
    </message>
    <message>
        <source>Connecting…</source>
        <translation>Connexion…</translation>
    </message>
    <message>
        <source>Enter the remote server as http(s)://HOST[:PORT].</source>
        <translation>Indiquez le serveur distant sous la forme http(s)://HÔTE[:PORT].</translation>
    </message>
    <message>
        <source>Give both the TLS certificate and its private key, or neither.</source>
        <translation>Indiquez à la fois le certificat TLS et sa clé privée, ou aucun des deux.</translation>
    </message>
    <message>
        <source>Keep the password out of the settings file: put it in ~/.pgpass, or set DATABASE_URL in the environment, and remove it from the URL.</source>
        <translation>Gardez le mot de passe hors du fichier de réglages : mettez-le dans ~/.pgpass, ou définissez DATABASE_URL dans l’environnement, et retirez-le de l’URL.</translation>
    </message>
    <message>
        <source>Enter the provider&apos;s base URL as http(s)://HOST/PATH, e.g. %1.</source>
        <translation>Indiquez l’URL de base du fournisseur sous la forme http(s)://HÔTE/CHEMIN, par exemple %1.</translation>
    </message>
    <message>
        <source>Any OpenAI-compatible provider. The key is stored in the system keychain, never in the settings file; OPENAI_API_KEY in the environment wins. Without a key the built-in mock assistant answers. An administrator&apos;s change of URL, model or prompt applies to the server at once; the key at the next start.</source>
        <translation>Tout fournisseur compatible OpenAI. La clé est gardée dans le trousseau du système, jamais dans le fichier de réglages ; OPENAI_API_KEY dans l’environnement l’emporte. Sans clé, l’assistant simulé intégré répond. Un changement d’URL, de modèle ou de consigne par un administrateur s’applique aussitôt au serveur ; la clé, au prochain démarrage.</translation>
    </message>
    <message>
        <source> min</source>
        <translation> min</translation>
    </message>
    <message>
        <source>A waiting customer&apos;s time turns amber after</source>
        <translation>Le temps d’attente d’un client passe à l’orange après</translation>
    </message>
    <message>
        <source>…and red after</source>
        <translation>… et au rouge après</translation>
    </message>
    <message>
        <source>Play a sound with notifications</source>
        <translation>Jouer un son avec les notifications</translation>
    </message>
    <message>
        <source>As the desktop</source>
        <translation>Comme le bureau</translation>
    </message>
    <message>
        <source>Light</source>
        <translation>Clair</translation>
    </message>
    <message>
        <source>Dark</source>
        <translation>Sombre</translation>
    </message>
    <message>
        <source>Appearance</source>
        <translation>Apparence</translation>
    </message>
    <message>
        <source>Chat page</source>
        <translation>Page de chat</translation>
    </message>
    <message>
        <source>Support</source>
        <translation>Service client</translation>
    </message>
    <message>
        <source>Administrator&apos;s display name</source>
        <translation>Nom affiché de l’administrateur</translation>
    </message>
    <message>
        <source>The name customers see when the administrator answers them. Leave it empty for the default, which each customer reads in their language: “%1” in English, “%2” in French. A name set here is shown as it is, in every conversation at once.</source>
        <translation>Le nom que voient les clients quand l’administrateur leur répond. Laissez-le vide pour le nom par défaut, que chaque client lit dans sa langue : «&#xa0;%1&#xa0;» en anglais, «&#xa0;%2&#xa0;» en français. Un nom saisi ici est montré tel quel, dans toutes les conversations à la fois.</translation>
    </message>
    <message>
        <source>Connect to a server to see or change it.</source>
        <translation>Connectez-vous à un serveur pour le voir ou le changer.</translation>
    </message>
    <message>
        <source>Only an administrator can change it.</source>
        <translation>Seul un administrateur peut le changer.</translation>
    </message>
    <message>
        <source>The administrator&apos;s display name %1</source>
        <translation>Le nom affiché de l’administrateur %1</translation>
    </message>
    <message>
        <source>Account</source>
        <translation>Compte</translation>
    </message>
    <message>
        <source>Change password…</source>
        <translation>Changer de mot de passe…</translation>
    </message>
    <message>
        <source>Your name as customers see it</source>
        <translation>Votre nom tel que les clients le voient</translation>
    </message>
    <message>
        <source>Connect to a server to see or change your account.</source>
        <translation>Connectez-vous à un serveur pour voir ou modifier votre compte.</translation>
    </message>
    <message>
        <source>Connect to a server first.</source>
        <translation>Connectez-vous d’abord à un serveur.</translation>
    </message>
    <message>
        <source>You are the built-in administrator: customers see you under the administrator&apos;s display name, set on the Chat page tab.</source>
        <translation>Vous êtes l’administrateur intégré : les clients vous voient sous le nom affiché de l’administrateur, réglé dans l’onglet Page de chat.</translation>
    </message>
    <message>
        <source>The built-in administrator has no password: it signs in with a token (FRONTLINE_ADMIN_TOKEN, or the console&apos;s own), which the operator changes.</source>
        <translation>L’administrateur intégré n’a pas de mot de passe : il se connecte avec un jeton (FRONTLINE_ADMIN_TOKEN, ou celui de la console), que l’opérateur change.</translation>
    </message>
    <message>
        <source>Signed in as %1. A new name shows at once in every conversation you join and on your next messages.</source>
        <translation>Connecté en tant que %1. Un nouveau nom apparaît aussitôt dans chaque conversation que vous rejoignez et sur vos prochains messages.</translation>
    </message>
    <message>
        <source>Your name %1</source>
        <translation>Votre nom %1</translation>
    </message>
    <message>
        <source>Assignment</source>
        <translation>Attribution</translation>
    </message>
    <message>
        <source>After this long without keyboard or mouse on the computer, you show as away to the team, and as online again when you are back.</source>
        <translation>Après ce délai sans clavier ni souris sur l’ordinateur, vous apparaissez absent à l’équipe, puis de nouveau en ligne à votre retour.</translation>
    </message>
    <message>
        <source>Show me as away after idle</source>
        <translation>M’afficher absent après inactivité</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>Titre</translation>
    </message>
    <message>
        <source>In a reply, type / and the shortcut, then Enter, to insert the text. These variables are filled in then: {customer.name}, {customer.email}, {agent.name}, {agent.username}, {conversation.id}; one without a value is left empty, or gives the text after a bar: {customer.name|there}.</source>
        <translation>Dans une réponse, tapez / et le raccourci, puis Entrée, pour insérer le texte. Ces variables sont alors remplies : {customer.name}, {customer.email}, {agent.name}, {agent.username}, {conversation.id} ; une variable sans valeur reste vide, ou donne le texte qui suit une barre : {customer.name|madame, monsieur}.</translation>
    </message>
    <message>
        <source>Connect to a server to see its canned responses.</source>
        <translation>Connectez-vous à un serveur pour voir ses réponses types.</translation>
    </message>
    <message>
        <source>Only administrators edit the canned responses; every console of this server uses them.</source>
        <translation>Seuls les administrateurs modifient les réponses types ; toutes les consoles de ce serveur les utilisent.</translation>
    </message>
    <message>
        <source>Shared by every console of this server: a change here is everyone&apos;s.</source>
        <translation>Partagées par toutes les consoles de ce serveur : une modification ici vaut pour tout le monde.</translation>
    </message>
    <message>
        <source>Row %1: the shortcut %2</source>
        <translation>Ligne %1 : le raccourci %2</translation>
    </message>
    <message>
        <source>Row %1: another row has the shortcut “/%2”.</source>
        <translation>Ligne %1 : une autre ligne a le raccourci «&#xa0;/%2&#xa0;».</translation>
    </message>
    <message>
        <source>Row %1: the title %2</source>
        <translation>Ligne %1 : le titre %2</translation>
    </message>
    <message>
        <source>Row %1: the text %2</source>
        <translation>Ligne %1 : le texte %2</translation>
    </message>
    <message>
        <source>Business hours</source>
        <translation>Horaires</translation>
    </message>
    <message>
        <source>Pre-chat form</source>
        <translation>Formulaire avant conversation</translation>
    </message>
</context>
<context>
    <name>frontline::ui::SignInDialog</name>
    <message>
        <source>Keep me signed in on this computer (system keychain)</source>
        <translation>Rester connecté sur cet ordinateur (trousseau du système)</translation>
    </message>
    <message>
        <source>Sign in</source>
        <translation>Se connecter</translation>
    </message>
    <message>
        <source>Sign in to %1 with your agent name and password (an administrator sets them with &quot;frontline agent password NAME&quot;).</source>
        <translation>Connectez-vous à %1 avec votre nom d’agent et votre mot de passe (un administrateur les définit avec «&#xa0;frontline agent password NOM&#xa0;»).</translation>
    </message>
    <message>
        <source>Agent</source>
        <translation>Agent</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>Mot de passe</translation>
    </message>
    <message>
        <source>Enter your agent name and your password.</source>
        <translation>Saisissez votre nom d’agent et votre mot de passe.</translation>
    </message>
    <message>
        <source>That agent name and password do not match. Check them, or ask an administrator to set a new password.</source>
        <translation>Ce nom d’agent et ce mot de passe ne correspondent pas. Vérifiez-les, ou demandez à un administrateur de définir un nouveau mot de passe.</translation>
    </message>
    <message>
        <source>Not signed in: %1</source>
        <translation>Non connecté : %1</translation>
    </message>
    <message>
        <source>The server answered without a token: is it a Frontline server?</source>
        <translation>Le serveur a répondu sans jeton : est-ce bien un serveur Frontline ?</translation>
    </message>
</context>
<context>
    <name>frontline::ui::TranscriptDelegate</name>
    <message>
        <source>%1 · the image could not be loaded</source>
        <translation>%1 · l’image n’a pas pu être chargée</translation>
    </message>
</context>
<context>
    <name>frontline::ui::TranscriptModel</name>
    <message>
        <source>Today</source>
        <translation>Aujourd’hui</translation>
    </message>
    <message>
        <source>Yesterday</source>
        <translation>Hier</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>Client</translation>
    </message>
    <message>
        <source>AI assistant</source>
        <translation>Assistant IA</translation>
    </message>
    <message>
        <source>Agent</source>
        <translation>Agent</translation>
    </message>
    <message>
        <source>Agent %1</source>
        <translation>Agent %1</translation>
    </message>
    <message>
        <source>System</source>
        <translation>Système</translation>
    </message>
    <message>
        <source>sanitized</source>
        <translation>nettoyé</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>Note</translation>
    </message>
    <message>
        <source>Note · %1</source>
        <translation>Note · %1</translation>
    </message>
    <message>
        <source>Seen</source>
        <translation>Vu</translation>
    </message>
    <message>
        <source>Sent by e-mail</source>
        <translation>Envoyé par e-mail</translation>
    </message>
    <message>
        <source>E-mail failed</source>
        <translation>Échec de l’e-mail</translation>
    </message>
    <message>
        <source>E-mail failed: %1</source>
        <translation>Échec de l’e-mail : %1</translation>
    </message>
    <message>
        <source>E-mail queued</source>
        <translation>E-mail en file d’attente</translation>
    </message>
    <message>
        <source>E-mailed to %1 at %2</source>
        <translation>Envoyé par e-mail à %1 le %2</translation>
    </message>
    <message>
        <source>The e-mail to %1 failed: %2</source>
        <translation>L’e-mail à %1 a échoué : %2</translation>
    </message>
    <message>
        <source>The e-mail to %1 is queued, retrying: %2</source>
        <translation>L’e-mail à %1 est en file d’attente, nouvel essai : %2</translation>
    </message>
    <message>
        <source>The e-mail to %1 is queued.</source>
        <translation>L’e-mail à %1 est en file d’attente.</translation>
    </message>
    <message>
        <source>Source: %1</source>
        <extracomment>Under an assistant&apos;s answer: the knowledge base&apos;s article it was taken from</extracomment>
        <translation>Source : %1</translation>
    </message>
</context>
<context>
    <name>frontline::ui::TransferDialog</name>
    <message>
        <source>Online</source>
        <translation>En ligne</translation>
    </message>
    <message>
        <source>Away</source>
        <translation>Absent</translation>
    </message>
    <message>
        <source>Offline</source>
        <translation>Hors ligne</translation>
    </message>
    <message>
        <source>Transfer</source>
        <translation>Transférer</translation>
    </message>
    <message>
        <source>Back to the queue</source>
        <translation>Remettre dans la file d’attente</translation>
    </message>
    <message>
        <source>Transfer the conversation</source>
        <translation>Transférer la conversation</translation>
    </message>
    <message>
        <source>Hand the conversation with %1 to:</source>
        <translation>Confier la conversation avec %1 à :</translation>
    </message>
    <message>
        <source>%1 — %2 · open conversations: %3</source>
        <extracomment>An agent in the transfer list: name, presence, how many conversations they have open</extracomment>
        <translation>%1 — %2 · conversations ouvertes : %3</translation>
    </message>
    <message>
        <source>Nobody else is in the team yet. An administrator adds agents with “frontline agent add NAME”; until then the conversation can go back to the queue.</source>
        <translation>Personne d’autre n’est encore dans l’équipe. Un administrateur ajoute des agents avec «&#xa0;frontline agent add NOM&#xa0;» ; d’ici là, la conversation peut retourner dans la file d’attente.</translation>
    </message>
</context>
<context>
    <name>frontline::ui::WaitingBanner</name>
    <message>
        <source>Customer waiting</source>
        <translation>Client en attente</translation>
    </message>
    <message>
        <source>%1 is waiting for an agent.</source>
        <translation>%1 attend un conseiller.</translation>
    </message>
    <message>
        <source>%1 is waiting for an agent: %2.</source>
        <translation>%1 attend un conseiller : %2.</translation>
    </message>
    <message numerus="yes">
        <source>%n customers are waiting in all.</source>
        <translation>
            <numerusform>%n client attend en tout.</numerusform>
            <numerusform>%n clients attendent en tout.</numerusform>
        </translation>
    </message>
    <message>
        <source>Open</source>
        <translation>Ouvrir</translation>
    </message>
    <message>
        <source>Dismiss</source>
        <translation>Fermer</translation>
    </message>
</context>
<context>
    <name>frontline::ui::WaitingNotifier</name>
    <message>
        <source>Frontline: no session is waiting</source>
        <translation>Frontline : aucune session n’attend</translation>
    </message>
    <message>
        <source>Customers are waiting</source>
        <translation>Des clients attendent</translation>
    </message>
    <message numerus="yes">
        <source>%n session(s) still waiting for an agent.</source>
        <translation>
            <numerusform>%n session attend toujours un agent.</numerusform>
            <numerusform>%n sessions attendent toujours un agent.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Frontline: %n session(s) waiting for an agent</source>
        <translation>
            <numerusform>Frontline : %n session attend un agent</numerusform>
            <numerusform>Frontline : %n sessions attendent un agent</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 is waiting for an agent.</source>
        <translation>%1 attend un agent.</translation>
    </message>
    <message numerus="yes">
        <source>%n customer(s) are waiting for an agent.</source>
        <translation>
            <numerusform>%n client attend un agent.</numerusform>
            <numerusform>%n clients attendent un agent.</numerusform>
        </translation>
    </message>
    <message>
        <source>A customer asks for a human</source>
        <translation>Un client demande un humain</translation>
    </message>
    <message>
        <source>%1 is waiting for an agent: %2.</source>
        <translation>%1 attend un agent : %2.</translation>
    </message>
    <message>
        <source>%1 mentioned you in a note</source>
        <translation>%1 vous a mentionné dans une note</translation>
    </message>
    <message>
        <source>In the conversation with %1.</source>
        <translation>Dans la conversation avec %1.</translation>
    </message>
    <message>
        <source>%1 transferred a conversation to you</source>
        <translation>%1 vous a transféré une conversation</translation>
    </message>
    <message>
        <source>%1 is yours now.</source>
        <translation>La conversation avec %1 est à vous maintenant.</translation>
    </message>
    <message>
        <source>A conversation was assigned to you</source>
        <translation>Une conversation vous a été confiée</translation>
    </message>
</context>
<context>
    <name>frontline::ui::WelcomePane</name>
    <message>
        <source>Need help?</source>
        <translation>Besoin d’aide ?</translation>
    </message>
    <message>
        <source>Choose a conversation</source>
        <translation>Choisissez une conversation</translation>
    </message>
    <message>
        <source>No conversations yet</source>
        <translation>Pas encore de conversation</translation>
    </message>
    <message>
        <source>Pick one in the list, or take the customer who has waited longest with Ctrl+Shift+T. Ctrl+K finds any action or customer.</source>
        <translation>Choisissez-en une dans la liste, ou prenez le client qui attend depuis le plus longtemps avec Ctrl+Maj+T. Ctrl+K trouve n’importe quelle action ou client.</translation>
    </message>
    <message>
        <source>As soon as a customer writes, their conversation appears on the left; the AI assistant answers until someone asks for a human.</source>
        <translation>Dès qu’un client écrit, sa conversation apparaît à gauche ; l’assistant IA répond jusqu’à ce que quelqu’un demande un humain.</translation>
    </message>
    <message>
        <source>How customers reach you</source>
        <translation>Comment les clients vous joignent</translation>
    </message>
    <message>
        <source>Chat page address</source>
        <translation>Adresse de la page de chat</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>Copier</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>Ouvrir</translation>
    </message>
    <message>
        <source>This address works on this computer only. For customers, serve Frontline at an address they can reach (--listen, behind your web server&apos;s HTTPS).</source>
        <translation>Cette adresse ne fonctionne que sur cet ordinateur. Pour vos clients, servez Frontline à une adresse qu’ils peuvent joindre (--listen, derrière le HTTPS de votre serveur web).</translation>
    </message>
    <message>
        <source>A chat button on your website</source>
        <translation>Un bouton de chat sur votre site</translation>
    </message>
    <message>
        <source>Website snippet</source>
        <translation>Extrait pour le site</translation>
    </message>
    <message>
        <source>Paste it before &lt;/body&gt;. To open the chat inside your pages, allow your site: start Frontline with --frame-ancestors https://your-site.example (or set FRONTLINE_FRAME_ANCESTORS). Until then the button opens the chat in a new tab.</source>
        <translation>Collez-le avant &lt;/body&gt;. Pour ouvrir le chat dans vos pages, autorisez votre site : lancez Frontline avec --frame-ancestors https://votre-site.example (ou définissez FRONTLINE_FRAME_ANCESTORS). D’ici là, le bouton ouvre le chat dans un nouvel onglet.</translation>
    </message>
    <message>
        <source>Before the first customer</source>
        <translation>Avant le premier client</translation>
    </message>
    <message>
        <source>Choose the name customers see when you answer.</source>
        <translation>Choisissez le nom que voient les clients quand vous répondez.</translation>
    </message>
    <message>
        <source>Customers see you as %1.</source>
        <translation>Les clients vous voient sous le nom %1.</translation>
    </message>
    <message>
        <source>Settings…</source>
        <translation>Réglages…</translation>
    </message>
    <message>
        <source>Add your colleagues as agents, each with this command (it prints their token):</source>
        <translation>Ajoutez vos collègues comme agents, chacun avec cette commande (elle affiche son jeton) :</translation>
    </message>
    <message>
        <source>Copy command</source>
        <translation>Copier la commande</translation>
    </message>
    <message>
        <source>The AI assistant answers with %1.</source>
        <translation>L’assistant IA répond avec %1.</translation>
    </message>
    <message>
        <source>The AI assistant gives sample answers (mock mode). Connect an OpenAI-compatible provider, private or local, in Settings → AI provider.</source>
        <translation>L’assistant IA donne des réponses d’exemple (mode simulé). Connectez un fournisseur compatible OpenAI, privé ou local, dans Réglages → Fournisseur d’IA.</translation>
    </message>
    <message>
        <source>The AI provider does not answer well yet: check it in Settings → AI provider.</source>
        <translation>Le fournisseur d’IA ne répond pas encore correctement : vérifiez-le dans Réglages → Fournisseur d’IA.</translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <source>Use &apos;frontline agent add NAME [--admin] [--display-name NAME]&apos;, &apos;frontline agent list&apos;, &apos;frontline agent remove NAME&apos; or &apos;frontline agent password NAME&apos; (the password on standard input).</source>
        <translation>Utilisez «&#xa0;frontline agent add NOM [--admin] [--display-name NOM]&#xa0;», «&#xa0;frontline agent list&#xa0;», «&#xa0;frontline agent remove NOM&#xa0;» ou «&#xa0;frontline agent password NOM&#xa0;» (le mot de passe sur l’entrée standard).</translation>
    </message>
    <message>
        <source>Cannot create the data folder %1.</source>
        <translation>Impossible de créer le dossier de données %1.</translation>
    </message>
    <message>
        <source>Created administrator &quot;%1&quot; (%2). Its token, shown only this once:</source>
        <translation>Administrateur «&#xa0;%1&#xa0;» (%2) créé. Son jeton, affiché cette seule fois :</translation>
    </message>
    <message>
        <source>Created agent &quot;%1&quot; (%2). Its token, shown only this once:</source>
        <translation>Agent «&#xa0;%1&#xa0;» (%2) créé. Son jeton, affiché cette seule fois :</translation>
    </message>
    <message>
        <source>Set the password of &quot;%1&quot;; it can sign in with POST /api/agent/login.</source>
        <translation>Mot de passe de «&#xa0;%1&#xa0;» défini ; cet agent peut se connecter avec POST /api/agent/login.</translation>
    </message>
    <message>
        <source>No agent is named &quot;%1&quot;; &apos;frontline agent list&apos; shows them.</source>
        <translation>Aucun agent ne s’appelle «&#xa0;%1&#xa0;» ; «&#xa0;frontline agent list&#xa0;» les affiche.</translation>
    </message>
    <message>
        <source>Removed agent &quot;%1&quot;.</source>
        <translation>Agent «&#xa0;%1&#xa0;» supprimé.</translation>
    </message>
    <message>
        <source>Frontline</source>
        <translation>Frontline</translation>
    </message>
    <message>
        <source>No agent token for %1 (%2). Set one in Settings → Connection, or in FRONTLINE_AGENT_TOKEN.</source>
        <translation>Pas de jeton d’agent pour %1 (%2). Indiquez-en un dans Réglages → Connexion, ou dans FRONTLINE_AGENT_TOKEN.</translation>
    </message>
    <message>
        <source>Frontline: a support-agent console with its chat backend built in.
Without --headless it opens the console and serves the chat on the same address.</source>
        <translation>Frontline : une console d’agents de support avec son serveur de chat intégré.
Sans --headless, elle ouvre la console et sert le chat à la même adresse.</translation>
    </message>
    <message>
        <source>Run the server only, without a window.</source>
        <translation>Faire tourner le serveur seul, sans fenêtre.</translation>
    </message>
    <message>
        <source>Address to serve on (env FRONTLINE_LISTEN; default 127.0.0.1:8080). Port 0 picks a free port.</source>
        <translation>Adresse où servir (env FRONTLINE_LISTEN ; par défaut 127.0.0.1:8080). Le port 0 en choisit un libre.</translation>
    </message>
    <message>
        <source>sqlite:PATH or postgresql://user:password@host:port/dbname (env DATABASE_URL; default: frontline.db in the data folder).</source>
        <translation>sqlite:CHEMIN ou postgresql://utilisateur:motdepasse@hôte:port/base (env DATABASE_URL ; par défaut : frontline.db dans le dossier de données).</translation>
    </message>
    <message>
        <source>Folder for Frontline&apos;s data (env FRONTLINE_DATA_DIR; default: %1).</source>
        <translation>Dossier des données de Frontline (env FRONTLINE_DATA_DIR ; par défaut : %1).</translation>
    </message>
    <message>
        <source>Settings file to read instead of the usual one (env FRONTLINE_CONFIG; default: %1).</source>
        <translation>Fichier de réglages à lire au lieu de l’habituel (env FRONTLINE_CONFIG ; par défaut : %1).</translation>
    </message>
    <message>
        <source>Per-route limits, e.g. message=10/60,history=100/60,create-session=20/60, or off (env FRONTLINE_RATE_LIMITS).</source>
        <translation>Limites par route, par exemple message=10/60,history=100/60,create-session=20/60, ou off (env FRONTLINE_RATE_LIMITS).</translation>
    </message>
    <message>
        <source>Proxies whose X-Forwarded-For is believed, e.g. 127.0.0.1,10.0.0.0/8 (env FRONTLINE_TRUSTED_PROXIES; default none).</source>
        <translation>Proxys dont l’en-tête X-Forwarded-For est cru, par exemple 127.0.0.1,10.0.0.0/8 (env FRONTLINE_TRUSTED_PROXIES ; par défaut aucun).</translation>
    </message>
    <message>
        <source>Other origins allowed to call the chat API from a browser, comma-separated (env FRONTLINE_CORS_ORIGINS; default same origin only).</source>
        <translation>Autres origines autorisées à appeler l’API de chat depuis un navigateur, séparées par des virgules (env FRONTLINE_CORS_ORIGINS ; par défaut la même origine seulement).</translation>
    </message>
    <message>
        <source>Sites that may show the chat page in a frame (the widget), comma-separated origins (env FRONTLINE_FRAME_ANCESTORS; default Frontline&apos;s own only).</source>
        <translation>Sites qui peuvent afficher la page de chat dans un cadre (le widget), origines séparées par des virgules (env FRONTLINE_FRAME_ANCESTORS ; par défaut celle de Frontline seulement).</translation>
    </message>
    <message>
        <source>PEM certificate (chain) to serve HTTPS (env FRONTLINE_TLS_CERT).</source>
        <translation>Certificat PEM (chaîne) pour servir en HTTPS (env FRONTLINE_TLS_CERT).</translation>
    </message>
    <message>
        <source>PEM private key for --tls-cert (env FRONTLINE_TLS_KEY).</source>
        <translation>Clé privée PEM pour --tls-cert (env FRONTLINE_TLS_KEY).</translation>
    </message>
    <message>
        <source>Print the effective configuration and where each value comes from, secrets masked, then exit.</source>
        <translation>Afficher la configuration effective et d’où vient chaque valeur, secrets masqués, puis quitter.</translation>
    </message>
    <message>
        <source>With &apos;agent add&apos;: the new agent is an administrator.</source>
        <translation>Avec «&#xa0;agent add&#xa0;» : le nouvel agent est administrateur.</translation>
    </message>
    <message>
        <source>With &apos;agent add&apos;: the name customers see.</source>
        <translation>Avec «&#xa0;agent add&#xa0;» : le nom que voient les clients.</translation>
    </message>
    <message>
        <source>Open the console on a remote Frontline server instead of running one; the agent token comes from FRONTLINE_AGENT_TOKEN or the system keychain.</source>
        <translation>Ouvrir la console sur un serveur Frontline distant au lieu d’en faire tourner un ; le jeton d’agent vient de FRONTLINE_AGENT_TOKEN ou du trousseau du système.</translation>
    </message>
    <message>
        <source>[agent ...]</source>
        <translation>[agent ...]</translation>
    </message>
    <message>
        <source>. Run &apos;frontline --help&apos; for the options.</source>
        <translation>. Lancez «&#xa0;frontline --help&#xa0;» pour les options.</translation>
    </message>
    <message>
        <source>No display found for the console window. Run &apos;frontline --headless&apos; to serve without a window, or set DISPLAY.</source>
        <translation>Aucun écran trouvé pour la fenêtre de la console. Lancez «&#xa0;frontline --headless&#xa0;» pour servir sans fenêtre, ou définissez DISPLAY.</translation>
    </message>
    <message>
        <source>--admin and --display-name go with &apos;frontline agent add NAME&apos;.</source>
        <translation>--admin et --display-name vont avec «&#xa0;frontline agent add NOM&#xa0;».</translation>
    </message>
    <message>
        <source>Unexpected argument &quot;%1&quot;. Run &apos;frontline --help&apos; for the options.</source>
        <translation>Argument inattendu «&#xa0;%1&#xa0;». Lancez «&#xa0;frontline --help&#xa0;» pour les options.</translation>
    </message>
    <message>
        <source>--connect needs the server as http(s)://HOST:PORT, not &quot;%1&quot;.</source>
        <translation>--connect attend le serveur sous la forme http(s)://HÔTE:PORT, pas «&#xa0;%1&#xa0;».</translation>
    </message>
    <message>
        <source>Environment (the command line wins over the environment, the environment
over the settings file; see frontline(1)):</source>
        <translation>Environnement (la ligne de commande l’emporte sur l’environnement, l’environnement
sur le fichier de réglages ; voir frontline(1)) :</translation>
    </message>
    <message>
        <source>file: %1</source>
        <translation>fichier : %1</translation>
    </message>
    <message>
        <source>default: %1</source>
        <translation>par défaut : %1</translation>
    </message>
    <message>
        <source>secret: never in the settings file</source>
        <translation>secret : jamais dans le fichier de réglages</translation>
    </message>
    <message>
        <source>masked by --print-config</source>
        <translation>masqué par --print-config</translation>
    </message>
    <message>
        <source>the agent token for --connect</source>
        <translation>le jeton d’agent pour --connect</translation>
    </message>
    <message>
        <source>&apos;agent add NAME [--admin] [--display-name NAME]&apos;, &apos;agent list&apos;, &apos;agent remove NAME&apos; or &apos;agent password NAME&apos; (the password on standard input): manage the agents of the configured database.</source>
        <translation>«&#xa0;agent add NOM [--admin] [--display-name NOM]&#xa0;», «&#xa0;agent list&#xa0;», «&#xa0;agent remove NOM&#xa0;» ou «&#xa0;agent password NOM&#xa0;» (le mot de passe sur l’entrée standard) : gère les agents de la base de données configurée.</translation>
    </message>
    <message>
        <source>The settings file %1 (from --config) does not exist. Check its name, or leave --config out to use %2.</source>
        <translation>Le fichier de réglages %1 (de --config) n’existe pas. Vérifiez son nom, ou retirez --config pour utiliser %2.</translation>
    </message>
    <message>
        <source>The agent &quot;admin&quot; cannot sign in: that name is reserved for the administrator. Recreate it under another name (&apos;frontline agent remove admin&apos;, then &apos;frontline agent add NAME&apos;).</source>
        <translation>L’agent «&#xa0;admin&#xa0;» ne peut pas se connecter : ce nom est réservé à l’administrateur. Recréez-le sous un autre nom («&#xa0;frontline agent remove admin&#xa0;», puis «&#xa0;frontline agent add NOM&#xa0;»).</translation>
    </message>
    <message>
        <source>Use &apos;frontline kb import DIR&apos; (each DIR/*.md becomes an article, or updates the article of the same title) or &apos;frontline kb export DIR&apos; (one file per article).</source>
        <translation>Utilisez «&#xa0;frontline kb import DOSSIER&#xa0;» (chaque DOSSIER/*.md devient un article, ou met à jour l’article du même titre) ou «&#xa0;frontline kb export DOSSIER&#xa0;» (un fichier par article).</translation>
    </message>
    <message>
        <source>Imported %1: %2 added, %3 updated, %4 unchanged.</source>
        <translation>Import de %1 : %2 ajoutés, %3 mis à jour, %4 inchangés.</translation>
    </message>
    <message>
        <source>Exported %1 articles to %2.</source>
        <translation>%1 articles exportés dans %2.</translation>
    </message>
    <message>
        <source>Load the demo knowledge base (a few articles in English and French) into an empty knowledge base before serving.</source>
        <translation>Charger la base de connaissances de démonstration (quelques articles en anglais et en français) dans une base vide avant de servir.</translation>
    </message>
    <message>
        <source>&apos;kb import DIR&apos; or &apos;kb export DIR&apos;: the knowledge base and a folder of Markdown files (front matter title, url, locale; or the first # heading as title).</source>
        <translation>«&#xa0;kb import DOSSIER&#xa0;» ou «&#xa0;kb export DOSSIER&#xa0;» : la base de connaissances et un dossier de fichiers Markdown (en-tête title, url, locale ; ou le premier titre # comme titre).</translation>
    </message>
    <message>
        <source>[kb ...]</source>
        <translation>[kb ...]</translation>
    </message>
</context>
</TS>

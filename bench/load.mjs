// SPDX-License-Identifier: GPL-3.0-or-later
// The benchmark's own load client, for what wrk cannot do: preparing data through the API,
// event streams (fan-out) and end-to-end latency. Prints one "RESULT {json}" line.
//   node load.mjs prepare URL SESSIONS SENDS_PER_SESSION OUT_FILE
//   node load.mjs prepare-peer URL SESSIONS SENDS_PER_SESSION OUT_FILE   (the seed's stack)
//   node load.mjs e2e URL ADMIN_TOKEN SECONDS RATE [STREAM_URL]
//   node load.mjs fanout URL ADMIN_TOKEN SESSIONS_FILE STREAMS AGENT_STREAMS RATE SECONDS [STREAM_URL]
// With STREAM_URL (another node on the same database), the event streams are opened there
// while the messages are sent to URL.
//   node load.mjs paced URL SESSIONS_FILE poll|send|healthz RATE SECONDS
//   node load.mjs burst URL CONNECTIONS SECONDS   (runs node load.mjs canary URL SECONDS beside it)
import http from 'node:http';
import net from 'node:net';
import { readFileSync, writeFileSync } from 'node:fs';

const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });

function request(method, url, body, headers = {}) {
  return new Promise((resolve, reject) => {
    const data = body === undefined ? undefined : JSON.stringify(body);
    const lengths = data === undefined ? {} : { 'Content-Length': Buffer.byteLength(data) };
    const req = http.request(url, { method, agent, headers: { 'Content-Type': 'application/json', ...lengths, ...headers } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c) => { text += c; });
      res.on('end', () => resolve({ status: res.statusCode, json: text ? JSON.parse(text) : null }));
    });
    req.on('error', reject);
    if (data) req.write(data);
    req.end();
  });
}

// A server-sent-events connection calling onEvent(name, data, receivedAt).
function stream(url, headers, onEvent) {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { headers: { Accept: 'text/event-stream', ...headers }, agent: false }, (res) => {
      if (res.statusCode !== 200) { reject(new Error(`stream ${res.statusCode}`)); return; }
      let buffer = '';
      res.setEncoding('utf8');
      res.on('data', (chunk) => {
        const at = performance.now();
        buffer += chunk;
        let end;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          let name = 'message'; let data = '';
          for (const line of block.split('\n')) {
            if (line.startsWith('event: ')) name = line.slice(7);
            else if (line.startsWith('data: ')) data += line.slice(6);
          }
          if (data) onEvent(name, data, at);
        }
      });
      resolve(req);
    });
    req.on('error', reject);
  });
}

function percentiles(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (p) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)] : 0);
  return { count: sorted.length, p50_ms: at(0.5), p99_ms: at(0.99), p999_ms: at(0.999), max_ms: sorted.at(-1) || 0 };
}

async function inParallel(count, width, task) {
  let next = 0;
  await Promise.all(Array.from({ length: width }, async () => {
    while (next < count) await task(next++);
  }));
}

const [command, url, ...args] = process.argv.slice(2);

if (command === 'prepare') {
  const [sessions, sends, out] = [Number(args[0]), Number(args[1]), args[2]];
  const lines = new Array(sessions);
  await inParallel(sessions, 32, async (i) => {
    const created = await request('POST', `${url}/api/chat/create-session`, { locale: i % 2 ? 'fr' : 'en' });
    const { sessionId, sessionToken } = created.json;
    let lastSeq = 1;
    for (let n = 0; n < sends; n++) {
      const sent = await request('POST', `${url}/api/chat/message`, { sessionId, message: `Question ${n} about my invoice`, clientMessageId: `p-${i}-${n}` },
        { Authorization: `Bearer ${sessionToken}` });
      if (sent.status !== 200) throw new Error(`prepare: ${sent.status} ${JSON.stringify(sent.json)}`);
      lastSeq = (sent.json.reply || sent.json.userMessage).seq;
    }
    lines[i] = `${sessionId} ${sessionToken} ${lastSeq}`;
  });
  writeFileSync(out, lines.join('\n') + '\n');
  console.log(`RESULT ${JSON.stringify({ sessions, messages: sessions * (1 + 2 * sends) })}`);
} else if (command === 'prepare-peer') {
  // The same sessions and sends through the API of the seed's stack (bench/run's peer), which
  // has no session tokens and numbers nothing: each line is "sessionId - <latest message id>",
  // the id its history's after= continues from.
  const [sessions, sends, out] = [Number(args[0]), Number(args[1]), args[2]];
  const lines = new Array(sessions);
  await inParallel(sessions, 32, async (i) => {
    const created = await request('POST', `${url}/api/chat/create-session`, {});
    if (created.status !== 200) throw new Error(`prepare-peer: ${created.status} ${JSON.stringify(created.json)}`);
    const { sessionId } = created.json;
    let latest = created.json.messages.at(-1).id;
    for (let n = 0; n < sends; n++) {
      const sent = await request('POST', `${url}/api/chat/message`, { sessionId, message: `Question ${n} about my invoice` });
      if (sent.status !== 200) throw new Error(`prepare-peer: ${sent.status} ${JSON.stringify(sent.json)}`);
      latest = sent.json.assistantMessage.id;
    }
    lines[i] = `${sessionId} - ${latest}`;
  });
  writeFileSync(out, lines.join('\n') + '\n');
  console.log(`RESULT ${JSON.stringify({ sessions, messages: sessions * (1 + 2 * sends) })}`);
} else if (command === 'e2e') {
  // Customer send acknowledged -> the agent's event stream has it, at light load.
  const [token, seconds, rate, streamUrl] = [args[0], Number(args[1]), Number(args[2]), args[3] || url];
  const waiting = new Map();
  const latencies = [];
  const agentStream = await stream(`${streamUrl}/api/agent/events`, { Authorization: `Bearer ${token}` }, (name, data, at) => {
    if (name !== 'message') return;
    const m = JSON.parse(data);
    const key = m.clientMessageId;
    if (key && waiting.has(key)) { waiting.get(key).seen = at; }
  });
  const created = await request('POST', `${url}/api/chat/create-session`, {});
  const { sessionId, sessionToken } = created.json;
  const total = seconds * rate;
  const acknowledgements = [];
  for (let i = 0; i < total; i++) {
    const id = `e2e-${Date.now()}-${i}`;
    const entry = { seen: null, started: performance.now() };
    waiting.set(id, entry);
    const sent = await request('POST', `${url}/api/chat/message`, { sessionId, message: `ping ${i}`, clientMessageId: id },
      { Authorization: `Bearer ${sessionToken}` });
    acknowledgements.push(performance.now() - entry.started);
    if (sent.status !== 200) throw new Error(`e2e: ${sent.status}`);
    await new Promise((r) => setTimeout(r, 1000 / rate));
  }
  await new Promise((r) => setTimeout(r, 500));
  // From the moment the customer sends to the moment the agent's stream has it (the stream
  // usually has it before the customer's answer arrives).
  for (const entry of waiting.values()) if (entry.seen !== null) latencies.push(entry.seen - entry.started);
  agentStream.destroy();
  const ack = percentiles(acknowledgements);
  console.log(`RESULT ${JSON.stringify({ sent: total, ...percentiles(latencies), ack_p50_ms: ack.p50_ms, ack_p99_ms: ack.p99_ms })}`);
} else if (command === 'fanout') {
  // Many open customer streams and a few agent streams while messages are sent at a rate:
  // delivery latency from the send's acknowledgement to each stream that receives it.
  const [token, sessionsFile, streams, agentStreams, rate, seconds, streamUrl] =
    [args[0], args[1], Number(args[2]), Number(args[3]), Number(args[4]), Number(args[5]), args[6] || url];
  const sessions = readFileSync(sessionsFile, 'utf8').trim().split('\n').map((l) => l.split(' ')).slice(0, streams);
  const run = `f${Date.now()}-`;
  const started_ = new Map();     // clientMessageId -> when its send started
  const acknowledged = new Map(); // clientMessageId -> when its answer came
  const received = [];            // [clientMessageId, time, stream] for every stream that got it
  const onMessage = (streamName, data, at) => {
    const m = JSON.parse(data);
    if (m.clientMessageId && m.clientMessageId.startsWith(run)) received.push([m.clientMessageId, at, streamName]);
  };
  const open = [];
  await inParallel(sessions.length, 50, async (i) => {
    const [id, tok, seq] = sessions[i];
    open.push(await stream(`${streamUrl}/api/chat/events?sessionId=${id}&after=${seq}`, { Authorization: `Bearer ${tok}` }, (name, data, at) => { if (name === 'message') onMessage(`session ${id}`, data, at); }));
  });
  for (let i = 0; i < agentStreams; i++)
    open.push(await stream(`${streamUrl}/api/agent/events`, { Authorization: `Bearer ${token}` }, (name, data, at) => { if (name === 'message') onMessage(`agent ${i}`, data, at); }));
  const sessionOf = new Map();    // clientMessageId -> the session it was sent to
  const total = rate * seconds;
  const started = performance.now();
  let sent = 0; let failed = 0;
  const inflight = [];
  for (let i = 0; i < total; i++) {
    const due = started + (i * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    const [id, tok] = sessions[i % sessions.length];
    const clientMessageId = `${run}${i}`;
    started_.set(clientMessageId, performance.now());
    sessionOf.set(clientMessageId, id);
    inflight.push(request('POST', `${url}/api/chat/message`, { sessionId: id, message: `fan-out ${i}`, clientMessageId },
      { Authorization: `Bearer ${tok}` }).then((r) => {
      const at = performance.now();
      if (r.status !== 200) { failed++; return; }
      sent++;
      acknowledged.set(clientMessageId, at);
    }, () => { failed++; }));
  }
  await Promise.all(inflight);
  const achievedRate = sent / ((performance.now() - started) / 1000);
  await new Promise((r) => setTimeout(r, 1000));
  for (const s of open) s.destroy();
  // Delivery latency from the send (the stream usually has it before the sender's answer),
  // and how late a stream was after the acknowledgement when it was (0 otherwise).
  const fromSend = []; const afterAck = [];
  for (const [id, at] of received) {
    if (started_.has(id)) fromSend.push(at - started_.get(id));
    if (acknowledged.has(id)) afterAck.push(Math.max(0, at - acknowledged.get(id)));
  }
  const late = percentiles(afterAck);
  // Every acknowledged message is due once on its session's stream and once on each agent
  // stream: what none of them got by a second after the last answer is missing, what one got
  // twice a duplicate.
  const got = new Map(); // "stream|clientMessageId" -> times received
  for (const [id, , streamName] of received) got.set(`${streamName}|${id}`, (got.get(`${streamName}|${id}`) || 0) + 1);
  let expected = 0; let missing = 0; let duplicates = 0;
  for (const id of acknowledged.keys()) {
    for (const streamName of [`session ${sessionOf.get(id)}`, ...Array.from({ length: agentStreams }, (_, i) => `agent ${i}`)]) {
      expected++;
      const times = got.get(`${streamName}|${id}`) || 0;
      if (times === 0) missing++;
      else duplicates += times - 1;
    }
  }
  console.log(`RESULT ${JSON.stringify({ streams: sessions.length, agentStreams, sent, failed, achieved_rate: Math.round(achievedRate), deliveries: fromSend.length, expected_deliveries: expected, missing, duplicates, ...percentiles(fromSend), after_ack_p99_ms: late.p99_ms })}`);
} else if (command === 'paced') {
  // Requests at a fixed rate whatever the answers do (wrk cannot hold a rate): the latency of
  // each counts from when it was due, so a stall shows in the figures instead of slowing the
  // load down.
  const [sessionsFile, kind, rate, seconds] = [args[0], args[1], Number(args[2]), Number(args[3])];
  const sessions = readFileSync(sessionsFile, 'utf8').trim().split('\n').map((l) => l.split(' '));
  const run = `r${Date.now()}-`;
  const latencies = []; let failed = 0;
  const inflight = [];
  const total = Math.round(rate * seconds);
  const started = performance.now();
  // Every request that is due goes out at each wake-up: a timer cannot wake up more often
  // than once a millisecond, and the rates here go beyond 1,000/s.
  for (let i = 0; i < total;) {
    const now = performance.now();
    for (; i < total && started + (i * 1000) / rate <= now; i++) {
      const due = started + (i * 1000) / rate;
      const [id, tok, seq] = sessions[(i * 7) % sessions.length];
      const auth = { Authorization: `Bearer ${tok}` };
      // healthz: the cheapest request there is, at the same pace: what the client itself adds.
      const sent = kind === 'send'
        ? request('POST', `${url}/api/chat/message`, { sessionId: id, message: 'How do I reset my password?', clientMessageId: `${run}${i}` }, auth)
        : kind === 'healthz' ? request('GET', `${url}/healthz`)
        : request('GET', `${url}/api/chat/history?sessionId=${id}&after=${seq}`, undefined, auth);
      inflight.push(sent.then((r) => {
        if (r.status !== 200) failed++;
        else if (due - started >= 1000) latencies.push(performance.now() - due); // the first second opens the connections
      }, () => { failed++; }));
    }
    if (i < total) await new Promise((r) => setTimeout(r, Math.max(0, started + (i * 1000) / rate - performance.now())));
  }
  await Promise.all(inflight);
  const achieved = (total - failed) / ((performance.now() - started) / 1000);
  console.log(`RESULT ${JSON.stringify({ offered_rate: Math.round(rate), achieved_rate: Math.round(achieved), failed, ...percentiles(latencies) })}`);
} else if (command === 'canary') {
  // A customer already connected (from 127.0.0.2, so a burst from 127.0.0.1 does not share its
  // address cap) asking /healthz every 5 ms for SECONDS; prints each exchange as [sentAt, ms]
  // (sentAt in Unix milliseconds). Its own process: the burst's client must not delay it.
  const seconds = Number(args[0]);
  const canaryAgent = new http.Agent({ keepAlive: true, maxSockets: 1, localAddress: '127.0.0.2' });
  const samples = []; let failed = 0;
  const started = Date.now();
  while (Date.now() - started < seconds * 1000) {
    const sentAt = Date.now(); const sent = performance.now();
    await new Promise((resolve) => {
      const req = http.get(`${url}/healthz`, { agent: canaryAgent }, (res) => { res.resume(); res.on('end', resolve); });
      req.on('error', () => { failed++; resolve(); });
    });
    samples.push([sentAt, performance.now() - sent]);
    await new Promise((r) => setTimeout(r, 5));
  }
  console.log(`RESULT ${JSON.stringify({ failed, samples })}`);
} else if (command === 'burst') {
  // CONNECTIONS new connections at once from 127.0.0.1 while a connected customer (the
  // canary, another process) asks again and again: how soon the burst is served, and how long
  // the customer waits meanwhile.
  const [connections, seconds] = [Number(args[0]), Number(args[1])];
  const target = new URL(url);
  const { spawn } = await import('node:child_process');
  const canary = spawn(process.execPath, [new URL(import.meta.url).pathname, 'canary', url, String(seconds)], { stdio: ['ignore', 'pipe', 'inherit'] });
  let canaryOut = '';
  canary.stdout.on('data', (chunk) => { canaryOut += chunk; });
  const canaryDone = new Promise((resolve) => canary.on('close', resolve));
  await new Promise((r) => setTimeout(r, 1000));
  const burstStart = Date.now();
  let served = 0; let refused = 0; let failed = 0;
  await Promise.all(Array.from({ length: connections }, () => new Promise((resolve) => {
    const socket = net.connect({ host: target.hostname, port: Number(target.port) });
    let answer = '';
    socket.setTimeout(30000, () => socket.destroy());
    socket.on('connect', () => socket.write(`GET /healthz HTTP/1.1\r\nHost: ${target.host}\r\nConnection: close\r\n\r\n`));
    socket.on('data', (chunk) => { answer += chunk; });
    socket.on('close', () => {
      if (answer.startsWith('HTTP/1.1 200')) served++;
      else if (answer.startsWith('HTTP/1.1 503')) refused++;
      else failed++;
      resolve();
    });
    socket.on('error', () => {});
  })));
  const burstEnd = Date.now();
  await canaryDone;
  const line = canaryOut.split('\n').find((l) => l.startsWith('RESULT '));
  const report = line ? JSON.parse(line.slice(7)) : { failed: -1, samples: [] };
  const during = report.samples.filter(([at, ms]) => at + ms >= burstStart && at <= burstEnd).map(([, ms]) => ms);
  console.log(`RESULT ${JSON.stringify({ connections, served, refused, failed, burst_served_in_ms: burstEnd - burstStart, canary_failed: report.failed, ...percentiles(during) })}`);
} else {
  console.error('usage: node load.mjs prepare|prepare-peer|e2e|fanout|paced|burst|canary ...');
  process.exit(2);
}
process.exit(0);

/**
 * A loopback SMTP sink in its own process (so it does not compete with the sender for the event loop):
 * accepts everything, counts messages, and answers over IPC: `count`, `reset`, `wait` (answers once `n`
 * messages have arrived since the last reset), `stop`.
 */
import { SMTPServer } from 'smtp-server';

let received = 0;
let bytes = 0;
let waiting: { n: number } | null = null;

function answerWaiting() {
  if (waiting && received >= waiting.n) {
    waiting = null;
    process.send?.({ received, bytes });
  }
}

const server = new SMTPServer({
  logger: false,
  authOptional: true,
  disabledCommands: ['STARTTLS'],
  size: 100 * 1024 * 1024,
  onData(stream, _session, callback) {
    stream.on('data', (chunk: Buffer) => {
      bytes += chunk.length;
    });
    stream.on('end', () => {
      received++;
      callback(null, `Ok: queued as S${received}`);
      answerWaiting();
    });
  },
});
server.on('error', () => {});
server.listen(0, '127.0.0.1', () => {
  const address = server.server.address();
  process.send?.({ port: typeof address === 'object' && address ? address.port : 0 });
});
process.on('message', (m: { cmd: string; n?: number }) => {
  if (m.cmd === 'count') process.send?.({ received, bytes });
  if (m.cmd === 'reset') {
    received = 0;
    bytes = 0;
    process.send?.({ received, bytes });
  }
  if (m.cmd === 'wait') {
    waiting = { n: m.n ?? 0 };
    answerWaiting();
  }
  if (m.cmd === 'stop') process.exit(0);
});
// Never outlive the benchmark (a crashed parent included).
process.on('disconnect', () => process.exit(0));

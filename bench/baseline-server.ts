import { createServer } from 'node:http';
import { Server } from 'socket.io';

/*
 * The benchmark's baseline: a bare Socket.IO relay on the same Node, with the same
 * packet size limit and transport. No queue, no validation, no auth, no rate limit:
 * a frame from one socket of a pair goes to the other, and the other's
 * acknowledgement comes back (Socket.IO's own emitWithAck), so the clients do exactly
 * the work they do against Jourchatt.
 */
const httpServer = createServer();
const io = new Server(httpServer, { serveClient: false, maxHttpBufferSize: 16 * 1024 });
const partner = new Map<string, string>();
const waiting = new Map<string, string>();

io.on('connection', (socket) => {
  socket.on('pair', (pairId: string) => {
    const other = waiting.get(pairId);
    if (other) {
      waiting.delete(pairId);
      partner.set(socket.id, other);
      partner.set(other, socket.id);
    } else {
      waiting.set(pairId, socket.id);
    }
  });
  socket.on('msg', (frame: unknown, ack?: (answer: unknown) => void) => {
    const to = partner.get(socket.id);
    if (!to) return;
    io.to(to)
      .timeout(5000)
      .emitWithAck('msg', frame)
      .then(
        (answers: unknown[]) => ack?.(answers[0]),
        () => ack?.({ ok: false }),
      );
  });
  socket.on('disconnect', () => partner.delete(socket.id));
});

httpServer.listen(0, '127.0.0.1', () => {
  const address = httpServer.address();
  process.stdout.write(
    `${JSON.stringify({ port: typeof address === 'object' && address ? address.port : 0 })}\n`,
  );
});
process.on('SIGTERM', () => process.exit(0));

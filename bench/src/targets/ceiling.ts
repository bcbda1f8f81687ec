import { createServer } from 'node:http';
import { gzipSync } from 'node:zlib';

/**
 * (d) The ceiling: a bare node:http server answering every request with a response recorded from
 * a real gateway (`POST /__record` with `{ workload, body }`), chosen by the `x-bench-workload`
 * header, gzip-compressed (compressed once, when recorded) to a client that takes gzip. No GraphQL
 * work at all: no Node gateway on this machine can be faster.
 */
const recorded = new Map<string, { body: Buffer; gzip: Buffer }>();
const empty = Buffer.from('{"data":null}');

const server = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.on('end', () => {
    if (req.url === '/__record') {
      const { workload, body } = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { workload: string; body: string };
      recorded.set(workload, { body: Buffer.from(body), gzip: gzipSync(body) });
      res.writeHead(204).end();
      return;
    }
    const answer = recorded.get(String(req.headers['x-bench-workload']));
    const gzip = answer && /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''));
    const body = gzip ? answer.gzip : (answer?.body ?? empty);
    res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': body.length, ...(gzip ? { 'content-encoding': 'gzip' } : {}) });
    res.end(body);
  });
});
server.listen(Number(process.env.PORT), '127.0.0.1', () => process.stdout.write(`ceiling listening on ${process.env.PORT}\n`));
process.on('SIGTERM', () => server.close(() => process.exit(0)));

import { createServer } from 'node:http';

/**
 * (d) The ceiling: a bare node:http server answering every request with a response recorded from
 * a real gateway (`POST /__record` with `{ workload, body }`), chosen by the `x-bench-workload`
 * header. No GraphQL work at all: no Node gateway on this machine can be faster.
 */
const recorded = new Map<string, Buffer>();
const empty = Buffer.from('{"data":null}');

const server = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.on('end', () => {
    if (req.url === '/__record') {
      const { workload, body } = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { workload: string; body: string };
      recorded.set(workload, Buffer.from(body));
      res.writeHead(204).end();
      return;
    }
    const body = recorded.get(String(req.headers['x-bench-workload'])) ?? empty;
    res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': body.length });
    res.end(body);
  });
});
server.listen(Number(process.env.PORT), '127.0.0.1', () => process.stdout.write(`ceiling listening on ${process.env.PORT}\n`));
process.on('SIGTERM', () => server.close(() => process.exit(0)));

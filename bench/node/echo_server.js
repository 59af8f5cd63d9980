// Node.js `net` echo server for the load harness.
// Usage: node bench/node/echo_server.js --port N   (listens on 127.0.0.1)
'use strict';
const net = require('net');

const i = process.argv.indexOf('--port');
const port = i > 0 ? Number(process.argv[i + 1]) : NaN;
if (!Number.isInteger(port)) {
  console.error('usage: node echo_server.js --port N');
  process.exit(2);
}
const server = net.createServer({ noDelay: true }, (sock) => {
  sock.setNoDelay(true);
  sock.on('data', (chunk) => sock.write(chunk));
  sock.on('error', () => sock.destroy());
});
server.listen({ host: '127.0.0.1', port, backlog: 1024 }, () => {
  console.log(`listening on ${port} (node ${process.version})`);
});

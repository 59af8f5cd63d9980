// Node's http module: the HTTP hello world peer of bench/http (one process, one event loop).
// Usage: node bench/node/http_server.js --port N   (listens on 127.0.0.1)
'use strict';
const http = require('http');

const port = Number(process.argv[process.argv.indexOf('--port') + 1]);
const body = Buffer.from('Hello, World!');
http.createServer((req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/plain', 'Content-Length': body.length });
    res.end(body);
}).listen(port, '127.0.0.1', () => console.log(`listening on ${port} (node http)`));

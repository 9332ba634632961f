// Starts Portkey's gateway (installed by run.sh into bench/.portkey) bound to 127.0.0.1:
// its start-server.js listens on every interface, so listen() is given the loopback host first.
// Usage: node portkey-start.mjs --port=8787 --headless
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const listen = net.Server.prototype.listen;
net.Server.prototype.listen = function (...args) {
  if (typeof args[0] === 'number') {
    const callback = typeof args[args.length - 1] === 'function' ? args[args.length - 1] : undefined;
    return listen.call(this, { port: args[0], host: '127.0.0.1' }, callback);
  }
  if (args[0] && typeof args[0] === 'object' && args[0].port !== undefined) {
    args[0] = { ...args[0], host: '127.0.0.1' };
  }
  return listen.apply(this, args);
};
const here = path.dirname(fileURLToPath(import.meta.url));
await import(pathToFileURL(path.join(here, '.portkey/node_modules/@portkey-ai/gateway/build/start-server.js')).href);

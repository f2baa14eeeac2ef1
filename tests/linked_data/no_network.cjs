// Preloaded into node (NODE_OPTIONS=--require) by the Google Article check: any attempt to open
// a connection or resolve a name fails and is reported on stderr, so "offline" is checked.
"use strict";
const net = require("net");
const dns = require("dns");
const tls = require("tls");

function refuse(what) {
  return function () {
    process.stderr.write(`NETWORK ATTEMPT: ${what}\n`);
    throw new Error(`network access is disabled in this test (${what})`);
  };
}

net.connect = refuse("net.connect");
net.createConnection = refuse("net.createConnection");
net.Socket.prototype.connect = refuse("net.Socket.connect");
tls.connect = refuse("tls.connect");
dns.lookup = refuse("dns.lookup");
dns.resolve = refuse("dns.resolve");
